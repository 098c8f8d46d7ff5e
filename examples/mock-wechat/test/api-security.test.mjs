// API security (服务端 API 签名加密) over HTTP, against the mock WeChat whose side is written with
// node:crypto (examples/mock-wechat/api-security.mjs): node verifies the library's RSA-PSS
// signatures (salt 32) and decrypts its envelopes; the library verifies and decrypts node's
// answers. Every rejection of WeChat's layer comes back as ERR_WX_API with its errcode and hint;
// a response altered on the way is refused with its own code.
import test from 'node:test';
import assert from 'node:assert/strict';
import { parsePhoneNumberResponse } from 'wx-open-data';
import * as apiSecurity from 'wx-open-data/api-security';
import { openApiResponse, sealApiRequest } from 'wx-open-data/api-security';
import { createWeChatClient } from 'wx-open-data/client';
import { createMockWeChat, DEMO_APPS } from '../mock-wechat.mjs';

const APPID = 'wx0a1b2c3d4e5f6a7b';
const OTHER = 'wx9f8e7d6c5b4a3f2e';

async function setup() {
  const log = [];
  const mock = createMockWeChat({ log: (line) => log.push(line) });
  const base = await mock.listen(0);
  const post = async (path, body) => (await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
  const token = async (appid = APPID) =>
    (await (await fetch(`${base}/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=${DEMO_APPS[appid].secret}`)).json()).access_token;
  const phoneCode = async (user = 'alice') => {
    await post('/__mock/wx.login', { appid: APPID, user });
    return (await post('/__mock/getPhoneNumber', { appid: APPID, user })).code;
  };
  const keys = await post('/__mock/api-security', { appid: APPID });
  return { mock, base, token, phoneCode, keys, log, post };
}

async function rejects(promise, code) {
  await assert.rejects(promise, (err) => {
    assert.ok(err instanceof Error);
    assert.equal(err.name, 'WxOpenDataError');
    assert.equal(err.code, code, err.message);
    return true;
  });
  return promise.catch((e) => e);
}

test('getuserphonenumber under API security: sealed, sent over HTTP, answered encrypted and signed, opened', async (t) => {
  const { mock, base, token, phoneCode, keys } = await setup();
  t.after(() => mock.close());
  assert.match(keys.privateKey, /^-----BEGIN RSA PRIVATE KEY-----/, 'the console hands out PKCS#1');
  const url = `${base}/wxa/business/getuserphonenumber?access_token=${await token()}`;
  const { symmetricKey, symmetricKeySn, privateKey, certificates } = keys;
  const req = await sealApiRequest({ url, appId: APPID, symmetricKey, symmetricKeySn, privateKey, params: { code: await phoneCode() } });
  const res = await fetch(req.url, req);
  assert.ok(res.headers.get('wechatmp-signature'), 'the mock signed its answer');
  const data = await openApiResponse({ url: req.url, appId: APPID, symmetricKey, symmetricKeySn, certificates, headers: res.headers, body: await res.text() });
  assert.equal(data.errcode, 0);
  assert.equal(data.phone_info.purePhoneNumber, '13800138000');
  assert.ok(!('_appid' in data) && !('_n' in data) && !('_timestamp' in data));
  // The decrypted answer is the plain API's: the usual parser checks its watermark.
  assert.equal(parsePhoneNumberResponse(data, { appId: APPID }).purePhoneNumber, '13800138000');
  // A plain header object works as well as a Headers object.
  const req2 = await sealApiRequest({ url, appId: APPID, symmetricKey, symmetricKeySn, privateKey, params: { code: await phoneCode() } });
  const res2 = await fetch(req2.url, req2);
  const data2 = await openApiResponse({ url, appId: APPID, symmetricKey, symmetricKeySn, certificates, headers: Object.fromEntries(res2.headers), body: await res2.text() });
  assert.equal(data2.phone_info.phoneNumber, '13800138000');
  // WeChat's business errors come inside the envelope.
  const req3 = await sealApiRequest({ url, appId: APPID, symmetricKey, symmetricKeySn, privateKey, params: { code: 'used-or-bogus' } });
  const res3 = await fetch(req3.url, req3);
  const data3 = await openApiResponse({ url, appId: APPID, symmetricKey, symmetricKeySn, certificates, headers: res3.headers, body: await res3.text() });
  assert.equal(data3.errcode, 40029);
});

test("WeChat's security layer refuses a bad request: ERR_WX_API with the errcode and a hint", async (t) => {
  const { mock, base, token, phoneCode, keys } = await setup();
  t.after(() => mock.close());
  const url = `${base}/wxa/business/getuserphonenumber?access_token=${await token()}`;
  const { symmetricKey, symmetricKeySn, certificates } = keys;
  const otherKey = (await (await fetch(`${base}/__mock/api-security`, { method: 'POST', body: JSON.stringify({ appid: OTHER }) })).json()).privateKey;
  const send = async (over, appId = APPID) => {
    const req = await sealApiRequest({ url, appId, symmetricKey, symmetricKeySn, privateKey: keys.privateKey, params: { code: await phoneCode() }, ...over });
    const res = await fetch(req.url, req);
    return openApiResponse({ url, appId, symmetricKey, symmetricKeySn, certificates, headers: res.headers, body: await res.text() });
  };
  const cases = [
    [{ privateKey: otherKey }, 40234, /privateKey/],
    [{ symmetricKey: Buffer.alloc(32, 7).toString('base64') }, 40235, /symmetricKey/],
    [{ symmetricKeySn: '0'.repeat(32) }, 40235, /symmetricKey/],
    [{ timestamp: Math.floor(Date.now() / 1000) - 3600 }, 40240, /clock/],
  ];
  for (const [over, errcode, hint] of cases) {
    const err = await rejects(send(over), 'ERR_WX_API');
    assert.equal(err.errcode, errcode);
    assert.match(err.hint, hint);
    assert.match(err.errmsg, /rid: /);
  }
  // An appid whose keys are not configured, and a token of another app.
  const unconfigured = await rejects(send({}, 'wx1111111111111111'), 'ERR_WX_API');
  assert.equal(unconfigured.errcode, 40238);
  const otherUrl = `${base}/wxa/business/getuserphonenumber?access_token=${await token(OTHER)}`;
  const req = await sealApiRequest({ url: otherUrl, appId: APPID, symmetricKey, symmetricKeySn, privateKey: keys.privateKey, params: { code: 'x' } });
  const res = await fetch(req.url, req);
  const mismatch = await rejects(openApiResponse({ url: otherUrl, appId: APPID, symmetricKey, symmetricKeySn, certificates, headers: res.headers, body: await res.text() }), 'ERR_WX_API');
  assert.equal(mismatch.errcode, 40237);
});

test('an answer altered between WeChat and the server is refused with its own code', async (t) => {
  const { mock, base, token, phoneCode, keys } = await setup();
  t.after(() => mock.close());
  const url = `${base}/wxa/business/getuserphonenumber?access_token=${await token()}`;
  const { symmetricKey, symmetricKeySn, privateKey, certificates } = keys;
  const fresh = async () => {
    const req = await sealApiRequest({ url, appId: APPID, symmetricKey, symmetricKeySn, privateKey, params: { code: await phoneCode() } });
    const res = await fetch(req.url, req);
    return { headers: Object.fromEntries(res.headers), body: await res.text() };
  };
  const open = (r, over = {}) => openApiResponse({ url, appId: APPID, symmetricKey, symmetricKeySn, certificates, ...r, ...over });
  const r = await fresh();
  const flip = (s, i) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
  await rejects(open({ ...r, body: flip(r.body, 40) }), 'ERR_API_SIGNATURE_INVALID');
  await rejects(open({ ...r, headers: { ...r.headers, 'wechatmp-signature': flip(r.headers['wechatmp-signature'], 5) } }), 'ERR_API_SIGNATURE_INVALID');
  await rejects(open({ ...r, headers: { ...r.headers, 'wechatmp-timestamp': String(Number(r.headers['wechatmp-timestamp']) - 1) } }), 'ERR_API_SIGNATURE_INVALID');
  await rejects(open({ ...r, headers: { ...r.headers, 'wechatmp-serial': 'f'.repeat(32) } }), 'ERR_API_UNKNOWN_SERIAL');
  await rejects(open({ ...r, headers: { ...r.headers, 'wechatmp-appid': OTHER } }), 'ERR_API_APPID_MISMATCH');
  await rejects(open(r, { now: Math.floor(Date.now() / 1000) + 400 }), 'ERR_API_RESPONSE_EXPIRED');
  const { 'wechatmp-signature': _sig, ...unsigned } = r.headers;
  await rejects(open({ ...r, headers: unsigned }), 'ERR_API_UNSIGNED');
  await rejects(open(r, { symmetricKeySn: '1'.repeat(32) }), 'ERR_API_DECRYPT_FAILED');
  // And the untouched answer still opens.
  assert.equal((await open(r)).phone_info.purePhoneNumber, '13800138000');
});

test('the fetch client with the apiSecurity option: getPhoneNumber and checkEncryptedMsg go through the layer', async (t) => {
  const { mock, base, phoneCode, keys, log, post } = await setup();
  t.after(() => mock.close());
  const wechat = createWeChatClient({ appId: APPID, secret: DEMO_APPS[APPID].secret, baseUrl: base, apiSecurity: { module: apiSecurity, ...keys } });
  const phone = await wechat.getPhoneNumber(await phoneCode());
  assert.equal(phone.purePhoneNumber, '13800138000');
  assert.ok(log.some((l) => l.startsWith('POST /wxa/business/getuserphonenumber -> ok (API security')), log.join('\n'));
  // A forced 40001 arrives inside the envelope; the client refreshes the token once and retries.
  await post('/__mock/fail-next', { path: '/wxa/business/getuserphonenumber', errcode: 40001 });
  assert.equal((await wechat.getPhoneNumber(await phoneCode())).purePhoneNumber, '13800138000');
  const { encryptedData } = await post('/__mock/getPhoneNumber', { appid: APPID, user: 'alice' });
  assert.equal((await wechat.checkEncryptedMsg(encryptedData)).valid, true);
  assert.ok(log.some((l) => l.startsWith('POST /wxa/business/checkencryptedmsg -> ok (API security')));
  // Keys the console never issued: WeChat's layer refuses (40234), the client does not retry.
  const other = (await post('/__mock/api-security', { appid: OTHER })).privateKey;
  const wrong = createWeChatClient({ appId: APPID, secret: DEMO_APPS[APPID].secret, baseUrl: base, apiSecurity: { module: apiSecurity, ...keys, privateKey: other } });
  const err = await rejects(wrong.getPhoneNumber(await phoneCode()), 'ERR_WX_API');
  assert.equal(err.errcode, 40234);
});
