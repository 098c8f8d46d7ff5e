// Other mini-program platforms for the runtime-agnostic suite: code-to-session requests and every
// response dialect, base URLs of every builder, open data of QQ, Douyin, Kuaishou and WeCom through
// the WeChat decoders, Baidu open data, Alipay phone numbers (RSA2 through the runtime's WebCrypto),
// login-state and rawData signatures. Merged into cases() by js-tests/suite.mjs, run by every runner.
// Vectors: tests/vectors/platforms.json (vectors.platforms), generated with node:crypto by
// scripts/gen-platform-vectors.mjs. Only ECMAScript, WebCrypto and the library here.
//
// cases(lib, vectors) -> Array<{ name: string, fn: () => void | Promise<void> }>

import { assert } from './suite.mjs';

const PLATFORM_API = ['code2SessionRequest', 'parseCode2SessionResponse', 'decryptBaiduOpenData', 'decryptAlipayPhoneNumber'];

function caught(fn) {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw, nothing was thrown');
}

/** Expect the promise to reject with a WxOpenDataError of `code` (and `field`); returns the error. */
async function rejectsCode(promise, code, field) {
  let err;
  try {
    await promise;
  } catch (e) {
    err = e;
  }
  if (err === undefined) throw new Error(`expected a rejection with ${code}, the promise resolved`);
  assert.ok(err instanceof Error, 'rejected with a non-Error');
  assert.equal(err.name, 'WxOpenDataError', `expected WxOpenDataError, got ${err.name}: ${err.message}`);
  assert.equal(err.code, code, `expected code ${code}, got ${err.code}: ${err.message}`);
  if (field !== undefined) assert.equal(err.field, field, `expected field ${field}, got ${err.field}`);
  return err;
}

