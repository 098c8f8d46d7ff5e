// WeChat server API security (服务端 API 签名加密) cases for the runtime-agnostic suite: merged into
// cases() by js-tests/suite.mjs, run by every runner with `modules.apiSecurity` (the
// wx-open-data/api-security subpath). Vectors: tests/vectors/api-security.json
// (vectors.apiSecurity), made with node:crypto and openssl by scripts/gen-api-security-vectors.mjs.
// Only ECMAScript, Web APIs (WebCrypto makes the test responses here) and the library.
//
// cases(vectors, modules) -> Array<{ name: string, fn: () => void | Promise<void> }>

import { assert, AssertionError } from './suite.mjs';

const utf8 = new TextEncoder();
const fromB64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const toB64 = (b) => btoa(String.fromCharCode(...new Uint8Array(b)));
const pemDer = (pem) => fromB64(pem.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, ''));
const PSS = { name: 'RSA-PSS', saltLength: 32 };
const RSA = { name: 'RSA-PSS', hash: 'SHA-256' };

async function rejectsCode(promiseOrFn, code, field) {
  let err;
  try {
    await (typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn);
  } catch (e) {
    err = e;
  }
  if (err === undefined) throw new AssertionError(`expected ${code}, nothing was thrown`);
  if (!(err instanceof Error)) throw new AssertionError(`expected an Error instance, got ${String(err)}`);
  assert.equal(err.name, 'WxOpenDataError', `expected WxOpenDataError, got ${err.name}: ${err.message}`);
  assert.equal(err.code, code, `expected ${code}, got ${err.code}: ${err.message}`);
  if (field !== undefined) assert.equal(err.field, field, `expected field ${field}, got ${err.field}`);
  return err;
}

/** A response to `url` the way WeChat makes one: encrypted under `keys`, signed with `cert`. */
export async function makeResponse({ url, appId, symmetricKey, symmetricKeySn }, cert, timestamp, json) {
  const path = url.split('?')[0];
  const key = await crypto.subtle.importKey('raw', fromB64(symmetricKey), 'AES-GCM', false, ['encrypt']);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const inner = `{"_n":"${toB64(crypto.getRandomValues(new Uint8Array(16)))}","_appid":"${appId}","_timestamp":${timestamp},${json.slice(1)}`;
  const sealed = new Uint8Array(await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: utf8.encode(`${path}|${appId}|${timestamp}|${symmetricKeySn}`) },
    key, utf8.encode(inner)));
  const body = `{"iv":"${toB64(iv)}","data":"${toB64(sealed.slice(0, -16))}","authtag":"${toB64(sealed.slice(-16))}"}`;
  const signer = await crypto.subtle.importKey('pkcs8', pemDer(cert.privateKey), RSA, false, ['sign']);
  const sig = await crypto.subtle.sign(PSS, signer, utf8.encode(`${path}\n${appId}\n${timestamp}\n${body}`));
  return {
    headers: { 'Wechatmp-Appid': appId, 'Wechatmp-TimeStamp': String(timestamp), 'Wechatmp-Serial': cert.sn, 'Wechatmp-Signature': toB64(sig) },
    body,
  };
}

