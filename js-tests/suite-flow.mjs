// Login-flow cases for the runtime-agnostic suite: typed payload decoders, several session keys,
// WeChat API request builders and response parsers, WXBizDataCrypt, diagnose. Merged into cases()
// by js-tests/suite.mjs, run by every runner. Vectors: tests/vectors/payloads.json
// (vectors.payloads), generated with node:crypto by scripts/gen-payload-vectors.mjs.
// Only ECMAScript and the library here.
//
// cases(lib, vectors) -> Array<{ name: string, fn: () => void | Promise<void> }>

import { assert } from './suite.mjs';

const FLOW_API = [
  'decryptUserInfo', 'decryptPhoneNumber', 'decryptShareInfo', 'decryptGroupEnterInfo', 'decryptWeRunData',
  'decryptOpenDataWithKeys', 'code2SessionUrl', 'parseCode2SessionResponse', 'parsePhoneNumberResponse',
  'phoneNumberRequest', 'accessTokenUrl', 'stableTokenRequest', 'parseAccessTokenResponse', 'checkSessionUrl',
  'encryptedMsgHash', 'checkEncryptedMsgRequest', 'parseWxApiResponse', 'diagnose', 'WXBizDataCrypt',
];

function caught(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw, nothing was thrown');
}

export function cases(lib, vectors) {
  const list = [];
  const test = (name, fn) => list.push({ name: `flow: ${name}`, fn });
  const V = vectors.payloads;
  if (!V) throw new Error('vectors.payloads is missing (tests/vectors/payloads.json)');
  const noSecrets = (text, what) => {
    for (const s of V.secrets) assert.ok(!String(text).includes(s), `${what} contains a session key`);
  };

  test('every login-flow API is exported', () => {
    for (const name of FLOW_API) assert.equal(typeof lib[name], 'function', `${name} is not exported`);
  });

  for (const v of V.typed) {
    if (v.expect.plaintext !== undefined) {
      test(`${v.fn}: ${v.name}`, () => {
        assert.deepEqual(lib[v.fn](v.input, v.options), JSON.parse(v.expect.plaintext));
      });
    } else {
      test(`${v.fn} rejects: ${v.name} -> ${v.expect.code}`, () => {
        const e = assert.throwsCode(() => lib[v.fn](v.input, v.options), v.expect.code, v.expect.field);
        noSecrets(e.message, 'message');
      });
    }
  }

  test('typed decoders fail decryption with the one uniform error of decryptOpenData', () => {
    const messages = new Set();
    for (const v of V.typed.filter((x) => x.expect.code === 'ERR_DECRYPT_FAILED')) {
      messages.add(caught(() => lib[v.fn](v.input, v.options)).message);
      messages.add(caught(() => lib.decryptOpenData(v.input, v.options)).message);
    }
    const k = V.withKeys.find((x) => x.expect.code === 'ERR_DECRYPT_FAILED');
    messages.add(caught(() => lib.decryptOpenDataWithKeys(k.input, k.options)).message);
    assert.equal(messages.size, 1, [...messages].join(' / '));
  });

  test('typed decoders reject options of the wrong type', () => {
    const v = V.typed[0];
    assert.throwsCode(() => lib.decryptShareInfo(v.input, { requireWatermark: 'yes' }), 'ERR_INVALID_ARGUMENT', 'requireWatermark');
    assert.throwsCode(() => lib.decryptUserInfo({ ...v.input, iv: 1 }), 'ERR_INVALID_ARGUMENT', 'iv');
    assert.throwsCode(() => lib.decryptUserInfo(null), 'ERR_INVALID_ARGUMENT', 'input');
  });

  for (const v of V.withKeys) {
    test(`decryptOpenDataWithKeys: ${v.name}`, () => {
      if (v.expect.plaintext !== undefined) {
        const r = lib.decryptOpenDataWithKeys(v.input, v.options);
        assert.equal(r.keyIndex, v.expect.keyIndex);
        assert.deepEqual(r.data, JSON.parse(v.expect.plaintext));
      } else {
        const e = assert.throwsCode(() => lib.decryptOpenDataWithKeys(v.input, v.options), v.expect.code, v.expect.field);
        noSecrets(e.message, 'message');
      }
    });
  }

  test('decryptOpenDataWithKeys rejects a bad kind, a non-array and more than 8 keys', () => {
    const v = V.withKeys[0];
    assert.throwsCode(() => lib.decryptOpenDataWithKeys(v.input, { kind: 'UserInfo' }), 'ERR_INVALID_ARGUMENT', 'kind');
    assert.throwsCode(() => lib.decryptOpenDataWithKeys({ ...v.input, sessionKeys: v.input.sessionKeys[0] }), 'ERR_INVALID_ARGUMENT', 'sessionKeys');
    const nine = Array.from({ length: 9 }, () => v.input.sessionKeys[0]);
    assert.throwsCode(() => lib.decryptOpenDataWithKeys({ ...v.input, sessionKeys: nine }), 'ERR_INVALID_ARGUMENT', 'sessionKeys');
    assert.throwsCode(() => lib.decryptOpenDataWithKeys({ ...v.input, sessionKeys: [v.input.sessionKeys[0], 5] }), 'ERR_INVALID_ARGUMENT', 'sessionKeys');
  });

  for (const v of V.responses) {
    const bodies = [['text', v.body]];
    try {
      bodies.push(['parsed object', JSON.parse(v.body)]);
    } catch {
      // not JSON: only the text form applies
    }
    for (const [form, body] of bodies) {
      test(`${v.fn} (${form}): ${v.name}`, () => {
        const run = () => (v.options ? lib[v.fn](body, v.options) : lib[v.fn](body));
        if (v.expect.result !== undefined) {
          assert.deepEqual(run(), v.expect.result);
        } else if (v.expect.plaintext !== undefined) {
          assert.deepEqual(run(), JSON.parse(v.expect.plaintext));
        } else {
          const e = assert.throwsCode(run, v.expect.code, v.expect.field);
          if (v.expect.code === 'ERR_WX_API') {
            assert.equal(e.errcode, v.expect.errcode);
            assert.equal(e.retryable, v.expect.retryable);
            assert.equal(typeof e.errmsg, 'string');
            assert.ok(typeof e.hint === 'string' && e.hint.length > 10, 'hint is missing');
            assert.ok(e.message.includes(String(v.expect.errcode)), 'message names the errcode');
          }
        }
      });
    }
  }

  test('every errcode listed in docs/protocol.md has its own hint; unknown codes get a generic one', () => {
    const hints = new Map();
    for (const v of V.responses.filter((x) => x.expect.code === 'ERR_WX_API')) {
      const e = caught(() => (v.options ? lib[v.fn](v.body, v.options) : lib[v.fn](v.body)));
      hints.set(e.errcode, e.hint);
    }
    const generic = hints.get(123456);
    assert.ok(/unknown/i.test(generic), `unknown code hint: ${generic}`);
    for (const [code, hint] of hints) if (code !== 123456) assert.ok(hint !== generic, `errcode ${code} has only the generic hint`);
  });

  test('response parsers reject a body of the wrong type and a missing appId', () => {
    assert.throwsCode(() => lib.parseCode2SessionResponse(undefined), 'ERR_INVALID_ARGUMENT', 'body');
    assert.throwsCode(() => lib.parseAccessTokenResponse(42), 'ERR_INVALID_ARGUMENT', 'body');
    assert.throwsCode(() => lib.parsePhoneNumberResponse('{"errcode":0}'), 'ERR_INVALID_ARGUMENT', 'appId');
  });

  for (const v of V.requests) {
    test(`${v.fn}: builds the documented request`, () => {
      assert.deepEqual(lib[v.fn](v.input), v.expect);
    });
  }

  test('request builders require their fields', () => {
    assert.throwsCode(() => lib.code2SessionUrl({ appId: 'wx1', secret: 's' }), 'ERR_INVALID_ARGUMENT', 'code');
    assert.throwsCode(() => lib.code2SessionUrl({ appId: '', secret: 's', code: 'c' }), 'ERR_INVALID_ARGUMENT', 'appId');
    assert.throwsCode(() => lib.accessTokenUrl('wx1'), 'ERR_INVALID_ARGUMENT', 'input');
    assert.throwsCode(() => lib.checkSessionUrl({ accessToken: 't', openId: 'o' }), 'ERR_INVALID_ARGUMENT', 'sessionKey');
    assert.throwsCode(() => lib.encryptedMsgHash(''), 'ERR_INVALID_ARGUMENT', 'encryptedData');
    assert.equal(lib.encryptedMsgHash({ encryptedData: 'abc' }), lib.encryptedMsgHash('abc'));
  });

  for (const v of V.compat) {
    test(`WXBizDataCrypt: ${v.name}`, () => {
      const pc = new lib.WXBizDataCrypt(v.appId, v.sessionKey);
      assert.equal(pc.appId, v.appId);
      if (v.expect.plaintext !== undefined) {
        assert.deepEqual(pc.decryptData(v.encryptedData, v.iv), JSON.parse(v.expect.plaintext));
      } else {
        const e = caught(() => pc.decryptData(v.encryptedData, v.iv));
        assert.ok(e instanceof Error, 'not an Error');
        assert.equal(e.message, 'Illegal Buffer');
        assert.equal(e.name, 'WxOpenDataError');
        assert.equal(e.code, v.expect.code);
        assert.equal(e.errcode, v.expect.errcode);
        assert.ok(typeof e.detail === 'string' && e.detail.length > 0, 'detail is missing');
        noSecrets(e.detail, 'detail');
      }
      pc.free();
    });
  }

  for (const v of V.diagnose) {
    test(`diagnose: ${v.name}`, () => {
      const r = lib.diagnose(v.input, v.options);
      assert.equal(r.ok, v.expect.ok);
      assert.equal(r.code, v.expect.code);
      if (v.expect.field !== undefined) assert.equal(r.field, v.expect.field);
      if (v.expect.kind !== undefined) assert.equal(r.plaintext.kind, v.expect.kind);
      if (v.expect.base64 !== undefined) assert.equal(r.encryptedData.base64, v.expect.base64);
      if (v.expect.repairable !== undefined) assert.equal(r.encryptedData.repairable, v.expect.repairable);
      if (v.expect.causeIncludes !== undefined) {
        assert.ok(r.cause.en.includes(v.expect.causeIncludes), `cause: ${r.cause.en}`);
      }
      assert.ok(typeof r.cause.zh === 'string' && /[\u4e00-\u9fff]/.test(r.cause.zh), 'no Chinese cause');
      assert.ok(Array.isArray(r.checks) && r.checks.length > 0, 'no checks');
      for (const c of r.checks) assert.ok(['pass', 'fail', 'warn', 'skip'].includes(c.status), c.status);
      assert.equal(r.checks.some((c) => c.status === 'fail'), !r.ok, 'a failed check iff not ok');
      const text = JSON.stringify(r);
      noSecrets(text, 'report');
      for (const value of ['oUser1', 'uUnion1', '微信用户']) assert.ok(!text.includes(value), `report leaks ${value}`);
      // The report agrees with the decoder it describes.
      if (v.input.sessionKey !== undefined && v.input.iv !== undefined && v.input.appId !== undefined) {
        let code = null;
        try {
          lib.decryptOpenData(v.input, v.options);
        } catch (e) {
          code = e.code;
        }
        assert.equal(r.code, code, 'diagnose and decryptOpenData disagree');
      }
    });
  }

  test('diagnose: the age is reported without maxAgeSeconds (from `now`, else from the clock, in whole seconds)', () => {
    const official = vectors.openData[0].input;
    const age = (opts) => lib.diagnose(official, opts).checks.find((c) => c.id === 'watermark.age');
    const given = age({ now: 1477314247 });
    assert.equal(given.status, 'skip');
    assert.ok(/^60 seconds old; no maxAgeSeconds given/.test(given.detail), given.detail);
    const clock = age(undefined);
    assert.equal(clock.status, 'skip');
    assert.ok(/^\d+ seconds old; no maxAgeSeconds given/.test(clock.detail), clock.detail);
    assert.ok(/^\d+ seconds old, more than maxAgeSeconds 600/.test(age({ maxAgeSeconds: 600 }).detail), age({ maxAgeSeconds: 600 }).detail);
  });

  return list;
}
