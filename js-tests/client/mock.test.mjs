// wx-open-data/client (imported by name from the installed tarball) against the mock WeChat over real
// HTTP on 127.0.0.1, with Node's own fetch: every endpoint, the access_token's single flight and
// 40001/42001 recovery, and the transport errors (a server that never answers, a closed port, a 502).
import test from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createWeChatClient } from 'wx-open-data/client';
import { APPID, SECRET, startMock } from './helpers.mjs';

const env = await startMock();
test.after(() => env.close());
const client = (more = {}) => createWeChatClient({ appId: APPID, secret: SECRET, baseUrl: env.url, ...more });

test('code2Session, getPhoneNumber, checkEncryptedMsg and checkSession against the mock', async () => {
  const wechat = client();
  const session = await wechat.code2Session(await env.login('alice'));
  assert.equal(session.openId, env.mock.openIdOf(APPID, 'alice'));
  assert.equal(session.sessionKey, env.mock.sessionKeyOf(APPID, 'alice'));
  assert.equal(typeof session.unionId, 'string');

  const button = await env.sim('getPhoneNumber', { appid: APPID, user: 'alice' });
  const phone = await wechat.getPhoneNumber(button.code, { maxAgeSeconds: 60 });
  assert.equal(phone.purePhoneNumber, '13800138000');
  assert.equal(phone.watermark.appid, APPID);
  assert.deepEqual(await wechat.checkEncryptedMsg(button.encryptedData), { valid: true, createTime: phone.watermark.timestamp });
  assert.equal((await wechat.checkEncryptedMsg(Buffer.alloc(48, 1).toString('base64'))).valid, false);

  assert.equal(await wechat.checkSession(session), true);
  await env.login('alice'); // a new wx.login rotates the session_key on WeChat's side
  assert.equal(await wechat.checkSession(session), false);

  // WeChat's own errors keep their errcode: the phone code works once.
  const again = await wechat.getPhoneNumber(button.code).catch((e) => e);
  assert.equal(again.code, 'ERR_WX_API');
  assert.equal(again.errcode, 40029);
  assert.equal(env.calls('GET /cgi-bin/token'), 0, 'the client never uses /cgi-bin/token');
});

test('50 concurrent getAccessToken calls: one stable_token request, and the token works', async () => {
  const before = env.calls('POST /cgi-bin/stable_token');
  const wechat = client();
  const tokens = await Promise.all(Array.from({ length: 50 }, () => wechat.getAccessToken()));
  assert.equal(new Set(tokens).size, 1);
  assert.equal(env.calls('POST /cgi-bin/stable_token') - before, 1);
  const session = await wechat.code2Session(await env.login('bob', false));
  assert.equal(await wechat.checkSession(session), true);
  assert.equal(env.calls('POST /cgi-bin/stable_token') - before, 1);
});

test('another server forces a new token: 5 minutes later ours answers 40001, the client refreshes once and retries', async () => {
  const wechat = client();
  const session = await wechat.code2Session(await env.login('alice', false));
  const mine = await wechat.getAccessToken();
  const theirs = await env.forceRefreshElsewhere();
  assert.notEqual(theirs, mine);
  await env.advance(301);
  const start = env.log.length;
  assert.equal(await wechat.checkSession(session), true);
  const seen = env.log.slice(start).filter((l) => !l.startsWith('POST /__mock'));
  assert.deepEqual(seen, ['GET /wxa/checksession -> errcode 40001', 'POST /cgi-bin/stable_token -> ok', 'GET /wxa/checksession -> ok']);
  assert.equal(await wechat.getAccessToken(), theirs, 'stable_token (normal mode) handed over the token the other server got');
});

test('42001 (the token expired on WeChat before our clock said so): refresh and retry', async () => {
  const wechat = client();
  const session = await wechat.code2Session(await env.login('alice', false));
  const old = await wechat.getAccessToken();
  await env.advance(7201);
  const start = env.log.length;
  assert.equal(await wechat.checkSession(session), true);
  assert.equal(env.log.slice(start)[0], 'GET /wxa/checksession -> errcode 42001');
  assert.notEqual(await wechat.getAccessToken(), old);
});

test('forceRefresh asks stable_token with force_refresh and the new token works at once', async () => {
  const wechat = client();
  const session = await wechat.code2Session(await env.login('alice', false));
  const a = await wechat.getAccessToken();
  const b = await wechat.getAccessToken({ forceRefresh: true });
  assert.notEqual(a, b);
  assert.equal(await wechat.checkSession(session), true);
});

test('a server that never answers: ERR_WX_TIMEOUT after timeoutMs', async () => {
  const silent = createServer(() => {}); // accepts, never answers
  await new Promise((r) => silent.listen(0, '127.0.0.1', r));
  try {
    const wechat = createWeChatClient({ appId: APPID, secret: SECRET, baseUrl: `http://127.0.0.1:${silent.address().port}`, timeoutMs: 300 });
    const started = Date.now();
    const err = await wechat.code2Session('CODE').catch((e) => e);
    assert.equal(err.code, 'ERR_WX_TIMEOUT');
    assert.equal(err.retryable, true);
    assert.ok(Date.now() - started < 3000);
    assert.ok(!err.message.includes(SECRET));
  } finally {
    silent.closeAllConnections();
    await new Promise((r) => silent.close(r));
  }
});

test('nothing listening: ERR_WX_NETWORK with the reason (ECONNREFUSED), no secret, no query', async () => {
  const closed = createServer();
  await new Promise((r) => closed.listen(0, '127.0.0.1', r));
  const port = closed.address().port;
  await new Promise((r) => closed.close(r));
  const err = await createWeChatClient({ appId: APPID, secret: SECRET, baseUrl: `http://127.0.0.1:${port}` }).code2Session('THECODE').catch((e) => e);
  assert.equal(err.name, 'WxOpenDataError');
  assert.equal(err.code, 'ERR_WX_NETWORK');
  assert.equal(err.retryable, true);
  assert.match(err.message, /ECONNREFUSED/);
  assert.ok(!err.message.includes(SECRET) && !err.message.includes('THECODE'), err.message);
});

test('a gateway answers HTTP 502: ERR_WX_HTTP (status 502, retryable)', async () => {
  await env.sim('fail-next', { path: '/sns/jscode2session', status: 502 });
  const err = await client().code2Session(await env.login('bob', false)).catch((e) => e);
  assert.equal(err.code, 'ERR_WX_HTTP');
  assert.equal(err.status, 502);
  assert.equal(err.retryable, true);
});
