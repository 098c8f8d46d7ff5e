// wx-open-data/client cases for the runtime-agnostic suite: merged into cases() by js-tests/suite.mjs
// when the runner passes the client module, run by every runner. WeChat is a fake `fetch` handed to
// the client (the Node-only tests against the mock WeChat over HTTP, and the Redis and KV stores,
// live in js-tests/client/). Only ECMAScript, Web APIs and the library here.
//
// cases(lib, client) -> Array<{ name: string, fn: () => void | Promise<void> }>

import { assert } from './suite.mjs';

const APPID = 'wx0a1b2c3d4e5f6a7b';
const SECRET = 'S3cr3t-7f3c0e5a9b1d4f2e8c6a0b3d';
const SESSION_KEY = 'tiihtNczf5v6AKRyjwEUhQ==';
const T0 = 1_800_000_000_000; // the injected clock's start (ms)

/** Await `promise` and expect a WxOpenDataError with `code` (and `field`); returns it. */
async function rejectsCode(promise, code, field) {
  let err;
  try {
    await promise;
  } catch (e) {
    err = e;
  }
  if (err === undefined) throw new Error(`expected ${code}, the promise resolved`);
  assert.ok(err instanceof Error, `expected an Error instance, got ${String(err)}`);
  assert.equal(err.name, 'WxOpenDataError', `expected a WxOpenDataError, got ${err.name}: ${err.message}`);
  assert.equal(err.code, code, `expected ${code}, got ${err.code}: ${err.message}`);
  if (field !== undefined) assert.equal(err.field, field, `expected field ${field}, got ${err.field}`);
  assert.ok(!err.message.includes(SECRET) && !err.message.includes(encodeURIComponent(SECRET)), `the message contains the secret: ${err.message}`);
  return err;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A fake WeChat behind a fake fetch. `route(req)` gets `{ url: URL, path, method, init, json, n }` and
 * returns a body object (HTTP 200, JSON), `{ status, text }`, or throws (a network failure). Every
 * call is recorded in `calls` as `{ url, init }`.
 */
function fakeWeChat(route) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, init });
    const u = new URL(url);
    const json = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    const out = await route({ url: u, path: u.pathname, method: init.method, init, json, n: calls.length });
    if (out !== null && typeof out === 'object' && typeof out.status === 'number') return { status: out.status, text: async () => out.text };
    return { status: 200, text: async () => JSON.stringify(out) };
  };
  const count = (path) => calls.filter((c) => new URL(c.url).pathname === path).length;
  return { fetch, calls, count };
}

/** A fake WeChat whose stable_token hands out TOKEN1, TOKEN2, ... (a new one per call). */
function tokenIssuer(more = () => undefined) {
  let issued = 0;
  const wx = fakeWeChat(async (req) => {
    if (req.path.endsWith('/cgi-bin/stable_token')) {
      issued += 1;
      return { access_token: `TOKEN${issued}`, expires_in: 7200 };
    }
    const out = await more(req);
    if (out === undefined) return { status: 404, text: 'no route' };
    return out;
  });
  return wx;
}

const phoneInfo = (appid, ts) => ({
  errcode: 0,
  errmsg: 'ok',
  phone_info: { phoneNumber: '13800138000', purePhoneNumber: '13800138000', countryCode: 86, watermark: { timestamp: ts, appid } },
});
const wxErr = (errcode) => ({ errcode, errmsg: `error ${errcode}, rid: 1-2-3` });

