// The tests every framework recipe must pass, registered with node:test by test/<framework>.test.mjs:
// the mock WeChat (examples/mock-wechat) and the app each listen on a free port; the mini program's
// side comes from the mock's /__mock/* routes, WeChat's pushes from wx-open-data/testing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildPushRequest, buildPushVerifyRequest, encryptOpenData } from 'wx-open-data/testing';
import { createMockWeChat, DEMO_APPS } from '../../mock-wechat/mock-wechat.mjs';

const APP_ID = Object.keys(DEMO_APPS)[0];
const PUSH = { token: 'recipeToken42', encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' };

export function recipeTests(name, start) {
  let mock;
  let mockUrl;
  let app;
  const pushes = [];

  before(async () => {
    mock = createMockWeChat();
    mockUrl = await mock.listen(0);
    app = await start({ appId: APP_ID, secret: DEMO_APPS[APP_ID].secret, apiBase: mockUrl, push: PUSH, onPush: (r) => pushes.push(r) });
  });
  after(async () => {
    await app?.close();
    await mock?.close();
  });

  const wx = async (api, body) => (await fetch(`${mockUrl}/__mock/${api}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
  const post = async (path, body, token) => {
    const headers = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(`${app.url}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, text, json: text.startsWith('{') ? JSON.parse(text) : null };
  };
  const login = async (user = 'alice') => {
    const { code } = await wx('wx.login', { appid: APP_ID, user });
    const res = await post('/login', { code });
    assert.equal(res.status, 200, res.text);
    return { code, token: res.json.token };
  };
  const send = async (req) => {
    const res = await fetch(`${app.url}${req.url}`, req);
    return { status: res.status, text: await res.text() };
  };

  test(`[${name}] login: code -> sealed token (JWE dir + A256GCM); the session_key stays on the server`, async () => {
    const { token } = await login();
    assert.match(token, /^eyJ[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    assert.deepEqual(JSON.parse(Buffer.from(token.split('.')[0], 'base64url')), { alg: 'dir', enc: 'A256GCM', kid: 'k1' });
    assert.ok(!token.includes(mock.sessionKeyOf(APP_ID, 'alice')));
  });

  test(`[${name}] a user_authorization_revoke push ends the user's sessions: the token is refused`, async () => {
    const { token } = await login('alice');
    const info = await wx('wx.getUserInfo', { appid: APP_ID, user: 'alice' });
    const body = { encryptedData: info.encryptedData, iv: info.iv };
    assert.equal((await post('/user-info', body, token)).status, 200);
    const openId = (await post('/user-info', body, token)).json.openId;
    const event = { ToUserName: 'gh_x', FromUserName: openId, CreateTime: 1, MsgType: 'event', Event: 'user_authorization_revoke', RevokeInfo: '1' };
    const r = await mock.push({ url: `${app.url}/push`, token: PUSH.token, encodingAESKey: PUSH.encodingAESKey, appid: APP_ID, message: event });
    assert.equal(r.text, 'success');
    assert.equal((await post('/user-info', body, token)).status, 401);
    const again = await login('alice');
    const fresh = await wx('wx.getUserInfo', { appid: APP_ID, user: 'alice' });
    assert.equal((await post('/user-info', { encryptedData: fresh.encryptedData, iv: fresh.iv }, again.token)).status, 200);
  });

  test(`[${name}] login errors: missing code 400, a reused code 400 with WeChat's errcode, bad JSON 400`, async () => {
    const missing = await post('/login', {});
    assert.equal(missing.status, 400);
    assert.deepEqual([missing.json.code, missing.json.field], ['ERR_INVALID_ARGUMENT', 'code']);
    const { code } = await login();
    const reused = await post('/login', { code });
    assert.equal(reused.status, 400, reused.text);
    assert.deepEqual([reused.json.code, reused.json.errcode], ['ERR_WX_API', 40163]);
    const bad = await post('/login', '{"code":');
    assert.equal(bad.status, 400, bad.text);
  });

  test(`[${name}] login while WeChat is busy (errcode -1): 503 with retryable, and the next login works`, async () => {
    const { code } = await wx('wx.login', { appid: APP_ID, user: 'bob' });
    await wx('fail-next', { path: '/sns/jscode2session' });
    const busy = await post('/login', { code });
    assert.equal(busy.status, 503, busy.text);
    assert.deepEqual([busy.json.code, busy.json.errcode], ['ERR_WX_API', -1]);
    await login('bob');
  });

  test(`[${name}] user-info: decrypts the mini program's encryptedData and checks rawData's signature`, async () => {
    const { token } = await login('alice');
    const info = await wx('wx.getUserInfo', { appid: APP_ID, user: 'alice' });
    const res = await post('/user-info', { encryptedData: info.encryptedData, iv: info.iv, rawData: info.rawData, signature: info.signature }, token);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.user.nickName, 'Alice 🐼');
    assert.equal(res.json.user.openId, mock.openIdOf(APP_ID, 'alice'));
    assert.equal(res.json.user.watermark, undefined);
    assert.ok(!res.text.includes(mock.sessionKeyOf(APP_ID, 'alice')), 'the answer holds the session_key');
    // Without rawData/signature: decryption alone.
    const plain = await post('/user-info', { encryptedData: info.encryptedData, iv: info.iv }, token);
    assert.equal(plain.status, 200, plain.text);
  });

  test(`[${name}] user-info errors: no session 401, forged signature 403, other session's data 400, another app's data 403`, async () => {
    const { token } = await login('alice');
    const info = await wx('wx.getUserInfo', { appid: APP_ID, user: 'alice' });
    const body = { encryptedData: info.encryptedData, iv: info.iv };
    assert.equal((await post('/user-info', body)).status, 401);
    assert.equal((await post('/user-info', body, 'not-a-token')).status, 401);
    const forged = await post('/user-info', { ...body, rawData: info.rawData, signature: '0'.repeat(40) }, token);
    assert.equal(forged.status, 403);
    assert.equal(forged.json.code, 'ERR_SIGNATURE_MISMATCH');
    // bob's data under alice's session: the session_key differs.
    await login('bob');
    const bobs = await wx('wx.getUserInfo', { appid: APP_ID, user: 'bob' });
    const wrongKey = await post('/user-info', { encryptedData: bobs.encryptedData, iv: bobs.iv }, token);
    assert.equal(wrongKey.status, 400);
    assert.equal(wrongKey.json.code, 'ERR_DECRYPT_FAILED');
    // Data of another appid encrypted under alice's session_key (as the testing module makes it).
    const sessionKey = mock.sessionKeyOf(APP_ID, 'alice');
    const foreign = encryptOpenData({ sessionKey, data: { openId: 'o', nickName: 'x', watermark: { appid: 'wxother', timestamp: Math.floor(Date.now() / 1000) } } });
    const other = await post('/user-info', foreign, token);
    assert.equal(other.status, 403, other.text);
    assert.equal(other.json.code, 'ERR_APPID_MISMATCH');
    const missing = await post('/user-info', { iv: info.iv }, token);
    assert.equal(missing.status, 400);
  });

  test(`[${name}] push: the URL check answers echostr; a wrong Token is 403`, async () => {
    const check = buildPushVerifyRequest({ token: PUSH.token, url: '/push' });
    assert.deepEqual(await send(check), { status: 200, text: check.echostr });
    const forged = buildPushVerifyRequest({ token: 'not our token', url: '/push' });
    assert.equal((await send(forged)).status, 403);
  });

  const event = { ToUserName: 'gh_0123456789ab', FromUserName: 'o-user', CreateTime: 1714112445, MsgType: 'event', Event: 'user_authorization_revoke', RevokeInfo: 'x <&> ]]> y' };
  for (const [format, contentType] of [['json', undefined], ['xml', undefined], ['xml', 'application/xml; charset=utf-8'], ['json', 'text/plain']]) {
    test(`[${name}] push: ${format} message sent as ${contentType ?? 'WeChat does'} is read raw, verified and decrypted`, async () => {
      pushes.length = 0;
      const req = buildPushRequest({ ...PUSH, appId: APP_ID, message: event, format, contentType, url: '/push' });
      assert.deepEqual(await send(req), { status: 200, text: 'success' });
      assert.equal(pushes.length, 1);
      assert.equal(pushes[0].format, format);
      const expected = format === 'xml' ? { ...event, CreateTime: String(event.CreateTime) } : event;
      assert.deepEqual(pushes[0].message, expected);
    });
  }

  test(`[${name}] push errors: tampered msg_signature 403, another app 403, another key 400, empty body 400`, async () => {
    pushes.length = 0;
    const req = buildPushRequest({ ...PUSH, appId: APP_ID, message: event, format: 'xml', url: '/push' });
    const flipped = req.query.msg_signature.replace(/.$/, (c) => (c === '0' ? '1' : '0'));
    const tampered = { ...req, url: `/push?${new URLSearchParams({ ...req.query, msg_signature: flipped })}` };
    const a = await send(tampered);
    assert.equal(a.status, 403, a.text);
    assert.equal(JSON.parse(a.text).code, 'ERR_SIGNATURE_MISMATCH');
    const foreign = buildPushRequest({ ...PUSH, appId: 'wxother', message: event, url: '/push' });
    assert.equal((await send(foreign)).status, 403);
    const otherKey = buildPushRequest({ ...PUSH, encodingAESKey: 'A'.repeat(43), appId: APP_ID, message: event, url: '/push' });
    const c = await send(otherKey);
    assert.equal(c.status, 400, c.text);
    assert.equal(JSON.parse(c.text).code, 'ERR_DECRYPT_FAILED');
    const empty = await send({ ...req, body: '' });
    assert.equal(empty.status, 400);
    assert.equal(JSON.parse(empty.text).code, 'ERR_INVALID_ARGUMENT');
    assert.equal(pushes.length, 0, 'a refused push reached the application');
  });

  test(`[${name}] push: the mock WeChat's own pushes are accepted too`, async () => {
    pushes.length = 0;
    for (const format of ['json', 'xml']) {
      const r = await mock.push({ url: `${app.url}/push`, token: PUSH.token, encodingAESKey: PUSH.encodingAESKey, appid: APP_ID, message: { MsgType: 'event', Event: 'debug_demo' }, format });
      assert.deepEqual(r, { status: 200, text: 'success' });
    }
    assert.equal(pushes.length, 2);
    const v = await mock.pushVerify({ url: `${app.url}/push`, token: PUSH.token });
    assert.deepEqual([v.status, v.text], [200, v.echostr]);
  });
}
