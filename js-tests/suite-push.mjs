// Message push (消息推送, safe mode) cases for the runtime-agnostic suite: merged into cases() by
// js-tests/suite.mjs, run by every runner. Vectors: tests/vectors/push.json (vectors.push), generated
// with node:crypto by scripts/gen-push-vectors.mjs. Only ECMAScript, Web APIs and the library here.
//
// cases(lib, vectors) -> Array<{ name: string, fn: () => void | Promise<void> }>

import { assert } from './suite.mjs';

export function cases(lib, vectors) {
  const list = [];
  const test = (name, fn) => list.push({ name: `push: ${name}`, fn });
  const { verifyPushSignature, decryptPushMessage, encryptPushReply, renderPushReplyXml, openPushRequest } = lib;
  const V = vectors.push;
  if (!V) throw new Error('vectors.push is missing (tests/vectors/push.json)');
  const O = V.official;
  const officialInput = { token: O.token, encodingAESKey: O.encodingAESKey, appId: O.appId, ...O.inbound };
  delete officialInput.message;

  test('every API is exported', () => {
    for (const f of [verifyPushSignature, decryptPushMessage, encryptPushReply, renderPushReplyXml, openPushRequest]) {
      assert.equal(typeof f, 'function');
    }
  });

  for (const v of V.verify) {
    test(`verifyPushSignature: ${v.name} -> ${v.expect}`, () => {
      assert.equal(verifyPushSignature(v.input), v.expect);
    });
  }

  for (const v of V.decrypt) {
    if (v.expect.message !== undefined) {
      test(`decryptPushMessage: ${v.name}`, () => {
        assert.equal(decryptPushMessage(v.input), v.expect.message);
      });
    } else {
      test(`decryptPushMessage rejects: ${v.name} -> ${v.expect.code}`, () => {
        const err = assert.throwsCode(() => decryptPushMessage(v.input), v.expect.code, v.expect.field);
        for (const key of [v.input.encodingAESKey].flat()) {
          if (key.length > 8) assert.ok(!err.message.includes(key), 'message contains the EncodingAESKey');
        }
        assert.ok(!err.message.includes(v.input.token), 'message contains the token');
      });
    }
  }

  for (const v of V.reply) {
    test(`encryptPushReply: ${v.name}`, () => {
      const { xml, ...expect } = v.expect;
      const reply = encryptPushReply(v.input);
      assert.deepEqual(reply, expect);
      assert.equal(typeof reply.TimeStamp, 'number');
      assert.equal(renderPushReplyXml(reply), xml);
      assert.equal(JSON.stringify(reply), JSON.stringify(expect));
    });
  }

  for (const v of V.requests) {
    if (v.expect.kind !== undefined) {
      test(`openPushRequest: ${v.name}`, () => {
        assert.deepEqual(openPushRequest(v.input), v.expect);
      });
    } else {
      test(`openPushRequest rejects: ${v.name} -> ${v.expect.code}`, () => {
        assert.throwsCode(() => openPushRequest(v.input), v.expect.code, v.expect.field);
      });
    }
  }

  test('every failure after decryption carries one identical message (no oracle)', () => {
    const messages = new Set();
    for (const v of V.decrypt) {
      if (v.expect.code !== 'ERR_DECRYPT_FAILED') continue;
      try {
        decryptPushMessage(v.input);
      } catch (e) {
        messages.add(`${e.code}|${e.message}`);
      }
    }
    for (const v of V.requests) {
      if (v.expect.code !== 'ERR_DECRYPT_FAILED') continue;
      try {
        openPushRequest(v.input);
      } catch (e) {
        messages.add(`${e.code}|${e.message}`);
      }
    }
    assert.equal(messages.size, 1, `distinct decrypt-failure errors: ${[...messages].join(' / ')}`);
    assert.ok(/EncodingAESKey/.test([...messages][0]), 'the message names the likely cause');
  });

  test('no error message contains the decrypted message or the token', () => {
    for (const v of [...V.decrypt, ...V.requests]) {
      if (v.expect.code === undefined) continue;
      const fn = v.input.encrypt !== undefined ? decryptPushMessage : openPushRequest;
      try {
        fn(v.input);
      } catch (e) {
        for (const secret of ['o9AgO5Kd5ggOC-bXrbNODIiE3bGY', 'debug_demo', 'oUser_Ab-cd', 'wx1234567890abcdef', 'wxba5fad812f8e6fb9', v.input.token]) {
          assert.ok(!e.message.includes(secret), `${v.name}: ${secret} in the message`);
        }
      }
    }
  });

  const official = V.requests.find((r) => r.name === 'official push, JSON body');
  const officialXml = V.requests.find((r) => r.name === 'official push, XML body with CDATA');

  test('openPushRequest: body as Uint8Array and ArrayBuffer, query as URLSearchParams and a get() object', () => {
    const bytes = new TextEncoder().encode(official.input.body);
    assert.deepEqual(openPushRequest({ ...official.input, body: bytes }), official.expect);
    assert.deepEqual(openPushRequest({ ...official.input, body: bytes.buffer.slice(0) }), official.expect);
    const params = new URLSearchParams(official.input.query);
    assert.deepEqual(openPushRequest({ ...official.input, query: params }), official.expect);
    assert.deepEqual(openPushRequest({ ...official.input, query: `?${params}` }), official.expect);
    const map = new Map(Object.entries(official.input.query));
    assert.deepEqual(openPushRequest({ ...official.input, query: { get: (k) => map.get(k) ?? null } }), official.expect);
    assert.deepEqual(openPushRequest({ ...officialXml.input, body: new TextEncoder().encode(officialXml.input.body) }), officialXml.expect);
  });

  test('openPushRequest: a __proto__ key in a pushed JSON message stays an own property', () => {
    const v = V.requests.find((r) => r.name.includes('__proto__'));
    const out = openPushRequest(v.input);
    assert.equal(Object.getPrototypeOf(out.message), Object.prototype);
    assert.ok(Object.prototype.hasOwnProperty.call(out.message, '__proto__'));
    assert.equal({}.polluted, undefined, 'Object.prototype was polluted');
  });

  test('decryptPushMessage: timestamp and nonce may be numbers', () => {
    const input = { ...officialInput, timestamp: Number(O.inbound.timestamp), nonce: Number(O.inbound.nonce) };
    assert.equal(decryptPushMessage(input), O.inbound.message);
    assert.equal(
      verifyPushSignature({ token: O.token, timestamp: Number(O.urlCheck.timestamp), nonce: Number(O.urlCheck.nonce), signature: O.urlCheck.signature }),
      true,
    );
  });

  test('encryptPushReply: default random (Web Crypto), timestamp and nonce; round trip through decryptPushMessage', () => {
    const cfg = { token: O.token, encodingAESKey: O.encodingAESKey, appId: O.appId };
    const seen = new Set();
    const before = Math.floor(Date.now() / 1000);
    for (let i = 0; i < 20; i++) {
      const reply = encryptPushReply({ ...cfg, message: O.reply.message });
      seen.add(reply.Encrypt);
      assert.ok(/^\d{10}$/.test(reply.Nonce), `nonce ${reply.Nonce}`);
      assert.ok(Number.isInteger(reply.TimeStamp) && reply.TimeStamp >= before && reply.TimeStamp <= before + 5, 'TimeStamp is now');
      const text = decryptPushMessage({ ...cfg, timestamp: reply.TimeStamp, nonce: reply.Nonce, msgSignature: reply.MsgSignature, encrypt: reply.Encrypt });
      assert.equal(text, O.reply.message);
    }
    assert.equal(seen.size, 20, 'the random prefix differs between replies');
  });

  test('encryptPushReply: an object message is JSON.stringify-ed; a key list encrypts with the first key', () => {
    const base = { token: 't', appId: 'wxapp', timestamp: 1, nonce: 'n', random: '0123456789abcdef' };
    const a = encryptPushReply({ ...base, encodingAESKey: O.encodingAESKey, message: { demo_resp: 'good luck', n: 1 } });
    const b = encryptPushReply({ ...base, encodingAESKey: O.encodingAESKey, message: '{"demo_resp":"good luck","n":1}' });
    assert.deepEqual(a, b);
    const c = encryptPushReply({ ...base, encodingAESKey: [O.encodingAESKey, 'B'.repeat(43)], message: '{"demo_resp":"good luck","n":1}' });
    assert.deepEqual(c, b);
  });

  test('argument errors are ERR_INVALID_ARGUMENT with the field, never a TypeError', () => {
    for (const bad of [undefined, null, 1, 'x', [], () => 1]) {
      assert.throwsCode(() => decryptPushMessage(bad), 'ERR_INVALID_ARGUMENT', 'input');
      assert.throwsCode(() => openPushRequest(bad), 'ERR_INVALID_ARGUMENT', 'input');
      assert.throwsCode(() => encryptPushReply(bad), 'ERR_INVALID_ARGUMENT', 'input');
      assert.throwsCode(() => verifyPushSignature(bad), 'ERR_INVALID_ARGUMENT', 'input');
      assert.throwsCode(() => renderPushReplyXml(bad), 'ERR_INVALID_ARGUMENT', 'reply');
    }
    assert.throwsCode(() => decryptPushMessage({ ...officialInput, token: undefined }), 'ERR_INVALID_ARGUMENT', 'token');
    assert.throwsCode(() => decryptPushMessage({ ...officialInput, token: '' }), 'ERR_INVALID_ARGUMENT', 'token');
    assert.throwsCode(() => decryptPushMessage({ ...officialInput, encodingAESKey: undefined }), 'ERR_INVALID_ARGUMENT', 'encodingAESKey');
    assert.throwsCode(() => decryptPushMessage({ ...officialInput, encodingAESKey: [] }), 'ERR_INVALID_ARGUMENT', 'encodingAESKey');
    assert.throwsCode(() => decryptPushMessage({ ...officialInput, encodingAESKey: Array(5).fill(O.encodingAESKey) }), 'ERR_INVALID_ARGUMENT', 'encodingAESKey');
    assert.throwsCode(() => decryptPushMessage({ ...officialInput, encodingAESKey: 43 }), 'ERR_INVALID_ARGUMENT', 'encodingAESKey');
    assert.throwsCode(() => decryptPushMessage({ ...officialInput, appId: undefined }), 'ERR_INVALID_ARGUMENT', 'appId');
    assert.throwsCode(() => decryptPushMessage({ ...officialInput, msgSignature: undefined }), 'ERR_INVALID_ARGUMENT', 'msgSignature');
    assert.throwsCode(() => decryptPushMessage({ ...officialInput, encrypt: 5 }), 'ERR_INVALID_ARGUMENT', 'encrypt');
    for (const ts of [-1, 1.5, Number.NaN, '', {}, true]) {
      assert.throwsCode(() => decryptPushMessage({ ...officialInput, timestamp: ts }), 'ERR_INVALID_ARGUMENT', 'timestamp');
    }
    const reply = { token: 't', encodingAESKey: O.encodingAESKey, appId: 'wxapp', message: 'm', timestamp: 1, nonce: 'n' };
    assert.throwsCode(() => encryptPushReply({ ...reply, random: '0123456789abcde' }), 'ERR_INVALID_ARGUMENT', 'random');
    assert.throwsCode(() => encryptPushReply({ ...reply, random: '0123456789abcdefg' }), 'ERR_INVALID_ARGUMENT', 'random');
    assert.throwsCode(() => encryptPushReply({ ...reply, appId: ['wxa', 'wxb'] }), 'ERR_INVALID_ARGUMENT', 'appId');
    assert.throwsCode(() => encryptPushReply({ ...reply, message: undefined }), 'ERR_INVALID_ARGUMENT', 'message');
    assert.throwsCode(() => encryptPushReply({ ...reply, message: 42 }), 'ERR_INVALID_ARGUMENT', 'message');
    assert.throwsCode(() => encryptPushReply({ ...reply, timestamp: -5 }), 'ERR_INVALID_ARGUMENT', 'timestamp');
    assert.throwsCode(() => encryptPushReply({ ...reply, encodingAESKey: 'short' }), 'ERR_INVALID_AES_KEY', 'encodingAESKey');
    assert.throwsCode(() => renderPushReplyXml({ Encrypt: 'e', MsgSignature: 's', Nonce: 'n' }), 'ERR_INVALID_ARGUMENT', 'TimeStamp');
    assert.throwsCode(() => openPushRequest({ ...official.input, query: undefined }), 'ERR_INVALID_ARGUMENT', 'query');
    assert.throwsCode(() => openPushRequest({ ...official.input, query: 5 }), 'ERR_INVALID_ARGUMENT', 'query');
    assert.throwsCode(() => openPushRequest({ ...official.input, query: { ...official.input.query, nonce: ['1', '2'] } }), 'ERR_INVALID_ARGUMENT', 'query');
    assert.throwsCode(() => openPushRequest({ ...official.input, body: 42 }), 'ERR_INVALID_ARGUMENT', 'body');
    assert.throwsCode(() => openPushRequest({ ...official.input, body: new Uint8Array([0x7b, 0xff, 0x7d]) }), 'ERR_INVALID_ARGUMENT', 'body');
    assert.throwsCode(() => openPushRequest({ ...official.input, format: 'yaml' }), 'ERR_INVALID_ARGUMENT', 'format');
    // verifyPushSignature: a malformed signature is simply false; a missing one throws.
    const u = { token: O.token, timestamp: O.urlCheck.timestamp, nonce: O.urlCheck.nonce };
    assert.equal(verifyPushSignature({ ...u, signature: 12 }), false);
    assert.equal(verifyPushSignature({ ...u, signature: 'x'.repeat(100000) }), false);
    assert.throwsCode(() => verifyPushSignature(u), 'ERR_INVALID_ARGUMENT', 'signature');
    assert.throwsCode(() => verifyPushSignature({ ...u, token: undefined, signature: O.urlCheck.signature }), 'ERR_INVALID_ARGUMENT', 'token');
  });

  test('inputs over MAX_INPUT_LENGTH are ERR_INPUT_TOO_LARGE', () => {
    const huge = 'A'.repeat(lib.MAX_INPUT_LENGTH + 4);
    assert.throwsCode(() => decryptPushMessage({ ...officialInput, encrypt: huge }), 'ERR_INPUT_TOO_LARGE', 'encrypt');
    assert.throwsCode(() => openPushRequest({ ...official.input, body: huge }), 'ERR_INPUT_TOO_LARGE', 'body');
    assert.throwsCode(() => openPushRequest({ ...official.input, body: new Uint8Array(lib.MAX_INPUT_LENGTH + 1) }), 'ERR_INPUT_TOO_LARGE', 'body');
  });

  test('the instance stays healthy after thousands of failing push calls', () => {
    const bad = V.decrypt.filter((v) => v.expect.code);
    for (let i = 0; i < 2000; i++) {
      try {
        decryptPushMessage(bad[i % bad.length].input);
      } catch (e) {
        assert.equal(e.name, 'WxOpenDataError');
      }
    }
    assert.equal(decryptPushMessage(officialInput), O.inbound.message);
  });

  test('WebCrypto alone cannot decrypt the official push (32-byte padding): why this library exists', async () => {
    const subtle = globalThis.crypto && globalThis.crypto.subtle;
    if (!subtle) return; // no Web Crypto on this runtime: nothing to compare with
    const raw = Uint8Array.from(atob(`${O.encodingAESKey}=`), (c) => c.charCodeAt(0));
    const ct = Uint8Array.from(atob(O.inbound.encrypt), (c) => c.charCodeAt(0));
    const key = await subtle.importKey('raw', raw, 'AES-CBC', false, ['decrypt']);
    let failed = false;
    try {
      await subtle.decrypt({ name: 'AES-CBC', iv: raw.slice(0, 16) }, key, ct);
    } catch {
      failed = true;
    }
    assert.ok(failed, 'WebCrypto accepted 19 bytes of PKCS#7 padding');
    assert.equal(decryptPushMessage(officialInput), O.inbound.message);
  });

  return list;
}