export function cases(vectors, modules) {
  const list = [];
  const test = (name, fn) => list.push({ name: `api-security: ${name}`, fn });
  const lib = modules && modules.apiSecurity;
  if (!lib) throw new Error('modules.apiSecurity is missing: the runner must import wx-open-data/api-security');
  const { sealApiRequest, openApiResponse } = lib;
  const V = vectors.apiSecurity;
  if (!V) throw new Error('vectors.apiSecurity is missing (tests/vectors/api-security.json)');
  const O = V.official;
  const R = O.request;
  const T = V.test;
  const officialSeal = (over = {}) => sealApiRequest({
    url: O.url, appId: O.appId, symmetricKey: O.symmetricKey, symmetricKeySn: O.symmetricKeySn,
    privateKey: O.privateKeyPkcs1, params: JSON.parse(R.params), timestamp: R.timestamp, nonce: R.nonce, iv: R.iv, ...over,
  });
  const verifyWith = async (publicPem, sigB64, text) => {
    const key = await crypto.subtle.importKey('spki', pemDer(publicPem), RSA, false, ['verify']);
    return crypto.subtle.verify(PSS, key, fromB64(sigB64), utf8.encode(text));
  };

  test('the module exports sealApiRequest and openApiResponse, which return promises', async () => {
    assert.equal(typeof sealApiRequest, 'function');
    assert.equal(typeof openApiResponse, 'function');
    const p = openApiResponse(undefined);
    assert.ok(p instanceof Promise, 'openApiResponse returns a promise');
    await rejectsCode(p, 'ERR_INVALID_ARGUMENT', 'input');
  });

  test('V1: the guide\'s request, byte for byte (PKCS#1 key as the console gives it)', async () => {
    const req = await officialSeal();
    assert.equal(req.body, R.body);
    assert.equal(req.url, O.url);
    assert.equal(req.method, 'POST');
    assert.equal(req.headers['Wechatmp-Appid'], O.appId);
    assert.equal(req.headers['Wechatmp-TimeStamp'], String(R.timestamp));
    assert.equal(req.headers['content-type'], 'application/json');
    assert.equal(req.headers['Wechatmp-Signature'].length, 344);
  });

  test('V2: our signature verifies over the guide\'s signed string, and so does the guide\'s own', async () => {
    const req = await officialSeal({ privateKey: O.privateKeyPkcs8 });
    const signed = `${O.urlPath}\n${O.appId}\n${R.timestamp}\n${req.body}`;
    assert.equal(signed, R.signingString);
    assert.ok(await verifyWith(O.publicKey, req.headers['Wechatmp-Signature'], signed), 'our signature verifies');
    assert.ok(await verifyWith(O.publicKey, R.signature, signed), "the guide's signature verifies over our string");
    assert.ok(!(await verifyWith(O.publicKey, req.headers['Wechatmp-Signature'], signed + '\n')), 'a trailing newline must not verify');
  });

  test('a fresh IV, nonce and timestamp on every call; params kept in their order', async () => {
    const a = await sealApiRequest({ url: T.url, appId: T.appId, symmetricKey: T.symmetricKey, symmetricKeySn: T.symmetricKeySn, privateKey: O.privateKeyPkcs1, params: { z: 1, a: 'x' } });
    const b = await sealApiRequest({ url: T.url, appId: T.appId, symmetricKey: T.symmetricKey, symmetricKeySn: T.symmetricKeySn, privateKey: O.privateKeyPkcs1, params: '{"z":1,"a":"x"}' });
    const ea = JSON.parse(a.body);
    const eb = JSON.parse(b.body);
    assert.ok(ea.iv !== eb.iv, 'the IV repeats');
    assert.equal(fromB64(ea.iv).length, 12);
    const ts = Number(a.headers['Wechatmp-TimeStamp']);
    assert.ok(Math.abs(ts - Date.now() / 1000) < 60, 'the timestamp is now, in seconds');
    // Decrypt our own request with WebCrypto, as WeChat would.
    const key = await crypto.subtle.importKey('raw', fromB64(T.symmetricKey), 'AES-GCM', false, ['decrypt']);
    const plain = new TextDecoder().decode(await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromB64(ea.iv), additionalData: utf8.encode(`${T.urlPath}|${T.appId}|${ts}|${T.symmetricKeySn}`) },
      key, new Uint8Array([...fromB64(ea.data), ...fromB64(ea.authtag)])));
    const m = /^\{"_n":"([A-Za-z0-9+/]{22})","_appid":"(wx[0-9a-f]+)","_timestamp":(\d+),"z":1,"a":"x"\}$/.exec(plain);
    assert.ok(m, `inner JSON: ${plain.replace(/"_n":"[^"]*"/, '"_n":"…"')}`);
    assert.equal(Number(m[3]), ts);
    const pb = JSON.parse(new TextDecoder().decode(await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromB64(eb.iv), additionalData: utf8.encode(`${T.urlPath}|${T.appId}|${b.headers['Wechatmp-TimeStamp']}|${T.symmetricKeySn}`) },
      key, new Uint8Array([...fromB64(eb.data), ...fromB64(eb.authtag)]))));
    assert.ok(pb._n !== m[1], 'the nonce repeats');
  });

  for (const c of T.cases) {
    test(`openApiResponse: ${c.name} -> ${c.code ?? 'ok'}`, async () => {
      const certificates = Object.fromEntries((c.certificates ?? ['a']).map((n) => [T.certificates[n].sn, T.certificates[n].certificate]));
      const run = () => openApiResponse({
        url: T.url, appId: T.appId, symmetricKey: T.symmetricKey, symmetricKeySn: T.symmetricKeySn,
        certificates, headers: c.headers, body: c.body, now: c.now,
      });
      if (c.code) {
        const err = await rejectsCode(run, c.code);
        if (c.errcode !== undefined) {
          assert.equal(err.errcode, c.errcode);
          assert.ok(typeof err.hint === 'string' && !err.hint.startsWith('unknown'), 'a hint from the table');
          assert.ok(err.errmsg.includes('rid:'));
        }
        assert.ok(!err.message.includes(T.symmetricKey), 'the message holds the symmetric key');
      } else {
        const data = await run();
        assert.deepEqual(data, JSON.parse(c.result));
        assert.equal(data.warning !== undefined, c.warning === true, 'warning');
      }
    });
  }

  test('openApiResponse reads a Headers object', async () => {
    if (typeof Headers !== 'function') return;
    const c = T.cases[0];
    const data = await openApiResponse({
      url: T.url, appId: T.appId, symmetricKey: T.symmetricKey, symmetricKeySn: T.symmetricKeySn,
      certificates: { [T.certificates.a.sn]: T.certificates.a.certificate }, headers: new Headers(c.headers), body: c.body, now: c.now,
    });
    assert.deepEqual(data, JSON.parse(c.result));
  });

  test('round trip: a response made with WebCrypto now opens with the default clock and window', async () => {
    const ts = Math.floor(Date.now() / 1000);
    const json = '{"errcode":0,"errmsg":"ok","phone_info":{"purePhoneNumber":"13800138000","__proto__":{"x":1}}}';
    const r = await makeResponse(T, T.certificates.b, ts, json);
    const data = await openApiResponse({ ...T, certificates: { [T.certificates.a.sn]: T.certificates.a.certificate, [T.certificates.b.sn]: T.certificates.b.certificate }, ...r });
    assert.deepEqual(data, JSON.parse(json));
    const old = await makeResponse(T, T.certificates.a, ts - 301, json);
    await rejectsCode(openApiResponse({ ...T, certificates: { [T.certificates.a.sn]: T.certificates.a.certificate }, ...old }), 'ERR_API_RESPONSE_EXPIRED');
    const shortWindow = await makeResponse(T, T.certificates.a, ts - 20, json);
    await rejectsCode(openApiResponse({ ...T, certificates: { [T.certificates.a.sn]: T.certificates.a.certificate }, ...shortWindow, maxAgeSeconds: 10 }), 'ERR_API_RESPONSE_EXPIRED');
  });

  test('argument errors are WxOpenDataErrors with their field, never key material in a message', async () => {
    const base = { url: T.url, appId: T.appId, symmetricKey: T.symmetricKey, symmetricKeySn: T.symmetricKeySn, privateKey: O.privateKeyPkcs1 };
    await rejectsCode(sealApiRequest({ ...base, url: undefined }), 'ERR_INVALID_ARGUMENT', 'url');
    await rejectsCode(sealApiRequest({ ...base, url: '/wxa/x' }), 'ERR_INVALID_ARGUMENT', 'url');
    await rejectsCode(sealApiRequest({ ...base, appId: 42 }), 'ERR_INVALID_ARGUMENT', 'appId');
    await rejectsCode(sealApiRequest({ ...base, symmetricKey: 'AAAA' }), 'ERR_INVALID_AES_KEY', 'symmetricKey');
    await rejectsCode(sealApiRequest({ ...base, params: [1] }), 'ERR_INVALID_ARGUMENT', 'params');
    await rejectsCode(sealApiRequest({ ...base, params: { _appid: 'x' } }), 'ERR_INVALID_ARGUMENT', 'params');
    await rejectsCode(sealApiRequest({ ...base, iv: new Uint8Array(16) }), 'ERR_INVALID_IV', 'iv');
    await rejectsCode(sealApiRequest({ ...base, timestamp: 1.5 }), 'ERR_INVALID_ARGUMENT', 'timestamp');
    const line = O.privateKeyPkcs1.split('\n')[3];
    for (const privateKey of ['', 'nope', O.certificate, O.privateKeyPkcs1.replace(line, ''), O.privateKeyPkcs1.replace('RSA PRIVATE KEY', 'EC PRIVATE KEY')]) {
      const err = await rejectsCode(sealApiRequest({ ...base, privateKey }), 'ERR_INVALID_KEY', 'privateKey');
      assert.ok(!err.message.includes(line.slice(0, 20)), 'the message holds key material');
    }
    const open = { url: T.url, appId: T.appId, symmetricKey: T.symmetricKey, symmetricKeySn: T.symmetricKeySn, headers: T.cases[0].headers, body: T.cases[0].body, now: T.cases[0].now };
    await rejectsCode(openApiResponse({ ...open, certificates: {} }), 'ERR_INVALID_ARGUMENT', 'certificates');
    await rejectsCode(openApiResponse({ ...open, certificates: { [T.certificates.a.sn]: O.privateKeyPkcs1 } }), 'ERR_INVALID_KEY', 'certificates');
    await rejectsCode(openApiResponse({ ...open, certificates: { [T.certificates.a.sn]: T.certificates.a.certificate }, headers: 'x' }), 'ERR_INVALID_ARGUMENT', 'headers');
    await rejectsCode(openApiResponse({ ...open, certificates: { [T.certificates.a.sn]: T.certificates.a.certificate }, body: new Uint8Array(2) }), 'ERR_INVALID_ARGUMENT', 'body');
    // The platform certificate with the key of another certificate: its signature fails.
    await rejectsCode(openApiResponse({ ...open, certificates: { [T.certificates.a.sn]: T.certificates.b.certificate } }), 'ERR_API_SIGNATURE_INVALID', 'headers');
    // The guide's own certificate parses (its 证书编号 is not its X.509 serial).
    await rejectsCode(openApiResponse({ ...open, certificates: { [T.certificates.a.sn]: O.certificate } }), 'ERR_API_SIGNATURE_INVALID');
  });

  // The fetch client's apiSecurity option, against a fake WeChat written with WebCrypto: it verifies
  // the request's signature with the app's public key, decrypts it, and answers sealed and signed.
  if (modules.client) {
    const { createWeChatClient } = modules.client;
    const fakeWeChat = (answers) => {
      const seen = [];
      let tokens = 0;
      const fetch = async (url, init) => {
        const u = new URL(url);
        const reply = (status, text, headers = {}) => ({
          status, text: async () => text, headers: typeof Headers === 'function' ? new Headers(headers) : headers,
        });
        if (u.pathname === '/cgi-bin/stable_token') return reply(200, JSON.stringify({ access_token: `TOKEN${++tokens}`, expires_in: 7200 }));
        const path = `${u.origin}${u.pathname}`;
        const h = init.headers;
        const ts = h['Wechatmp-TimeStamp'];
        const signedOk = await verifyWith(O.publicKey, h['Wechatmp-Signature'], `${path}\n${h['Wechatmp-Appid']}\n${ts}\n${init.body}`);
        const env = JSON.parse(init.body);
        const key = await crypto.subtle.importKey('raw', fromB64(T.symmetricKey), 'AES-GCM', false, ['decrypt']);
        const inner = JSON.parse(new TextDecoder().decode(await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: fromB64(env.iv), additionalData: utf8.encode(`${path}|${T.appId}|${ts}|${T.symmetricKeySn}`) },
          key, new Uint8Array([...fromB64(env.data), ...fromB64(env.authtag)]))));
        seen.push({ path: u.pathname, token: u.searchParams.get('access_token'), signedOk, inner });
        const answer = answers.shift();
        if (answer.plain) return reply(200, JSON.stringify(answer.plain));
        const r = await makeResponse({ url, appId: T.appId, symmetricKey: T.symmetricKey, symmetricKeySn: T.symmetricKeySn }, T.certificates.a, Math.floor(Date.now() / 1000), JSON.stringify(answer));
        return reply(200, r.body, r.headers);
      };
      return { fetch, seen };
    };
    const apiSecurity = {
      module: lib,
      symmetricKey: T.symmetricKey, symmetricKeySn: T.symmetricKeySn, privateKey: O.privateKeyPkcs1,
      certificates: { [T.certificates.a.sn]: T.certificates.a.certificate },
    };
    const phone = (ts) => ({ errcode: 0, errmsg: 'ok', phone_info: { phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: '86', watermark: { timestamp: ts, appid: T.appId } } });

    test('client: getPhoneNumber under API security (sealed, signed, verified, decrypted; 40001 inside the envelope refreshes once)', async () => {
      const ts = Math.floor(Date.now() / 1000);
      const wx = fakeWeChat([{ errcode: 40001, errmsg: 'invalid credential, rid: 1' }, phone(ts), { errcode: 0, errmsg: 'ok', vaild: true, create_time: ts }]);
      const c = createWeChatClient({ appId: T.appId, secret: 'secret', fetch: wx.fetch, apiSecurity });
      const info = await c.getPhoneNumber('CODE1');
      assert.equal(info.purePhoneNumber, '13800138000');
      assert.equal(wx.seen.length, 2);
      assert.ok(wx.seen.every((s) => s.signedOk), 'the fake WeChat verified every request signature');
      assert.equal(wx.seen[0].inner.code, 'CODE1');
      assert.equal(wx.seen[0].inner._appid, T.appId);
      assert.equal(wx.seen[0].token, 'TOKEN1');
      assert.equal(wx.seen[1].token, 'TOKEN2', 'the rejected token was replaced');
      const check = await c.checkEncryptedMsg('ZW5jcnlwdGVk');
      assert.equal(check.valid, true);
      assert.equal(wx.seen[2].path, '/wxa/business/checkencryptedmsg');
      assert.equal(typeof wx.seen[2].inner.encrypted_msg_hash, 'string');
    });

    test('client: a security-layer rejection is ERR_WX_API (not retried); a bad apiSecurity option is refused at creation', async () => {
      const wx = fakeWeChat([{ plain: { errcode: 40234, errmsg: 'invalid signature rid: 1' } }]);
      const c = createWeChatClient({ appId: T.appId, secret: 'secret', fetch: wx.fetch, apiSecurity });
      const err = await rejectsCode(c.getPhoneNumber('CODE'), 'ERR_WX_API');
      assert.equal(err.errcode, 40234);
      assert.equal(wx.seen.length, 1);
      for (const bad of [42, { ...apiSecurity, module: undefined }, { ...apiSecurity, module: {} }, { ...apiSecurity, privateKey: undefined }, { ...apiSecurity, certificates: 'pem' }, { ...apiSecurity, maxAgeSeconds: -1 }]) {
        let thrown;
        try {
          createWeChatClient({ appId: T.appId, secret: 'secret', fetch: wx.fetch, apiSecurity: bad });
        } catch (e) {
          thrown = e;
        }
        assert.ok(thrown && thrown.name === 'WxOpenDataError' && thrown.code === 'ERR_INVALID_ARGUMENT', `apiSecurity ${JSON.stringify(bad)?.slice(0, 40)}`);
      }
    });
  }

  test('hostile input: throwing getters, revoked Proxies, wrong types, huge strings: always a WxOpenDataError rejection', async () => {
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const throwing = new Proxy({}, { get() { throw new TypeError('boom'); }, ownKeys() { throw new TypeError('boom'); } });
    const getter = (k) => Object.defineProperty({ ...T, privateKey: O.privateKeyPkcs1 }, k, { get() { throw new RangeError('boom'); } });
    const huge = 'A'.repeat(1024 * 1024 + 1);
    const good = { ...T, privateKey: O.privateKeyPkcs1, certificates: { [T.certificates.a.sn]: T.certificates.a.certificate }, headers: T.cases[0].headers, body: T.cases[0].body };
    const inputs = [
      null, undefined, 42, 'x', [], () => {}, revoked.proxy, throwing,
      getter('url'), getter('privateKey'), getter('params'), getter('symmetricKey'),
      { ...good, params: revoked.proxy }, { ...good, params: throwing }, { ...good, params: { big: 1n } },
      { ...good, headers: revoked.proxy }, { ...good, headers: throwing }, { ...good, headers: { get() { throw new Error('x'); }, has() { return true; } } },
      { ...good, certificates: revoked.proxy }, { ...good, certificates: throwing }, { ...good, certificates: { [T.certificates.a.sn]: 42 } },
      { ...good, body: huge }, { ...good, privateKey: huge }, { ...good, url: huge }, { ...good, headers: { 'Wechatmp-Signature': huge } },
      { ...good, now: NaN }, { ...good, now: -1 }, { ...good, maxAgeSeconds: -1 }, { ...good, maxAgeSeconds: 1.5 }, { ...good, iv: 42 }, { ...good, iv: '@@' },
    ];
    let n = 0;
    for (const input of inputs) {
      for (const fn of [sealApiRequest, openApiResponse]) {
        let p;
        try {
          p = fn(input);
        } catch (e) {
          throw new AssertionError(`${fn.name} threw synchronously: ${e && e.message}`);
        }
        let err;
        try {
          await p;
        } catch (e) {
          err = e;
        }
        if (err === undefined) continue; // some inputs are fine for one of the two functions
        assert.ok(err instanceof Error && err.name === 'WxOpenDataError' && /^ERR_[A-Z0-9_]+$/.test(err.code), `${fn.name}: ${String(err)}`);
        n++;
      }
    }
    assert.ok(n >= inputs.length, `${n} rejections`);
    // The instance is still healthy.
    assert.equal((await officialSeal()).body, R.body);
  });

  return list;
}