export function cases(lib, vectors) {
  const list = [];
  const test = (name, fn) => list.push({ name: `platforms: ${name}`, fn });
  const V = vectors.platforms;
  if (!V) throw new Error('vectors.platforms is missing (tests/vectors/platforms.json)');
  const noSecrets = (text, what) => {
    for (const s of V.secrets) assert.ok(!String(text).includes(s), `${what} contains a key`);
  };

  test('every platform API is exported', () => {
    for (const name of PLATFORM_API) assert.equal(typeof lib[name], 'function', `${name} is not exported`);
  });

  for (const v of V.requests) {
    test(`code2SessionRequest: ${v.name}`, () => {
      if (v.expect.url !== undefined) {
        assert.deepEqual(lib.code2SessionRequest(v.input), v.expect);
      } else {
        const e = assert.throwsCode(() => lib.code2SessionRequest(v.input), v.expect.code, v.expect.field);
        assert.ok(!e.message.includes('s3cr'), 'message contains the secret');
      }
    });
  }

  test('code2SessionRequest rejects an unknown platform and non-object input', () => {
    assert.throwsCode(() => lib.code2SessionRequest({ platform: 'alipay', appId: 'a', secret: 's', code: 'c' }), 'ERR_INVALID_ARGUMENT', 'platform');
    assert.throwsCode(() => lib.code2SessionRequest({ platform: 5, appId: 'a', secret: 's', code: 'c' }), 'ERR_INVALID_ARGUMENT', 'platform');
    assert.throwsCode(() => lib.code2SessionRequest('wechat'), 'ERR_INVALID_ARGUMENT', 'input');
  });

  for (const v of V.builders) {
    test(`${v.fn} takes baseUrl: ${v.input.baseUrl}`, () => {
      if (v.expect.code !== undefined) {
        assert.throwsCode(() => lib[v.fn](v.input), v.expect.code, v.expect.field);
      } else {
        assert.deepEqual(lib[v.fn](v.input), v.expect);
      }
    });
  }

  for (const v of V.responses) {
    const bodies = [['text', v.body]];
    try {
      bodies.push(['parsed object', JSON.parse(v.body)]);
    } catch {
      // not JSON: only the text form applies
    }
    for (const [form, body] of bodies) {
      test(`parseCode2SessionResponse ${v.platform} (${form}): ${v.name}`, () => {
        const run = () => lib.parseCode2SessionResponse(body, { platform: v.platform });
        if (v.expect.result !== undefined) {
          assert.deepEqual(run(), v.expect.result);
          return;
        }
        const e = assert.throwsCode(run, v.expect.code, v.expect.field);
        if (v.expect.code === 'ERR_WX_API') {
          assert.equal(e.platform, v.expect.platform);
          assert.equal(e.errcode, v.expect.errcode);
          assert.equal(e.errmsg, v.expect.errmsg);
          assert.equal(e.retryable, v.expect.retryable);
          assert.equal(e.error, v.expect.error);
          assert.ok(typeof e.hint === 'string' && e.hint.length > 10, 'hint is missing');
        }
      });
    }
  }

  test('parseCode2SessionResponse without options is WeChat, and says so on its errors', () => {
    const body = '{"errcode":40029,"errmsg":"invalid code"}';
    const plain = caught(() => lib.parseCode2SessionResponse(body));
    const named = caught(() => lib.parseCode2SessionResponse(body, { platform: 'wechat' }));
    assert.equal(plain.message, named.message);
    assert.equal(plain.platform, 'wechat');
    assert.equal(plain.errcode, 40029);
    assert.ok(plain.message.startsWith('WeChat API error 40029'));
    assert.throwsCode(() => lib.parseCode2SessionResponse(body, { platform: 'WeChat' }), 'ERR_INVALID_ARGUMENT', 'platform');
    assert.throwsCode(() => lib.parseCode2SessionResponse(body, 'qq'), 'ERR_INVALID_ARGUMENT', 'options');
  });

  for (const v of V.openData) {
    test(`${v.fn} of ${v.platform}: ${v.name}`, () => {
      const opts = { now: V.now };
      if (v.expect.plaintext !== undefined) {
        assert.deepEqual(lib[v.fn](v.input, opts), JSON.parse(v.expect.plaintext));
      } else {
        assert.throwsCode(() => lib[v.fn](v.input, opts), v.expect.code, v.expect.field);
      }
    });
  }

  test("signWithSessionKey and verifyRawDataSignature with every platform's session_key text", () => {
    for (const s of V.signatures) {
      assert.equal(lib.signWithSessionKey(s.sessionKey, s.body), s.expect, s.platform);
      assert.equal(lib.signWithSessionKey({ sessionKey: s.sessionKey, body: s.body }), s.expect, s.platform);
    }
    for (const s of V.rawDataSignatures) {
      assert.equal(lib.verifyRawDataSignature(s), true, s.platform);
      assert.equal(lib.verifyRawDataSignature({ ...s, rawData: `${s.rawData} ` }), false, s.platform);
    }
  });

  for (const v of V.baidu) {
    test(`decryptBaiduOpenData: ${v.name}`, () => {
      if (v.expect.plaintext !== undefined) {
        assert.deepEqual(lib.decryptBaiduOpenData(v.input), JSON.parse(v.expect.plaintext));
      } else {
        const e = assert.throwsCode(() => lib.decryptBaiduOpenData(v.input), v.expect.code, v.expect.field);
        noSecrets(e.message, 'message');
        assert.ok(!e.message.includes('k6fSxxQy'), 'message contains decrypted data');
      }
    });
  }

  test('decryptBaiduOpenData: every failure after the cipher has one message (no oracle)', () => {
    const messages = new Set();
    for (const v of V.baidu.filter((x) => x.expect.code === 'ERR_DECRYPT_FAILED')) {
      messages.add(caught(() => lib.decryptBaiduOpenData(v.input)).message);
    }
    assert.equal(messages.size, 1, [...messages].join(' | '));
    assert.throwsCode(() => lib.decryptBaiduOpenData(null), 'ERR_INVALID_ARGUMENT', 'input');
    assert.throwsCode(() => lib.decryptBaiduOpenData({ ...V.baidu[0].input, appKey: undefined }), 'ERR_INVALID_ARGUMENT', 'appKey');
  });

  for (const v of V.alipay) {
    test(`decryptAlipayPhoneNumber: ${v.name}`, async () => {
      const p = lib.decryptAlipayPhoneNumber(v.input);
      assert.ok(p instanceof Promise, 'decryptAlipayPhoneNumber must return a promise');
      if (v.expect.result !== undefined) {
        assert.deepEqual(await p, v.expect.result);
        return;
      }
      const e = await rejectsCode(p, v.expect.code, v.expect.field);
      noSecrets(e.message, 'message');
      assert.ok(!e.message.includes('13800138000') && !e.message.includes('13900139000'), 'message contains the mobile');
      if (v.expect.code === 'ERR_ALIPAY_API') {
        assert.equal(e.platform, 'alipay');
        assert.equal(e.errcode, v.expect.errcode);
        assert.equal(e.errmsg, v.expect.errmsg);
        assert.equal(e.subCode, v.expect.subCode);
        assert.equal(e.subMsg, v.expect.subMsg);
        assert.equal(e.retryable, false);
      }
    });
  }

  test('decryptAlipayPhoneNumber rejects (never throws) on bad arguments', async () => {
    let p;
    try {
      p = lib.decryptAlipayPhoneNumber(null);
    } catch (e) {
      throw new Error(`threw synchronously: ${e && e.message}`);
    }
    await rejectsCode(p, 'ERR_INVALID_ARGUMENT', 'input');
    const v = V.alipay[0];
    await rejectsCode(lib.decryptAlipayPhoneNumber({ ...v.input, alipayPublicKey: undefined }), 'ERR_INVALID_ARGUMENT', 'alipayPublicKey');
    await rejectsCode(lib.decryptAlipayPhoneNumber({ ...v.input, allowUnsigned: 'yes' }), 'ERR_INVALID_ARGUMENT', 'allowUnsigned');
    await rejectsCode(lib.decryptAlipayPhoneNumber({ ...v.input, response: '{"sign":"x"}' }), 'ERR_INVALID_ARGUMENT', 'response');
    // A signature is still checked when one is given, allowUnsigned or not.
    const bad = V.alipay.find((x) => x.name === 'another public key');
    await rejectsCode(lib.decryptAlipayPhoneNumber({ ...bad.input, allowUnsigned: true }), 'ERR_SIGNATURE_MISMATCH', 'sign');
  });

  return list;
}