export function cases(lib, client) {
  const list = [];
  const test = (name, fn) => list.push({ name: `client: ${name}`, fn });
  const { createWeChatClient, kvTokenStore, redisTokenStore } = client;
  const clock = (start = T0) => {
    const c = { t: start, now: () => c.t };
    return c;
  };
  const make = (wx, more = {}) => createWeChatClient({ appId: APPID, secret: SECRET, fetch: wx.fetch, ...more });

  test('exports createWeChatClient, kvTokenStore, redisTokenStore and isWxOpenDataError', () => {
    for (const name of ['createWeChatClient', 'kvTokenStore', 'redisTokenStore', 'isWxOpenDataError']) {
      assert.equal(typeof client[name], 'function', `${name} is not exported`);
    }
  });

  test('createWeChatClient checks its options at once (ERR_INVALID_ARGUMENT naming the field)', () => {
    const f = async () => ({ status: 200, text: async () => '{}' });
    const bad = [
      [undefined, 'options'],
      ['wx', 'options'],
      [{ secret: SECRET, fetch: f }, 'appId'],
      [{ appId: '', secret: SECRET, fetch: f }, 'appId'],
      [{ appId: APPID, fetch: f }, 'secret'],
      [{ appId: APPID, secret: 42, fetch: f }, 'secret'],
      [{ appId: APPID, secret: SECRET, fetch: 'fetch' }, 'fetch'],
      [{ appId: APPID, secret: SECRET, fetch: f, baseUrl: 'api.weixin.qq.com' }, 'baseUrl'],
      [{ appId: APPID, secret: SECRET, fetch: f, baseUrl: 'ftp://api.weixin.qq.com' }, 'baseUrl'],
      [{ appId: APPID, secret: SECRET, fetch: f, baseUrl: 'https://api.weixin.qq.com/?x=1' }, 'baseUrl'],
      [{ appId: APPID, secret: SECRET, fetch: f, baseUrl: 'https://user:pw@api.weixin.qq.com' }, 'baseUrl'],
      [{ appId: APPID, secret: SECRET, fetch: f, baseUrl: 443 }, 'baseUrl'],
      [{ appId: APPID, secret: SECRET, fetch: f, timeoutMs: 0 }, 'timeoutMs'],
      [{ appId: APPID, secret: SECRET, fetch: f, timeoutMs: -5 }, 'timeoutMs'],
      [{ appId: APPID, secret: SECRET, fetch: f, timeoutMs: Number.NaN }, 'timeoutMs'],
      [{ appId: APPID, secret: SECRET, fetch: f, timeoutMs: '1000' }, 'timeoutMs'],
      [{ appId: APPID, secret: SECRET, fetch: f, timeoutMs: 2 ** 31 }, 'timeoutMs'],
      [{ appId: APPID, secret: SECRET, fetch: f, tokenStore: { get() {} } }, 'tokenStore'],
      [{ appId: APPID, secret: SECRET, fetch: f, tokenStore: 'redis' }, 'tokenStore'],
      [{ appId: APPID, secret: SECRET, fetch: f, now: 5 }, 'now'],
      [{ appId: APPID, secret: SECRET, fetch: f, onTokenStoreError: true }, 'onTokenStoreError'],
    ];
    for (const [options, field] of bad) {
      const err = assert.throwsCode(() => createWeChatClient(options), 'ERR_INVALID_ARGUMENT', field);
      assert.ok(!err.message.includes(SECRET), 'the message contains the secret');
    }
    // Valid: every option, and none of the optional ones.
    createWeChatClient({ appId: APPID, secret: SECRET, fetch: f, baseUrl: 'http://127.0.0.1:4000/', timeoutMs: 1, tokenStore: { get() {}, set() {} }, now: () => 0 });
    createWeChatClient({ appId: APPID, secret: SECRET });
  });

  test('code2Session: the request is code2SessionUrl (GET), the answer parseCode2SessionResponse', async () => {
    const wx = fakeWeChat(() => ({ openid: 'oUser1', session_key: SESSION_KEY, unionid: 'oUnion1' }));
    const out = await make(wx).code2Session('CODE1');
    assert.deepEqual(out, { openId: 'oUser1', sessionKey: SESSION_KEY, unionId: 'oUnion1' });
    assert.equal(wx.calls.length, 1);
    assert.equal(wx.calls[0].url, lib.code2SessionUrl({ appId: APPID, secret: SECRET, code: 'CODE1' }));
    assert.equal(wx.calls[0].init.method, 'GET');
    assert.equal(wx.calls[0].init.body, undefined);
  });

  test('fetch is called as a plain function (Workers throw "Illegal invocation" for another `this`)', async () => {
    let self = 'unset';
    const fetch = function (url, init) {
      self = this;
      return Promise.resolve({ status: 200, text: async () => JSON.stringify({ openid: 'o', session_key: SESSION_KEY }) });
    };
    await createWeChatClient({ appId: APPID, secret: SECRET, fetch }).code2Session('C');
    assert.equal(self, undefined);
  });

  test('baseUrl swaps the origin (and adds a path prefix) of every request, path and query unchanged', async () => {
    for (const [baseUrl, prefix] of [['http://127.0.0.1:4000', 'http://127.0.0.1:4000'], ['https://proxy.example.com/wechat/', 'https://proxy.example.com/wechat']]) {
      const wx = tokenIssuer((req) => {
        if (req.path.endsWith('/sns/jscode2session')) return { openid: 'o', session_key: SESSION_KEY };
        if (req.path.endsWith('/wxa/checksession')) return { errcode: 0, errmsg: 'ok' };
        if (req.path.endsWith('/wxa/business/getuserphonenumber')) return phoneInfo(APPID, Math.floor(T0 / 1000));
        if (req.path.endsWith('/wxa/business/checkencryptedmsg')) return { errcode: 0, errmsg: 'ok', vaild: true, create_time: 1 };
      });
      const c = make(wx, { baseUrl, now: () => T0 });
      await c.code2Session('C');
      await c.getAccessToken();
      await c.checkSession({ openId: 'o', sessionKey: SESSION_KEY });
      await c.getPhoneNumber('P');
      await c.checkEncryptedMsg('ZW5jcnlwdGVk');
      const official = [
        lib.code2SessionUrl({ appId: APPID, secret: SECRET, code: 'C' }),
        lib.stableTokenRequest({ appId: APPID, secret: SECRET }).url,
        lib.checkSessionUrl({ accessToken: 'TOKEN1', openId: 'o', sessionKey: SESSION_KEY }),
        lib.phoneNumberRequest({ accessToken: 'TOKEN1', code: 'P' }).url,
        lib.checkEncryptedMsgRequest({ accessToken: 'TOKEN1', encryptedData: 'ZW5jcnlwdGVk' }).url,
      ];
      assert.deepEqual(wx.calls.map((c) => c.url), official.map((u) => u.replace('https://api.weixin.qq.com', prefix)));
    }
  });

  test('getAccessToken: POST /cgi-bin/stable_token exactly as stableTokenRequest builds it; forceRefresh sets force_refresh', async () => {
    const wx = tokenIssuer();
    const c = make(wx);
    assert.equal(await c.getAccessToken(), 'TOKEN1');
    assert.equal(await c.getAccessToken({}), 'TOKEN1');
    assert.equal(await c.getAccessToken({ forceRefresh: false }), 'TOKEN1');
    assert.equal(await c.getAccessToken({ forceRefresh: true }), 'TOKEN2');
    assert.equal(await c.getAccessToken(), 'TOKEN2');
    assert.equal(wx.calls.length, 2);
    for (const [i, forceRefresh] of [[0, false], [1, true]]) {
      const want = lib.stableTokenRequest({ appId: APPID, secret: SECRET, forceRefresh });
      const { url, init } = wx.calls[i];
      assert.equal(url, want.url);
      assert.equal(init.method, want.method);
      assert.deepEqual(init.headers, want.headers);
      assert.equal(init.body, want.body);
    }
    await rejectsCode(c.getAccessToken({ forceRefresh: 'yes' }), 'ERR_INVALID_ARGUMENT', 'forceRefresh');
    await rejectsCode(c.getAccessToken('force'), 'ERR_INVALID_ARGUMENT', 'options');
  });

  test('single flight: 50 concurrent getAccessToken calls make exactly one stable_token request', async () => {
    let release;
    const gate = new Promise((resolve) => (release = resolve));
    let issued = 0;
    const wx = fakeWeChat(async () => {
      issued += 1;
      await gate;
      return { access_token: `TOKEN${issued}`, expires_in: 7200 };
    });
    const c = make(wx);
    const pending = Array.from({ length: 50 }, () => c.getAccessToken());
    await sleep(5);
    release();
    const tokens = await Promise.all(pending);
    assert.equal(wx.calls.length, 1, `${wx.calls.length} requests`);
    assert.deepEqual([...new Set(tokens)], ['TOKEN1']);
    assert.equal(await c.getAccessToken(), 'TOKEN1');
    assert.equal(wx.calls.length, 1);
  });

  test('single flight: 20 concurrent forceRefresh calls make one forced request; plain callers meanwhile join it', async () => {
    const wx = tokenIssuer();
    const c = make(wx);
    assert.equal(await c.getAccessToken(), 'TOKEN1');
    const forced = Array.from({ length: 20 }, () => c.getAccessToken({ forceRefresh: true }));
    const plain = Array.from({ length: 5 }, () => c.getAccessToken());
    const all = await Promise.all([...forced, ...plain]);
    // The plain callers were served from the cache (TOKEN1) or by the forced refresh (TOKEN2).
    assert.deepEqual([...new Set(all.slice(0, 20))], ['TOKEN2']);
    assert.equal(wx.calls.length, 2);
    assert.equal(JSON.parse(wx.calls[1].init.body).force_refresh, true);
  });

  test('single flight: a failed refresh fails every waiting caller with its error, and the next call tries again', async () => {
    let n = 0;
    const wx = fakeWeChat(async () => {
      n += 1;
      await sleep(2);
      return n === 1 ? wxErr(40125) : { access_token: 'TOKEN_OK', expires_in: 7200 };
    });
    const c = make(wx);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => c.getAccessToken()));
    assert.equal(wx.calls.length, 1);
    for (const r of results) {
      assert.equal(r.status, 'rejected');
      assert.equal(r.reason.code, 'ERR_WX_API');
      assert.equal(r.reason.errcode, 40125);
      assert.ok(!r.reason.message.includes(SECRET));
    }
    assert.equal(await c.getAccessToken(), 'TOKEN_OK');
    assert.equal(wx.calls.length, 2);
  });

  test('expiry: cached until 5 minutes before expires_in, then refreshed (injected clock)', async () => {
    const wx = tokenIssuer();
    const t = clock();
    const c = make(wx, { now: t.now });
    assert.equal(await c.getAccessToken(), 'TOKEN1');
    t.t = T0 + (7200 - 301) * 1000;
    assert.equal(await c.getAccessToken(), 'TOKEN1');
    assert.equal(wx.calls.length, 1);
    t.t = T0 + (7200 - 299) * 1000;
    assert.equal(await c.getAccessToken(), 'TOKEN2');
    assert.equal(wx.calls.length, 2);
    assert.equal(JSON.parse(wx.calls[1].init.body).force_refresh, false, 'a timed refresh is not forced');
  });

  test('expiry: a token with little life left (stable_token counts down) is kept for half of it, not refetched per call', async () => {
    let n = 0;
    const wx = fakeWeChat(() => {
      n += 1;
      return { access_token: `TOKEN${n}`, expires_in: 200 };
    });
    const t = clock();
    const c = make(wx, { now: t.now });
    assert.equal(await c.getAccessToken(), 'TOKEN1');
    t.t = T0 + 99_000;
    assert.equal(await c.getAccessToken(), 'TOKEN1');
    t.t = T0 + 100_000;
    assert.equal(await c.getAccessToken(), 'TOKEN2');
    assert.equal(wx.calls.length, 2);
  });

  test('40001: the token-using call refreshes the token once and retries once', async () => {
    const wx = tokenIssuer((req) => {
      const token = req.url.searchParams.get('access_token');
      if (req.path === '/wxa/business/getuserphonenumber') return token === 'TOKEN1' ? wxErr(40001) : phoneInfo(APPID, Math.floor(T0 / 1000));
    });
    const c = make(wx, { now: () => T0 });
    const phone = await c.getPhoneNumber('PHONECODE');
    assert.equal(phone.purePhoneNumber, '13800138000');
    const seen = wx.calls.map((x) => `${new URL(x.url).pathname} ${new URL(x.url).searchParams.get('access_token') ?? ''}`.trim());
    assert.deepEqual(seen, [
      '/cgi-bin/stable_token',
      '/wxa/business/getuserphonenumber TOKEN1',
      '/cgi-bin/stable_token',
      '/wxa/business/getuserphonenumber TOKEN2',
    ]);
    // The retried request is the builder's, with the new token.
    const want = lib.phoneNumberRequest({ accessToken: 'TOKEN2', code: 'PHONECODE' });
    assert.equal(wx.calls[3].url, want.url);
    assert.equal(wx.calls[3].init.body, want.body);
    assert.deepEqual(wx.calls[3].init.headers, want.headers);
    assert.equal(await c.getAccessToken(), 'TOKEN2');
  });

  test('42001 on checkSession: refresh and retry; a second rejection is thrown, not retried again', async () => {
    const wx = tokenIssuer((req) => {
      if (req.path === '/wxa/checksession') return req.url.searchParams.get('access_token') === 'TOKEN1' ? wxErr(42001) : { errcode: 0, errmsg: 'ok' };
    });
    assert.equal(await make(wx).checkSession({ openId: 'oUser', sessionKey: SESSION_KEY }), true);
    assert.equal(wx.count('/cgi-bin/stable_token'), 2);

    const always = tokenIssuer((req) => (req.path === '/wxa/checksession' ? wxErr(40001) : undefined));
    const err = await rejectsCode(make(always).checkSession({ openId: 'oUser', sessionKey: SESSION_KEY }), 'ERR_WX_API');
    assert.equal(err.errcode, 40001);
    assert.equal(always.count('/wxa/checksession'), 2);
    assert.equal(always.count('/cgi-bin/stable_token'), 2);
  });

  test('40001 when stable_token hands back the rejected token: the retry forces a new one', async () => {
    let forced = 0;
    const wx = fakeWeChat((req) => {
      if (req.path === '/cgi-bin/stable_token') {
        if (req.json.force_refresh === true) forced += 1;
        return { access_token: forced ? 'NEWTOKEN' : 'OLDTOKEN', expires_in: 7200 };
      }
      return req.url.searchParams.get('access_token') === 'OLDTOKEN' ? wxErr(40001) : { errcode: 0, errmsg: 'ok' };
    });
    assert.equal(await make(wx).checkSession({ openId: 'o', sessionKey: SESSION_KEY }), true);
    const bodies = wx.calls.filter((x) => new URL(x.url).pathname === '/cgi-bin/stable_token').map((x) => JSON.parse(x.init.body).force_refresh);
    assert.deepEqual(bodies, [false, false, true]);
  });

  test('40001 for 50 concurrent calls: one token refresh between them', async () => {
    const wx = tokenIssuer(async (req) => {
      await sleep(1);
      if (req.path === '/wxa/checksession') return req.url.searchParams.get('access_token') === 'TOKEN1' ? wxErr(40001) : { errcode: 0, errmsg: 'ok' };
    });
    const c = make(wx);
    const out = await Promise.all(Array.from({ length: 50 }, () => c.checkSession({ openId: 'o', sessionKey: SESSION_KEY })));
    assert.ok(out.every((x) => x === true));
    assert.equal(wx.count('/cgi-bin/stable_token'), 2);
    assert.equal(wx.count('/wxa/checksession'), 100);
  });

  test('checkSession: true on errcode 0, false on 87009, other errcodes thrown; the request is checkSessionUrl', async () => {
    for (const [answer, expect] of [[{ errcode: 0, errmsg: 'ok' }, true], [wxErr(87009), false]]) {
      const wx = tokenIssuer((req) => (req.path === '/wxa/checksession' ? answer : undefined));
      assert.equal(await make(wx).checkSession({ openId: 'oUser', sessionKey: SESSION_KEY }), expect);
      assert.equal(wx.calls[1].url, lib.checkSessionUrl({ accessToken: 'TOKEN1', openId: 'oUser', sessionKey: SESSION_KEY }));
      assert.equal(wx.calls[1].init.method, 'GET');
    }
    const wx = tokenIssuer((req) => (req.path === '/wxa/checksession' ? wxErr(40003) : undefined));
    const err = await rejectsCode(make(wx).checkSession({ openId: 'oUser', sessionKey: SESSION_KEY }), 'ERR_WX_API');
    assert.equal(err.errcode, 40003);
    assert.ok(!err.message.includes(SESSION_KEY), 'the message contains the session key');
  });

  test('getPhoneNumber: the request is phoneNumberRequest, the answer parsePhoneNumberResponse (watermark appid, openId, maxAge)', async () => {
    const ts = Math.floor(T0 / 1000);
    let answer = phoneInfo(APPID, ts);
    const wx = tokenIssuer((req) => (req.path === '/wxa/business/getuserphonenumber' ? answer : undefined));
    const c = make(wx, { now: () => T0 });
    const phone = await c.getPhoneNumber('PCODE', { openId: 'oUser', maxAgeSeconds: 60 });
    assert.deepEqual(phone, lib.parsePhoneNumberResponse(answer, { appId: APPID }));
    const want = lib.phoneNumberRequest({ accessToken: 'TOKEN1', code: 'PCODE' });
    assert.equal(wx.calls[1].url, want.url);
    assert.equal(wx.calls[1].init.method, want.method);
    assert.equal(wx.calls[1].init.body, want.body);
    assert.deepEqual(wx.calls[1].init.headers, want.headers);
    answer = phoneInfo('wxSomeOtherApp00000', ts);
    await rejectsCode(c.getPhoneNumber('PCODE'), 'ERR_APPID_MISMATCH');
    answer = phoneInfo(APPID, ts - 3600);
    await rejectsCode(c.getPhoneNumber('PCODE', { maxAgeSeconds: 600 }), 'ERR_WATERMARK_EXPIRED');
    answer = wxErr(40029);
    const err = await rejectsCode(c.getPhoneNumber('PCODE'), 'ERR_WX_API');
    assert.equal(err.errcode, 40029);
    assert.equal(err.retryable, false);
  });

  test('checkEncryptedMsg: the request is checkEncryptedMsgRequest; answers { valid, createTime }', async () => {
    let answer = { errcode: 0, errmsg: 'ok', vaild: true, create_time: 1_700_000_000 };
    const wx = tokenIssuer((req) => (req.path === '/wxa/business/checkencryptedmsg' ? answer : undefined));
    const c = make(wx);
    assert.deepEqual(await c.checkEncryptedMsg('ZW5jcnlwdGVkRGF0YQ=='), { valid: true, createTime: 1_700_000_000 });
    const want = lib.checkEncryptedMsgRequest({ accessToken: 'TOKEN1', encryptedData: 'ZW5jcnlwdGVkRGF0YQ==' });
    assert.equal(wx.calls[1].url, want.url);
    assert.equal(wx.calls[1].init.body, want.body);
    answer = { errcode: 0, errmsg: 'ok', vaild: false, create_time: 0 };
    assert.deepEqual(await c.checkEncryptedMsg({ encryptedData: 'ZW5jcnlwdGVkRGF0YQ==' }), { valid: false, createTime: null });
  });

  test('arguments are checked before any request (same codes as the builders)', async () => {
    const wx = tokenIssuer();
    const c = make(wx);
    await rejectsCode(c.code2Session(), 'ERR_INVALID_ARGUMENT', 'code');
    await rejectsCode(c.code2Session(12345), 'ERR_INVALID_ARGUMENT', 'code');
    await rejectsCode(c.getPhoneNumber(undefined), 'ERR_INVALID_ARGUMENT', 'code');
    await rejectsCode(c.getPhoneNumber('P', 'oUser'), 'ERR_INVALID_ARGUMENT', 'options');
    await rejectsCode(c.getPhoneNumber('P', { openId: 7 }), 'ERR_INVALID_ARGUMENT', 'openId');
    await rejectsCode(c.getPhoneNumber('P', { maxAgeSeconds: '60' }), 'ERR_INVALID_ARGUMENT', 'maxAgeSeconds');
    await rejectsCode(c.checkSession('oUser'), 'ERR_INVALID_ARGUMENT', 'input');
    await rejectsCode(c.checkSession({ openId: 'oUser' }), 'ERR_INVALID_ARGUMENT', 'sessionKey');
    await rejectsCode(c.checkSession({ sessionKey: SESSION_KEY }), 'ERR_INVALID_ARGUMENT', 'openId');
    await rejectsCode(c.checkEncryptedMsg(''), 'ERR_INVALID_ARGUMENT', 'encryptedData');
    assert.equal(wx.calls.length, 0);
  });

  test('ERR_WX_API from WeChat keeps errcode, retryable and hint; the message never holds the secret', async () => {
    for (const [errcode, retryable] of [[40029, false], [40163, false], [-1, true], [45011, true], [40125, false]]) {
      const wx = fakeWeChat(() => wxErr(errcode));
      const err = await rejectsCode(make(wx).code2Session('CODE'), 'ERR_WX_API');
      assert.equal(err.errcode, errcode);
      assert.equal(err.retryable, retryable);
      assert.equal(typeof err.hint, 'string');
    }
  });

  test('timeout: ERR_WX_TIMEOUT (retryable) when fetch does not answer in time, and the request is aborted', async () => {
    let signal;
    const hang = (url, init) => {
      signal = init.signal;
      return new Promise(() => {}); // never settles, not even on abort
    };
    const c = createWeChatClient({ appId: APPID, secret: SECRET, fetch: hang, timeoutMs: 30 });
    const started = Date.now();
    const err = await rejectsCode(c.code2Session('CODE'), 'ERR_WX_TIMEOUT');
    assert.equal(err.retryable, true);
    assert.ok(Date.now() - started < 5000, 'the timeout took far longer than timeoutMs');
    assert.ok(signal && signal.aborted === true, 'the fetch signal was not aborted');
    assert.ok(!err.message.includes('js_code') && !err.message.includes('CODE'), `the message shows the query: ${err.message}`);
    // A fetch that honours the signal (rejects with an AbortError) is a timeout too, not a network error.
    const honours = (url, init) =>
      new Promise((resolve, reject) => init.signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }))));
    await rejectsCode(createWeChatClient({ appId: APPID, secret: SECRET, fetch: honours, timeoutMs: 20 }).getAccessToken(), 'ERR_WX_TIMEOUT');
    // The body counts: headers in time, body never.
    const slowBody = async () => ({ status: 200, text: () => new Promise(() => {}) });
    await rejectsCode(createWeChatClient({ appId: APPID, secret: SECRET, fetch: slowBody, timeoutMs: 20 }).code2Session('C'), 'ERR_WX_TIMEOUT');
  });

  test('network failure: ERR_WX_NETWORK (retryable), never the raw TypeError, secret and query redacted', async () => {
    const failing = (url) => Promise.reject(new TypeError(`error sending request for url (${url}): connection refused`));
    const c = createWeChatClient({ appId: APPID, secret: SECRET, fetch: failing });
    const err = await rejectsCode(c.code2Session('THECODE'), 'ERR_WX_NETWORK');
    assert.equal(err.retryable, true);
    assert.ok(err.message.includes('connection refused'), `the cause is lost: ${err.message}`);
    assert.ok(!err.message.includes('THECODE'), `the message shows the query: ${err.message}`);
    // A fetch that throws synchronously, and one whose body fails.
    const throwing = () => {
      throw new TypeError('Failed to fetch');
    };
    await rejectsCode(createWeChatClient({ appId: APPID, secret: SECRET, fetch: throwing }).getAccessToken(), 'ERR_WX_NETWORK');
    const brokenBody = async () => ({ status: 200, text: () => Promise.reject(new TypeError('terminated')) });
    await rejectsCode(createWeChatClient({ appId: APPID, secret: SECRET, fetch: brokenBody }).code2Session('C'), 'ERR_WX_NETWORK');
    // The secret inside a cause message is redacted even outside a URL.
    const leaky = () => Promise.reject(new Error(`bad secret ${SECRET}`));
    await rejectsCode(createWeChatClient({ appId: APPID, secret: SECRET, fetch: leaky }).getAccessToken(), 'ERR_WX_NETWORK');
    // The access_token does not show either.
    let n = 0;
    const tokenLeak = (url) => (++n === 1 ? Promise.resolve({ status: 200, text: async () => '{"access_token":"SECRETTOKEN123","expires_in":7200}' }) : Promise.reject(new Error(`failed ${url} SECRETTOKEN123`)));
    const e2 = await rejectsCode(createWeChatClient({ appId: APPID, secret: SECRET, fetch: tokenLeak }).checkSession({ openId: 'o', sessionKey: SESSION_KEY }), 'ERR_WX_NETWORK');
    assert.ok(!e2.message.includes('SECRETTOKEN123'), `the message shows the access_token: ${e2.message}`);
  });

  test('HTTP status outside 2xx: ERR_WX_HTTP with status (5xx/429 retryable); a 200 HTML page is ERR_INVALID_RESPONSE', async () => {
    for (const [status, retryable] of [[502, true], [503, true], [429, true], [404, false], [403, false]]) {
      const wx = fakeWeChat(() => ({ status, text: '<html>error</html>' }));
      const err = await rejectsCode(make(wx).code2Session('C'), 'ERR_WX_HTTP');
      assert.equal(err.status, status);
      assert.equal(err.retryable, retryable);
    }
    const html = fakeWeChat(() => ({ status: 200, text: '<html>proxy login</html>' }));
    await rejectsCode(make(html).code2Session('C'), 'ERR_INVALID_RESPONSE');
    const notResponse = async () => 'not a response';
    await rejectsCode(createWeChatClient({ appId: APPID, secret: SECRET, fetch: notResponse }).code2Session('C'), 'ERR_INVALID_ARGUMENT', 'fetch');
  });

  // ---- token stores ----

  /** A plain in-memory TokenStore shared by several clients (what Redis or KV are in production). */
  function memoryStore() {
    const map = new Map();
    const log = [];
    return {
      map,
      log,
      get(key) {
        log.push(['get', key]);
        return map.get(key) ?? null;
      },
      async set(key, value, ttl) {
        log.push(['set', key, ttl]);
        map.set(key, value);
      },
    };
  }

  test('tokenStore: a second client (another process) takes the stored token instead of fetching', async () => {
    const store = memoryStore();
    const t = clock();
    const wx = tokenIssuer();
    const a = make(wx, { tokenStore: store, now: t.now });
    const b = make(wx, { tokenStore: store, now: t.now });
    assert.equal(await a.getAccessToken(), 'TOKEN1');
    assert.equal(await b.getAccessToken(), 'TOKEN1');
    assert.equal(wx.calls.length, 1);
    const key = `wx-open-data:access_token:${APPID}`;
    assert.deepEqual(store.map.get(key), { accessToken: 'TOKEN1', expiresAt: T0 + 7200_000 });
    assert.deepEqual(store.log.find((x) => x[0] === 'set'), ['set', key, 7200]);
    // Near expiry the stored token is not taken: a fresh one is fetched and stored for everyone.
    t.t = T0 + (7200 - 200) * 1000;
    const c = make(wx, { tokenStore: store, now: t.now });
    assert.equal(await c.getAccessToken(), 'TOKEN2');
    assert.equal(store.map.get(key).accessToken, 'TOKEN2');
    assert.equal(await a.getAccessToken(), 'TOKEN2');
    assert.equal(wx.calls.length, 2);
  });

  test('tokenStore: forceRefresh skips the store and writes the new token; a 40001 skips a stored rejected token', async () => {
    const store = memoryStore();
    const key = `wx-open-data:access_token:${APPID}`;
    const wx = tokenIssuer((req) => (req.url.searchParams.get('access_token') === 'TOKEN1' ? wxErr(40001) : { errcode: 0, errmsg: 'ok' }));
    const a = make(wx, { tokenStore: store });
    assert.equal(await a.getAccessToken(), 'TOKEN1');
    const b = make(wx, { tokenStore: store });
    // b reads TOKEN1 from the store, WeChat rejects it, and b must not take it from the store again.
    assert.equal(await b.checkSession({ openId: 'o', sessionKey: SESSION_KEY }), true);
    assert.equal(store.map.get(key).accessToken, 'TOKEN2');
    assert.equal(await b.getAccessToken({ forceRefresh: true }), 'TOKEN3');
    assert.equal(store.map.get(key).accessToken, 'TOKEN3');
    assert.equal(wx.count('/cgi-bin/stable_token'), 3);
  });

  test('tokenStore: a failing or garbled store never fails the call (onTokenStoreError is told)', async () => {
    const seen = [];
    const broken = {
      get: async () => {
        throw new Error('redis down');
      },
      set: () => {
        throw new Error('redis down');
      },
    };
    const wx = tokenIssuer();
    const c = make(wx, { tokenStore: broken, onTokenStoreError: (err, op) => seen.push(`${op}: ${err.message}`) });
    assert.equal(await c.getAccessToken(), 'TOKEN1');
    assert.deepEqual(seen, ['get: redis down', 'set: redis down']);
    for (const garbage of ['not json', '{"accessToken":5}', { accessToken: '', expiresAt: T0 * 2 }, { accessToken: 'X' }, 42, []]) {
      const w = tokenIssuer();
      const d = make(w, { tokenStore: { get: () => garbage, set() {} } });
      assert.equal(await d.getAccessToken(), 'TOKEN1');
    }
    // JSON text of a StoredToken is accepted.
    const w = tokenIssuer();
    const text = JSON.stringify({ accessToken: 'FROMTEXT', expiresAt: T0 + 3600_000 });
    assert.equal(await make(w, { now: () => T0, tokenStore: { get: () => text, set() {} } }).getAccessToken(), 'FROMTEXT');
    assert.equal(w.calls.length, 0);
  });

  test('kvTokenStore: JSON text with expirationTtl of at least 60 seconds (KV\'s minimum)', async () => {
    const puts = [];
    const kv = new Map();
    const namespace = {
      async get(key, type) {
        assert.equal(type, 'text');
        return kv.get(key) ?? null;
      },
      async put(key, value, opts) {
        puts.push([key, value, opts]);
        kv.set(key, value);
      },
    };
    const store = kvTokenStore(namespace);
    assert.equal(await store.get('k'), null);
    await store.set('k', { accessToken: 'A', expiresAt: 5 }, 7199);
    await store.set('k', { accessToken: 'A', expiresAt: 5 }, 12);
    assert.deepEqual(puts.map((p) => p[2]), [{ expirationTtl: 7199 }, { expirationTtl: 60 }]);
    assert.deepEqual(await store.get('k'), { accessToken: 'A', expiresAt: 5 });
    for (const bad of [undefined, null, {}, { get() {} }, 'KV']) assert.throwsCode(() => kvTokenStore(bad), 'ERR_INVALID_ARGUMENT', 'namespace');
  });

  test('redisTokenStore: SET with EX in node-redis form ({ EX }) or ioredis form (\'EX\', n), told apart by call()', async () => {
    const calls = [];
    const nodeRedisLike = {
      get: async (key) => (key === 'k' ? JSON.stringify({ accessToken: 'R', expiresAt: 9 }) : null),
      set: async (...args) => calls.push(['node-redis', ...args]),
      sendCommand: async () => null,
    };
    const ioredisLike = { ...nodeRedisLike, set: async (...args) => calls.push(['ioredis', ...args]), call: async () => null };
    for (const c of [nodeRedisLike, ioredisLike]) {
      const store = redisTokenStore(c);
      assert.deepEqual(await store.get('k'), { accessToken: 'R', expiresAt: 9 });
      assert.equal(await store.get('other'), null);
      await store.set('k', { accessToken: 'R', expiresAt: 9 }, 7200);
    }
    const text = JSON.stringify({ accessToken: 'R', expiresAt: 9 });
    assert.deepEqual(calls, [['node-redis', 'k', text, { EX: 7200 }], ['ioredis', 'k', text, 'EX', 7200]]);
    for (const bad of [undefined, null, {}, { get() {} }, 'redis://']) assert.throwsCode(() => redisTokenStore(bad), 'ERR_INVALID_ARGUMENT', 'client');
  });

  return list;
}
