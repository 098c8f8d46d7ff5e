// The runtime-agnostic test suite. It takes the library and the shared vectors as parameters and
// returns named cases; each runtime's runner (Node ESM/CJS, workerd, Deno, Bun, Chromium) executes
// them with its own harness. No runtime-specific API here: only ECMAScript and the library.
//
// cases(lib, vectors, modules) -> Array<{ name: string, fn: () => void | Promise<void> }>
// (modules: each subpath's exports, { main, push, diagnose, testing, client, apiSecurity }; the client and api-security cases need it)

import { cases as pushCases } from './suite-push.mjs';
import { cases as flowCases } from './suite-flow.mjs';
import { cases as sessionCases } from './suite-session.mjs';
import { cases as lifecycleCases } from './suite-lifecycle.mjs';
import { cases as platformCases } from './suite-platforms.mjs';
import { cases as testingCases } from './suite-testing.mjs';
import { cases as clientCases } from './suite-client.mjs';
import { cases as apiSecurityCases } from './suite-api-security.mjs';

export class AssertionError extends Error {
  constructor(message) {
    super(message);
    this.name = 'AssertionError';
  }
}

const show = (v) => {
  try {
    return typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
};

export const assert = {
  ok(value, message = 'expected a truthy value') {
    if (!value) throw new AssertionError(message);
  },
  equal(actual, expected, message) {
    if (!Object.is(actual, expected)) {
      throw new AssertionError(message ?? `expected ${show(expected)}, got ${show(actual)}`);
    }
  },
  deepEqual(actual, expected, path = '$') {
    if (Object.is(actual, expected)) return;
    if (typeof actual !== 'object' || typeof expected !== 'object' || actual === null || expected === null) {
      throw new AssertionError(`${path}: expected ${show(expected)}, got ${show(actual)}`);
    }
    if (Array.isArray(actual) !== Array.isArray(expected)) throw new AssertionError(`${path}: array vs object`);
    if (Object.getPrototypeOf(actual) !== Object.getPrototypeOf(expected)) {
      throw new AssertionError(`${path}: prototypes differ`);
    }
    const ak = Object.keys(actual).sort();
    const ek = Object.keys(expected).sort();
    assert.equal(ak.join('\u0000'), ek.join('\u0000'), `${path}: keys ${show(ak)} != ${show(ek)}`);
    for (const k of ek) assert.deepEqual(actual[k], expected[k], `${path}.${k}`);
  },
  /** Expect fn to throw a WxOpenDataError with the given code (and field when given). */
  throwsCode(fn, code, field) {
    let err;
    try {
      fn();
    } catch (e) {
      err = e;
    }
    if (err === undefined) throw new AssertionError(`expected ${code}, nothing was thrown`);
    if (!(err instanceof Error)) throw new AssertionError(`expected an Error instance, got ${show(err)}`);
    assert.equal(err.name, 'WxOpenDataError', `expected name WxOpenDataError, got ${err.name}: ${err.message}`);
    assert.equal(err.code, code, `expected code ${code}, got ${err.code}: ${err.message}`);
    if (field !== undefined) assert.equal(err.field, field, `expected field ${field}, got ${err.field}`);
    assert.ok(typeof err.message === 'string' && err.message.length > 0, 'error message is empty');
    return err;
  },
};

// `extras.jose`: the `jose` package, where the runner can load it (the session interop cases).
export function cases(lib, vectors, modules, extras = {}) {
  const list = [];
  const test = (name, fn) => list.push({ name, fn });
  if (modules) {
    test('each subpath exports its own concern: wx-open-data has no push or diagnose function, wx-open-data/push no login one', () => {
      const shared = new Set(['MAX_INPUT_LENGTH', 'isWxOpenDataError', 'default', 'module.exports']);
      const own = (m) => Object.keys(m).filter((k) => !shared.has(k));
      const main = own(modules.main);
      const push = own(modules.push);
      assert.ok(main.includes('decryptOpenData') && main.includes('WXBizDataCrypt'), 'main entry lacks the login flow');
      assert.ok(push.includes('openPushRequest') && push.includes('decryptPushMessage'), 'push entry lacks message push');
      for (const k of main) assert.ok(!push.includes(k), `${k} is exported by both wx-open-data and wx-open-data/push`);
      assert.ok(!main.some((k) => /push/i.test(k)), 'wx-open-data exports a push function');
      assert.deepEqual(own(modules.diagnose), ['diagnose']);
      assert.ok(!main.includes('diagnose'), 'wx-open-data exports diagnose');
      assert.deepEqual(own(modules.testing).sort(), ['buildPushRequest', 'buildPushVerifyRequest', 'encryptOpenData']);
      if (modules.client) assert.deepEqual(own(modules.client).sort(), ['createWeChatClient', 'kvTokenStore', 'redisTokenStore']);
      assert.deepEqual(own(modules.apiSecurity).sort(), ['openApiResponse', 'sealApiRequest']);
    });
  }
  const { decryptOpenData, verifyRawDataSignature, signWithSessionKey } = lib;

  test('isWxOpenDataError: true for what the library throws, false for anything else', () => {
    let thrown;
    try {
      decryptOpenData({ appId: 'wx', sessionKey: 'AAAA', encryptedData: 'AAAA', iv: 'AAAA' });
    } catch (e) {
      thrown = e;
    }
    assert.ok(lib.isWxOpenDataError(thrown), 'a thrown library error');
    for (const other of [new Error('x'), new TypeError('x'), { name: 'WxOpenDataError', code: 'ERR_X' }, 'ERR_X', null, undefined]) {
      assert.ok(!lib.isWxOpenDataError(other), `not a library error: ${String(other)}`);
    }
    const fake = new Error('x');
    fake.name = 'WxOpenDataError';
    assert.ok(!lib.isWxOpenDataError(fake), 'an Error without code');
  });

  for (const v of vectors.openData) {
    if (v.expect.plaintext !== undefined) {
      test(`decryptOpenData: ${v.name}`, () => {
        const out = decryptOpenData(v.input, v.options);
        assert.deepEqual(out, JSON.parse(v.expect.plaintext));
      });
    } else {
      test(`decryptOpenData rejects: ${v.name} -> ${v.expect.code}`, () => {
        const err = assert.throwsCode(() => decryptOpenData(v.input, v.options), v.expect.code, v.expect.field);
        // Messages never carry key material.
        const key = v.input && v.input.sessionKey;
        if (typeof key === 'string' && key.length >= 8) {
          assert.ok(!err.message.includes(key), 'message contains the session key');
        }
      });
    }
  }

  test('every decryption failure carries one identical message (no padding oracle)', () => {
    const messages = new Set();
    for (const v of vectors.openData) {
      if (v.expect.code !== 'ERR_DECRYPT_FAILED') continue;
      try {
        decryptOpenData(v.input, v.options);
      } catch (e) {
        messages.add(`${e.code}|${e.field}|${e.message}`);
      }
    }
    assert.equal(messages.size, 1, `distinct decrypt-failure errors: ${[...messages].join(' / ')}`);
    const [m] = messages;
    assert.ok(/session_key/.test(m), 'the decrypt-failure message names the likely cause (session_key)');
  });

  test('successful results are plain objects whose __proto__ key is an own property', () => {
    const v = vectors.openData.find((x) => x.name.startsWith('__proto__'));
    const out = decryptOpenData(v.input, v.options);
    assert.equal(Object.getPrototypeOf(out), Object.prototype);
    assert.ok(Object.prototype.hasOwnProperty.call(out, '__proto__'), '__proto__ is an own property');
    assert.equal(out.__proto__.polluted, true);
    assert.equal({}.polluted, undefined, 'Object.prototype was polluted');
    assert.equal(typeof out.constructor, 'object');
    assert.equal(out.constructor.prototype.polluted, true);
  });

  test('default now is the current time: the 2016 official vector is stale with maxAgeSeconds', () => {
    const v = vectors.openData[0];
    assert.throwsCode(() => decryptOpenData(v.input, { maxAgeSeconds: 600 }), 'ERR_WATERMARK_EXPIRED', 'watermark');
    // Without maxAgeSeconds there is no age check at all.
    assert.deepEqual(decryptOpenData(v.input), JSON.parse(v.expect.plaintext));
    assert.deepEqual(decryptOpenData(v.input, null), JSON.parse(v.expect.plaintext));
  });

  test('non-object inputs and options are ERR_INVALID_ARGUMENT, never a TypeError', () => {
    const v = vectors.openData[0];
    for (const bad of [undefined, null, 1, 'x', true, [], () => 1, Symbol('s'), 10n]) {
      assert.throwsCode(() => decryptOpenData(bad), 'ERR_INVALID_ARGUMENT', 'input');
    }
    for (const bad of [1, 'x', true, []]) {
      assert.throwsCode(() => decryptOpenData(v.input, bad), 'ERR_INVALID_ARGUMENT', 'options');
    }
    assert.throwsCode(() => decryptOpenData({ ...v.input, appId: [v.input.appId, 5] }), 'ERR_INVALID_ARGUMENT', 'appId');
    assert.throwsCode(() => decryptOpenData({ ...v.input, appId: '' }), 'ERR_INVALID_ARGUMENT', 'appId');
    assert.throwsCode(() => decryptOpenData(v.input, { now: Number.NaN }), 'ERR_INVALID_ARGUMENT', 'now');
    assert.throwsCode(() => decryptOpenData(v.input, { repairBase64: 'yes' }), 'ERR_INVALID_ARGUMENT', 'repairBase64');
    assert.throwsCode(() => decryptOpenData(v.input, { openId: 42 }), 'ERR_INVALID_ARGUMENT', 'openId');
    const throwing = { get appId() { throw new Error('boom'); } };
    assert.throwsCode(() => decryptOpenData(throwing), 'ERR_INVALID_ARGUMENT', 'appId');
  });

  test('inputs over MAX_INPUT_LENGTH are ERR_INPUT_TOO_LARGE before decoding', () => {
    const v = vectors.openData[0];
    assert.equal(lib.MAX_INPUT_LENGTH, 1024 * 1024);
    const huge = 'A'.repeat(lib.MAX_INPUT_LENGTH + 4);
    assert.throwsCode(() => decryptOpenData({ ...v.input, encryptedData: huge }), 'ERR_INPUT_TOO_LARGE', 'encryptedData');
    assert.throwsCode(() => decryptOpenData({ ...v.input, sessionKey: huge }), 'ERR_INPUT_TOO_LARGE', 'sessionKey');
    assert.throwsCode(() => decryptOpenData({ ...v.input, iv: huge }), 'ERR_INPUT_TOO_LARGE', 'iv');
    // Just under the limit: decoded, then rejected for what it is.
    const big = 'A'.repeat(lib.MAX_INPUT_LENGTH - (lib.MAX_INPUT_LENGTH % 4));
    assert.throwsCode(() => decryptOpenData({ ...v.input, encryptedData: big }), 'ERR_DECRYPT_FAILED');
  });

  test('base64 errors name the transport damage', () => {
    const v = vectors.openData[0];
    const spaced = assert.throwsCode(
      () => decryptOpenData({ ...v.input, encryptedData: v.input.encryptedData.replaceAll('+', ' ') }),
      'ERR_INVALID_BASE64',
      'encryptedData',
    );
    assert.ok(/space/.test(spaced.message) && /encodeURIComponent|JSON body/.test(spaced.message), spaced.message);
    const twice = assert.throwsCode(
      () => decryptOpenData({ ...v.input, iv: encodeURIComponent(v.input.iv) }),
      'ERR_INVALID_BASE64',
      'iv',
    );
    assert.ok(/twice/.test(twice.message), twice.message);
    const urlsafe = assert.throwsCode(
      () => decryptOpenData({ ...v.input, encryptedData: v.input.encryptedData.replaceAll('+', '-') }),
      'ERR_INVALID_BASE64',
    );
    assert.ok(/URL-safe/.test(urlsafe.message), urlsafe.message);
    const unpadded = assert.throwsCode(() => decryptOpenData({ ...v.input, iv: v.input.iv.slice(0, -2) }), 'ERR_INVALID_BASE64', 'iv');
    assert.ok(/padding/.test(unpadded.message), unpadded.message);
  });

  test('no error message contains the session key or decrypted data', () => {
    for (const v of vectors.openData) {
      if (v.expect.code === undefined) continue;
      try {
        decryptOpenData(v.input, v.options);
      } catch (e) {
        const msg = e.message;
        if (typeof v.input?.sessionKey === 'string' && v.input.sessionKey.length > 4) {
          assert.ok(!msg.includes(v.input.sessionKey), `${v.name}: key in message`);
        }
        for (const secret of ['oGZUI0egBJY1zhBYw2KhdUfwVJJE', 'Guangzhou', 'ocMvos6NjeKLIBqg5Mr9QjxrP1FA', 'wxother']) {
          assert.ok(!msg.includes(secret), `${v.name}: decrypted data in message`);
        }
      }
    }
  });

  test('the instance stays healthy after thousands of failing calls', () => {
    const good = vectors.openData[0];
    const bad = vectors.openData.filter((v) => v.expect.code);
    for (let i = 0; i < 2000; i++) {
      const v = bad[i % bad.length];
      try {
        decryptOpenData(v.input, v.options);
      } catch (e) {
        assert.equal(e.name, 'WxOpenDataError');
      }
    }
    assert.deepEqual(decryptOpenData(good.input, good.options), JSON.parse(good.expect.plaintext));
  });

  for (const s of vectors.signatures.rawData) {
    test('verifyRawDataSignature: official vector, either case, tampering', () => {
      assert.equal(verifyRawDataSignature(s), true);
      assert.equal(verifyRawDataSignature({ ...s, signature: s.signature.toUpperCase() }), true);
      assert.equal(verifyRawDataSignature({ ...s, rawData: s.rawData.replace('Band', 'Bond') }), false);
      assert.equal(verifyRawDataSignature({ ...s, sessionKey: 'tiihtNczf5v6AKRyjwEUhQ==' }), false);
      for (const bad of ['', 'xyz', s.signature.slice(1), `${s.signature}00`, 'g'.repeat(40), 'x'.repeat(100000)]) {
        assert.equal(verifyRawDataSignature({ ...s, signature: bad }), false, `malformed ${bad.slice(0, 10)}`);
      }
      assert.equal(verifyRawDataSignature({ ...s, signature: 12 }), false);
      assert.throwsCode(() => verifyRawDataSignature({ ...s, rawData: undefined }), 'ERR_INVALID_ARGUMENT', 'rawData');
      assert.throwsCode(() => verifyRawDataSignature({ ...s, signature: undefined }), 'ERR_INVALID_ARGUMENT', 'signature');
      assert.throwsCode(() => verifyRawDataSignature({ ...s, sessionKey: 1 }), 'ERR_INVALID_ARGUMENT', 'sessionKey');
      assert.throwsCode(() => verifyRawDataSignature(null), 'ERR_INVALID_ARGUMENT', 'input');
    });
  }

  test('signWithSessionKey: official vectors, both call forms', () => {
    for (const h of vectors.signatures.hmacSha256) {
      assert.equal(signWithSessionKey(h.sessionKey, h.body), h.signature);
      assert.equal(signWithSessionKey({ sessionKey: h.sessionKey, body: h.body }), h.signature);
      if (h.body === '') {
        assert.equal(signWithSessionKey(h.sessionKey), h.signature);
        assert.equal(signWithSessionKey({ sessionKey: h.sessionKey }), h.signature);
      }
    }
    assert.throwsCode(() => signWithSessionKey(), 'ERR_INVALID_ARGUMENT', 'sessionKey');
    assert.throwsCode(() => signWithSessionKey(''), 'ERR_INVALID_ARGUMENT', 'sessionKey');
    assert.throwsCode(() => signWithSessionKey('k', 5), 'ERR_INVALID_ARGUMENT', 'body');
  });

  test('a watermark check failure message never echoes the payload', () => {
    const v = vectors.openData.find((x) => x.name === 'wrong appid');
    const e = assert.throwsCode(() => decryptOpenData(v.input, v.options), 'ERR_APPID_MISMATCH', 'appId');
    assert.ok(!e.message.includes('wx4f4bc4dec97d474b'), 'message echoes the decrypted appid');
  });

  list.push(...pushCases(lib, vectors));
  list.push(...flowCases(lib, vectors));
  list.push(...sessionCases(lib, vectors, extras.jose));
  list.push(...lifecycleCases(lib));
  list.push(...platformCases(lib, vectors));
  if (modules) {
    if (!modules.client) throw new Error('modules.client is missing: the runner must import wx-open-data/client');
    list.push(...clientCases(lib, modules.client));
    list.push(...apiSecurityCases(vectors, modules));
  }
  if (modules?.testing) list.push(...testingCases(lib, modules.testing, vectors));
  return list;
}
