// The mini program's login module and page under node:test, with a simulated wx and an in-process
// stand-in for the server's HTTP answers (the real server is exercised by `make demo` and the Worker test).
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { createFakeWx } = require('./fake-wx');
const { createSession, TOKEN_KEY } = require('../lib/session');
const prompts = require('../lib/prompts');

const apiBase = 'http://127.0.0.1:9';
const ok = (data) => ({ statusCode: 200, data: Object.assign({ ok: true }, data) });
const fail = (statusCode, data) => ({ statusCode, data: Object.assign({ ok: false }, data) });
// Wait for a page's async chain (no fixed sleeps: a loaded CI machine must not make this flaky).
async function waitFor(cond, what) {
  for (let i = 0; i < 400; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.fail(`timed out waiting for ${what}`);
}

test('login exchanges the wx.login code for the server token and sends it as a Bearer header', async () => {
  const wx = createFakeWx({
    handler: (method, p, data, header) => {
      if (p === '/login') return ok({ token: `tok-for-${data.code}`, user: { openId: 'o1' } });
      if (p === '/user/me') return header.authorization === 'Bearer tok-for-code-1' ? ok({ user: { openId: 'o1' } }) : fail(401, { code: 'ERR_UNAUTHORIZED', relogin: true });
      return fail(404, { code: 'ERR_NOT_FOUND' });
    },
  });
  const s = createSession(wx, { apiBase });
  assert.equal(s.hasToken(), false);
  await s.login();
  assert.equal(wx.getStorageSync(TOKEN_KEY), 'tok-for-code-1');
  assert.equal(wx.requests[0].header.authorization, undefined, '/login is sent without a token');
  assert.deepEqual(await s.me(), { openId: 'o1' });
});

test('ensureLogin logs in only when there is no token or wx.checkSession fails', async () => {
  let logins = 0;
  const wx = createFakeWx({ handler: (m, p) => (p === '/login' ? (logins++, ok({ token: `t${logins}`, user: {} })) : fail(404, {})) });
  const s = createSession(wx, { apiBase });
  await s.ensureLogin();
  await s.ensureLogin();
  assert.equal(logins, 1);
  wx.checkSessionOk = false;
  await s.ensureLogin();
  assert.equal(logins, 2);
  assert.equal(wx.getStorageSync(TOKEN_KEY), 't2');
});

test('submitPhone sends the code, or encryptedData/iv for the legacy flow; a refusal never reaches the server', async () => {
  const wx = createFakeWx({ handler: (m, p, data) => ok({ user: { sent: data } }) });
  wx.setStorageSync(TOKEN_KEY, 't');
  const s = createSession(wx, { apiBase });
  const detail = { errMsg: 'getPhoneNumber:ok', code: 'pc', encryptedData: 'ed', iv: 'iv' };
  assert.deepEqual((await s.submitPhone(detail)).sent, { code: 'pc' });
  assert.deepEqual((await s.submitPhone(detail, { legacy: true })).sent, { encryptedData: 'ed', iv: 'iv' });
  assert.deepEqual((await s.submitPhone({ errMsg: 'getPhoneNumber:ok', encryptedData: 'e2', iv: 'i2' })).sent, { encryptedData: 'e2', iv: 'i2' });
  const before = wx.requests.length;
  await assert.rejects(s.submitPhone({ errMsg: 'getPhoneNumber:fail user deny' }), (err) => {
    assert.equal(err.code, 'ERR_USER_DENIED');
    assert.equal(prompts.promptFor(err), prompts.NOT_AUTHORIZED);
    return true;
  });
  assert.equal(wx.requests.length, before);
});

test('a relogin answer (stale session_key) drops the token and maps to the login-failed prompt', async () => {
  const wx = createFakeWx({ handler: () => fail(400, { code: 'ERR_DECRYPT_FAILED', message: 'm', relogin: true }) });
  wx.setStorageSync(TOKEN_KEY, 't');
  const s = createSession(wx, { apiBase });
  await assert.rejects(s.submitUserInfo({ rawData: '{}', signature: 'x', encryptedData: 'e', iv: 'i' }), (err) => {
    assert.equal(err.code, 'ERR_DECRYPT_FAILED');
    assert.equal(err.status, 400);
    assert.equal(err.relogin, true);
    assert.equal(prompts.promptFor(err), prompts.LOGIN_FAILED);
    return true;
  });
  assert.equal(s.hasToken(), false);
});

test('every server error shape maps to the prompt the user sees', async () => {
  const cases = [
    [fail(401, { code: 'ERR_UNAUTHORIZED', relogin: true }), prompts.NOT_AUTHORIZED],
    [fail(503, { code: 'ERR_WX_API', errcode: 45011, retryable: true }), prompts.RATE_LIMITED],
    [fail(503, { code: 'ERR_WX_API', errcode: -1, retryable: true }), prompts.BUSY],
    [fail(400, { code: 'ERR_WX_API', errcode: 40226, retryable: false }), prompts.BLOCKED],
    [fail(400, { code: 'ERR_WX_API', errcode: 40029, retryable: false }), prompts.LOGIN_FAILED],
    [fail(400, { code: 'ERR_WX_API', errcode: 40163, retryable: false }), prompts.LOGIN_FAILED],
    [fail(400, { code: 'ERR_INVALID_BASE64', field: 'encryptedData' }), prompts.LOGIN_FAILED],
    [fail(500, { code: 'ERR_INTERNAL' }), prompts.LOGIN_FAILED],
  ];
  for (const [answer, expected] of cases) {
    const wx = createFakeWx({ handler: () => answer });
    const s = createSession(wx, { apiBase });
    const err = await s.login().then(() => null, (e) => e);
    assert.ok(err, `expected ${answer.data.code} to reject`);
    assert.equal(err.code, answer.data.code);
    assert.equal(await prompts.showError(wx, err), expected);
    assert.deepEqual(wx.modals, [expected]);
  }
  const offline = createFakeWx({ handler: null });
  const err = await createSession(offline, { apiBase }).login().then(() => null, (e) => e);
  assert.equal(err.code, 'ERR_NETWORK');
  assert.equal(prompts.promptFor(err), prompts.BUSY);
});

test('the login page shows the not-authorized prompt when the user refuses the phone number', async () => {
  const wx = createFakeWx({ handler: (m, p) => (p === '/login' ? ok({ token: 't', user: {} }) : ok({ user: { openId: 'o1' } })) });
  let appDef;
  let pageDef;
  Object.assign(globalThis, {
    wx,
    App: (def) => (appDef = def),
    Page: (def) => (pageDef = def),
    getApp: () => appDef,
  });
  try {
    require(path.join(__dirname, '..', 'app.js'));
    appDef.onLaunch();
    require(path.join(__dirname, '..', 'pages', 'login', 'login.js'));
    const page = Object.assign(Object.create(pageDef), { setData(d) { Object.assign(this.data, d); } });
    page.data = Object.assign({}, pageDef.data);
    await waitFor(() => wx.getStorageSync(TOKEN_KEY) === 't', 'the launch login');
    pageDef.onGetPhoneNumber.call(page, { detail: { errMsg: 'getPhoneNumber:fail user deny' } });
    await waitFor(() => wx.modals.length > 0, 'the prompt');
    assert.deepEqual(wx.modals, [prompts.NOT_AUTHORIZED]);
    pageDef.onGetPhoneNumber.call(page, { detail: { errMsg: 'getPhoneNumber:ok', code: 'pc' } });
    await waitFor(() => page.data.user !== null, 'the user');
    assert.deepEqual(page.data.user, { openId: 'o1' });
    assert.deepEqual(wx.modals, [prompts.NOT_AUTHORIZED], 'no second prompt');
    assert.deepEqual(wx.requests.at(-1).data, { code: 'pc' });
  } finally {
    for (const k of ['wx', 'App', 'Page', 'getApp']) delete globalThis[k];
  }
});
