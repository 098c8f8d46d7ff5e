// The scripted mini program: walks the login flow against a server (the Node example or the Worker)
// with the mini program's own login module (examples/miniprogram/lib/session.js) and a simulated
// wx backed by the mock WeChat, then walks the failure paths users hit in the field. For every step
// it records what the server answered and the wx.showModal text the user would see, and compares
// both with what is expected.
import { createRequire } from 'node:module';
import { createSimWx } from './sim-wx.mjs';

const require = createRequire(import.meta.url);
const { createSession, ServerError } = require('../miniprogram/lib/session.js');
const prompts = require('../miniprogram/lib/prompts.js');

export const DEMO_APPID = 'wx0a1b2c3d4e5f6a7b';
export const TRIAL_APPID = 'wx9f8e7d6c5b4a3f2e'; // another mini program: its codes are not ours

/**
 * runFlow({ serverUrl, mockUrl, mock, readUser(openId) -> row|null (sync or async), print(line),
 *   platforms: true to log in once from each other platform too (the server must have them configured) })
 * -> { steps: [{ title, status, code, errcode, prompt, note, ok, expected }], ok }
 */
export async function runFlow({ serverUrl, mockUrl, mock, readUser, push = null, platforms = false, apiSecurity = false, print = () => {}, rateLimitPerMinute = 20, wechatCalls = () => [] }) {
  const steps = [];
  const clients = [];
  const client = (user, appid = DEMO_APPID) => {
    const wx = createSimWx({ mockUrl, appid, user });
    clients.push(wx);
    return { wx, session: createSession(wx, { apiBase: serverUrl }) };
  };
  const mockCall = async (path, body) => {
    const res = await fetch(`${mockUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return res.json();
  };

  // Run one step: fn returns a note (success) or throws the session module's ServerError.
  async function step(title, expected, fn) {
    const n = steps.length + 1;
    print(`\n[${n}] ${title}`);
    const out = { title, status: 200, code: null, errcode: null, prompt: null, note: '' };
    let wx;
    const callsBefore = wechatCalls().length;
    try {
      const r = await fn((w) => (wx = w));
      Object.assign(out, typeof r === 'string' ? { note: r } : r);
    } catch (err) {
      if (err?.name === 'Check') {
        out.status = 'check';
        out.code = 'CHECK_FAILED';
        out.note = err.message;
      } else if (err?.name !== 'ServerError') {
        out.status = 'crash';
        out.code = 'CRASH';
        out.note = String(err?.stack ?? err);
      } else {
        out.status = err.status || '-';
        out.code = err.code;
        out.errcode = err.errcode ?? null;
        out.note = err.field ? `${err.message} [field: ${err.field}]` : err.message;
        out.relogin = err.relogin ?? false;
        out.prompt = prompts.promptFor(err);
        if (wx) await prompts.showError(wx, err);
      }
    }
    const checks = [
      // `caller` only changes how the step is printed.
      ['status', expected.status ?? 200],
      ['code', expected.code ?? null],
      ['errcode', expected.errcode ?? null],
      ['prompt', expected.prompt ?? null],
    ];
    if (expected.relogin !== undefined) checks.push(['relogin', expected.relogin]);
    const diffs = checks.filter(([k, v]) => out[k] !== v).map(([k, v]) => `${k}: expected ${JSON.stringify(v)}, got ${JSON.stringify(out[k])}`);
    out.ok = diffs.length === 0;
    out.expected = expected;
    steps.push(out);
    const calls = wechatCalls().slice(callsBefore);
    if (calls.length) {
      // Collapse repeats (the rate-limit burst) into "N x".
      const counted = [];
      for (const c of calls) {
        const last = counted.at(-1);
        if (last && last[0] === c) last[1]++;
        else counted.push([c, 1]);
      }
      print(`    server -> WeChat: ${counted.map(([c, n]) => (n > 1 ? `${n} x ${c}` : c)).join('; ')}`);
    }
    if (out.status === 'check') {
      print(`    check: ${out.note}`);
      print(`    ${out.ok ? 'as expected' : `DEVIATION: ${diffs.join('; ')}`}`);
      return out;
    }
    const answer = out.code ? `${out.status} ${out.code}${out.errcode !== null ? ` (errcode ${out.errcode})` : ''}${out.relogin ? ' relogin' : ''}` : `${out.status} ok`;
    print(`    server answered: ${answer}`);
    if (out.note) print(`    ${out.code ? 'message' : 'result'}: ${out.note}`);
    if (expected.caller === 'wechat') print('    (WeChat is the caller here: no mini program prompt)');
    else print(`    mini program shows: ${out.prompt ? `wx.showModal「${out.prompt}」` : '(no prompt)'}`);
    print(`    ${out.ok ? 'as expected' : `DEVIATION: ${diffs.join('; ')}`}`);
    return out;
  }

  // ---------------- the happy path ----------------
  print('\n== the login flow: wx.login, profile, phone number, WeRun, the user row ==');
  const alice = client('alice');
  let aliceOpenId = null;
  await step('alice opens the mini program: wx.login -> POST /login', {}, async (use) => {
    use(alice.wx);
    const user = await alice.session.login();
    aliceOpenId = user.openId;
    return `token stored (${alice.wx.getStorageSync('sessionToken').slice(0, 8)}…), openId ${user.openId}`;
  });

  await step('wx.getUserInfo (legacy payload + rawData signature) -> POST /user/profile', {}, async (use) => {
    use(alice.wx);
    const res = await alice.wx.call('getUserInfo');
    const user = await alice.session.submitUserInfo(res);
    return `nickName ${user.nickName} (signature verified, watermark and openId checked)`;
  });

  await step('avatar/nickname fill-in -> POST /user/profile { nickName, avatarUrl }', {}, async (use) => {
    use(alice.wx);
    const user = await alice.session.saveProfile({ nickName: 'Alice 🐼', avatarUrl: 'https://example.invalid/avatar.png' });
    return `nickName ${user.nickName}`;
  });

  await step('getPhoneNumber button, code flow -> POST /user/phone { code }', {}, async (use) => {
    use(alice.wx);
    const before = wechatCalls().length;
    const user = await alice.session.submitPhone(await alice.wx.phoneButton());
    if (!apiSecurity) return `phone ${user.phone} (WeChat's getuserphonenumber answered, watermark appid checked)`;
    // The server's client has the apiSecurity option: WeChat must have seen a signed, encrypted call.
    const secured = wechatCalls().slice(before).some((c) => c.startsWith('POST /wxa/business/getuserphonenumber -> ok (API security'));
    if (!secured) throw Object.assign(new Error('the phone-number call did not go through API security'), { name: 'Check' });
    return `phone ${user.phone} (getuserphonenumber under API security: sealed and signed by the server, verified and decrypted by WeChat, its answer encrypted and signed back, then verified and decrypted; watermark appid checked)`;
  });

  await step('access_token replaced elsewhere: getuserphonenumber answers 40001 once; the server refreshes it and retries', {}, async (use) => {
    use(alice.wx);
    await mockCall('/__mock/fail-next', { path: '/wxa/business/getuserphonenumber', errcode: 40001 });
    const before = wechatCalls().length;
    const user = await alice.session.submitPhone(await alice.wx.phoneButton());
    const calls = wechatCalls().slice(before).map((c) => c.replace(/ -> .*/, '')).filter((c) => !c.startsWith('POST /__mock'));
    // The rejected call, one token refresh (stable_token hands back the same token, so it is forced), the retry.
    const phoneCalls = calls.filter((c) => c === 'POST /wxa/business/getuserphonenumber').length;
    if (phoneCalls !== 2 || !calls.includes('POST /cgi-bin/stable_token')) {
      throw Object.assign(new Error(`expected the rejected call, a stable_token refresh and one retry; WeChat saw: ${calls.join(', ')}`), { name: 'Check' });
    }
    return `phone ${user.phone} after one refresh and one retry`;
  });

  await step('getPhoneNumber button, legacy flow -> POST /user/phone { encryptedData, iv }', {}, async (use) => {
    use(alice.wx);
    const user = await alice.session.submitPhone(await alice.wx.phoneButton(), { legacy: true });
    return `phone ${user.phone} (decrypted with the server's session_key, confirmed by checkencryptedmsg)`;
  });

  await step('wx.getWeRunData -> POST /user/werun', {}, async (use) => {
    use(alice.wx);
    const body = await alice.session.submitWeRun(await alice.wx.call('getWeRunData'));
    return `${body.days} days, today ${body.today} steps`;
  });

  await step('the user row is in the database', { status: 'check' }, async () => {
    const row = await readUser(aliceOpenId);
    if (!row) throw Object.assign(new Error(`no user row for ${aliceOpenId}`), { name: 'Check' });
    const problems = [];
    if (row.phone !== '13800138000') problems.push(`phone ${row.phone}`);
    if (!row.union_id) problems.push('no union_id');
    if (row.nick_name !== 'Alice 🐼') problems.push(`nick_name ${row.nick_name}`);
    if (!(row.steps_today > 0)) problems.push(`steps_today ${row.steps_today}`);
    if (problems.length) throw Object.assign(new Error(`unexpected row: ${problems.join(', ')}`), { name: 'Check' });
    return { status: 'check', note: `users: open_id=${row.open_id} union_id=${row.union_id} phone=${row.phone} nick_name=${row.nick_name} steps_today=${row.steps_today}` };
  });

  // ---------------- failure paths ----------------
  print('\n== failure paths users hit, and what the mini program shows ==');
  await step(
    'stale session_key: a second wx.login (never sent to the server) rotates the key, then legacy phone data',
    { status: 400, code: 'ERR_DECRYPT_FAILED', prompt: prompts.LOGIN_FAILED, relogin: true },
    async (use) => {
      use(alice.wx);
      await alice.wx.call('login'); // e.g. a page's onShow calling wx.login "to be safe"
      await alice.session.submitPhone(await alice.wx.phoneButton(), { legacy: true });
      return 'decrypted?!';
    },
  );

  await step('recovery: the login module logs in again, the user taps again', {}, async (use) => {
    use(alice.wx);
    await alice.session.ensureLogin();
    const user = await alice.session.submitPhone(await alice.wx.phoneButton(), { legacy: true });
    return `phone ${user.phone}`;
  });

  await step(
    '`+` turned into a space: hand-built form body without encodeURIComponent -> POST /user/werun',
    { status: 400, code: 'ERR_INVALID_BASE64', prompt: prompts.LOGIN_FAILED },
    async (use) => {
      use(alice.wx);
      let res;
      for (let i = 0; i < 20 && !(res && res.encryptedData.includes('+')); i++) res = await alice.wx.call('getWeRunData');
      // The bug: 'encryptedData=' + res.encryptedData in an x-www-form-urlencoded body.
      const out = await fetch(`${serverUrl}/user/werun`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${alice.wx.getStorageSync('sessionToken')}` },
        body: `encryptedData=${res.encryptedData}&iv=${res.iv}`,
      });
      const body = await out.json();
      if (body.ok) return 'accepted?!';
      const { ServerError } = require('../miniprogram/lib/session.js');
      throw new ServerError(out.status, body);
    },
  );

  const bob = client('bob');
  await step(
    'wrong appid: the trial build (another appid) sends its code to this server',
    { status: 400, code: 'ERR_WX_API', errcode: 40029, prompt: prompts.LOGIN_FAILED },
    async (use) => {
      const trial = client('bob', TRIAL_APPID);
      use(trial.wx);
      await trial.session.login();
      return 'logged in?!';
    },
  );

  await step(
    'code reused: a double tap posts the same wx.login code twice',
    { status: 400, code: 'ERR_WX_API', errcode: 40163, prompt: prompts.LOGIN_FAILED },
    async (use) => {
      use(bob.wx);
      const { code } = await bob.wx.call('login');
      await bob.session.request('POST', '/login', { code }, { auth: false });
      await bob.session.request('POST', '/login', { code }, { auth: false });
      return 'accepted twice?!';
    },
  );

  await step(
    'WeChat busy: jscode2session answers -1',
    { status: 503, code: 'ERR_WX_API', errcode: -1, prompt: prompts.BUSY },
    async (use) => {
      use(bob.wx);
      await mockCall('/__mock/fail-next', { path: '/sns/jscode2session', errcode: -1 });
      await bob.session.login();
      return 'logged in?!';
    },
  );

  await step(
    "a gateway in front of WeChat answers HTTP 502: ERR_WX_HTTP, retryable",
    { status: 503, code: 'ERR_WX_HTTP', prompt: prompts.BUSY },
    async (use) => {
      use(bob.wx);
      await mockCall('/__mock/fail-next', { path: '/sns/jscode2session', status: 502 });
      await bob.session.login();
      return 'logged in?!';
    },
  );

  await step(
    `rate limit: a burst of logins (the mock allows ${rateLimitPerMinute} per user and minute)`,
    { status: 503, code: 'ERR_WX_API', errcode: 45011, prompt: prompts.RATE_LIMITED },
    async (use) => {
      use(bob.wx);
      for (let i = 0; i < rateLimitPerMinute + 5; i++) await bob.session.login();
      return 'never limited?!';
    },
  );

  await step(
    'flagged user: WeChat blocks a high-risk account',
    { status: 400, code: 'ERR_WX_API', errcode: 40226, prompt: prompts.BLOCKED },
    async (use) => {
      const mallory = client('mallory');
      use(mallory.wx);
      await mallory.session.login();
      return 'logged in?!';
    },
  );

  await step(
    'no session: phone number sent before logging in',
    { status: 401, code: 'ERR_UNAUTHORIZED', prompt: prompts.NOT_AUTHORIZED, relogin: true },
    async (use) => {
      const carol = client('bob');
      use(carol.wx);
      await carol.session.request('POST', '/user/phone', { code: 'whatever' });
      return 'accepted?!';
    },
  );

  await step(
    'the user refuses the phone number (getPhoneNumber:fail user deny)',
    { status: '-', code: 'ERR_USER_DENIED', prompt: prompts.NOT_AUTHORIZED },
    async (use) => {
      use(alice.wx);
      await alice.session.submitPhone(await alice.wx.phoneButton({ deny: true }));
      return 'sent?!';
    },
  );

  await step(
    'code expired: wx.login, then the code reaches the server more than 5 minutes later',
    { status: 400, code: 'ERR_WX_API', errcode: 40029, prompt: prompts.LOGIN_FAILED },
    async (use) => {
      const dave = client('bob');
      use(dave.wx);
      const { code } = await dave.wx.call('login');
      await mockCall('/__mock/clock', { advanceSeconds: 301 }); // the mock's clock, not the machine's
      try {
        await dave.session.request('POST', '/login', { code }, { auth: false });
      } finally {
        await mockCall('/__mock/clock', { advanceSeconds: -301 });
      }
      return 'accepted?!';
    },
  );

  // ---------------- sealed session tokens: logout, tampering ----------------
  print('\n== the session token: logout and tampering ==');
  const { ServerError } = require('../miniprogram/lib/session.js');
  /** A request with a given token (not the one in storage); throws the ServerError the client would. */
  const withToken = async (token, method, path) => {
    const res = await fetch(`${serverUrl}${path}`, { method, headers: { authorization: `Bearer ${token}` } });
    const body = await res.json();
    if (!body.ok) throw new ServerError(res.status, body);
    return body;
  };
  const refused = { status: 401, code: 'ERR_UNAUTHORIZED', prompt: prompts.NOT_AUTHORIZED, relogin: true };
  let oldToken = '';
  await step('logout: POST /logout (the token is a sealed JWE; the server bumps the session version)', {}, async (use) => {
    use(alice.wx);
    await alice.session.ensureLogin();
    oldToken = alice.wx.getStorageSync('sessionToken');
    await alice.session.request('POST', '/logout', {});
    alice.wx.removeStorageSync('sessionToken');
    return `token ${oldToken.slice(0, 12)}… (${oldToken.length} characters) ended`;
  });
  await step('after logout, the old token is refused although it has not expired', refused, async (use) => {
    use(alice.wx);
    await withToken(oldToken, 'GET', '/user/me');
    return 'accepted?!';
  });
  await step('a token with one character changed is refused (AES-GCM tag)', refused, async (use) => {
    use(alice.wx);
    await alice.session.login();
    const token = alice.wx.getStorageSync('sessionToken');
    const parts = token.split('.');
    parts[3] = (parts[3][0] === 'A' ? 'B' : 'A') + parts[3].slice(1);
    await withToken(parts.join('.'), 'GET', '/user/me');
    return 'accepted?!';
  });
  await step('the untouched token still works', {}, async (use) => {
    use(alice.wx);
    const user = await alice.session.me();
    return `user ${user.openId}`;
  });

  if (push) {
    // WeChat calls the server here (消息推送); no mini program prompt is involved.
    print('\n== message push (消息推送): WeChat calls the server ==');
    const pushUrl = `${serverUrl}/wx/push`;
    const pushAnswer = (r) => {
      let body = null;
      try {
        body = JSON.parse(r.text);
      } catch {}
      return { status: r.status, code: body?.code ?? null, note: body ? `${body.message}` : `body ${JSON.stringify(r.text)}` };
    };
    await step('message push: WeChat checks the URL (GET signature, echostr)', { caller: 'wechat' }, async () => {
      const r = await mock.pushVerify({ url: pushUrl, token: push.token });
      if (r.text !== r.echostr) return { ...pushAnswer(r), code: r.status === 200 ? 'WRONG_ECHOSTR' : pushAnswer(r).code };
      return { status: r.status, note: `echostr ${r.echostr} answered verbatim` };
    });
    await step('message push: a forged msg_signature is refused before decryption', { status: 400, code: 'ERR_SIGNATURE_MISMATCH', caller: 'wechat' }, async () =>
      pushAnswer(await mock.push({ url: pushUrl, ...push, appid: DEMO_APPID, message: { MsgType: 'event', Event: 'debug_demo' }, tamper: true })),
    );
    await step('message push: a debug_demo event in XML (safe mode)', { caller: 'wechat' }, async () => {
      const xml = `<xml><ToUserName><![CDATA[gh_0123456789ab]]></ToUserName><FromUserName><![CDATA[${aliceOpenId}]]></FromUserName><CreateTime>1714112445</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[debug_demo]]></Event><debug_str><![CDATA[hello & <world>]]></debug_str></xml>`;
      const r = await mock.push({ url: pushUrl, ...push, appid: DEMO_APPID, message: xml, format: 'xml' });
      return r.text === 'success' ? { status: r.status, note: 'answered "success"' } : pushAnswer(r);
    });
    await step('message push: user_authorization_revoke for alice (JSON, safe mode)', { caller: 'wechat' }, async () => {
      const event = { ToUserName: 'gh_0123456789ab', FromUserName: aliceOpenId, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'event', Event: 'user_authorization_revoke', OpenID: aliceOpenId, AppID: DEMO_APPID, RevokeInfo: '1' };
      const r = await mock.push({ url: pushUrl, ...push, appid: DEMO_APPID, message: event });
      return r.text === 'success' ? { status: r.status, note: 'answered "success"; the server ended her sessions' } : pushAnswer(r);
    });
    await step(
      'after the revoke, alice\'s token no longer works',
      { status: 401, code: 'ERR_UNAUTHORIZED', prompt: prompts.NOT_AUTHORIZED, relogin: true },
      async (use) => {
        use(alice.wx);
        await alice.session.me();
        return 'still logged in?!';
      },
    );
    await step('alice logs in again: a new token with the new session version', {}, async (use) => {
      use(alice.wx);
      await alice.session.login();
      const user = await alice.session.me();
      return `user ${user.openId}`;
    });
    await step('message push: user_authorization_cancellation for alice (she deleted the app\'s data)', { caller: 'wechat' }, async () => {
      const event = { ToUserName: 'gh_0123456789ab', FromUserName: aliceOpenId, CreateTime: Math.floor(Date.now() / 1000), MsgType: 'event', Event: 'user_authorization_cancellation' };
      const r = await mock.push({ url: pushUrl, ...push, appid: DEMO_APPID, message: event });
      return r.text === 'success' ? { status: r.status, note: 'answered "success"; the server deleted her data and ended her sessions' } : pushAnswer(r);
    });
    await step('after the cancellation her row is gone and her token is refused', refused, async (use) => {
      use(alice.wx);
      if (await readUser(aliceOpenId)) throw Object.assign(new Error('the users row is still there'), { name: 'Check' });
      await alice.session.me();
      return 'still logged in?!';
    });
  }

  // ---------------- the other platforms ----------------
  // The same server and route, POST /login?platform=..., each platform's dialect served by the mock.
  const platformResponses = [];
  const platformLogin = async (platform, user, { reuse = false } = {}) => {
    const res = await fetch(`${mockUrl}/__mock/${platform}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user }) });
    const got = await res.json();
    const send = async () => {
      const r = await fetch(`${serverUrl}/login?platform=${platform}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: got.code, anonymousCode: got.anonymousCode }),
      });
      const text = await r.text();
      platformResponses.push(text);
      const body = JSON.parse(text);
      if (!r.ok) throw new ServerError(r.status, body);
      return body;
    };
    if (reuse) await send();
    return send();
  };
  if (platforms) {
    print('\n== the other platforms: one login each through POST /login?platform= ==');
    const notes = {
      qq: 'QQ: errcode dialect on /qq/sns/jscode2session',
      douyin: 'Douyin v2: JSON POST with code and anonymousCode, err_no dialect, data.openid',
      kuaishou: 'Kuaishou: form POST, result dialect, open_id',
      wecom: 'WeCom: corp access_token, corpid + userid',
      baidu: 'Baidu: form POST with the App Key, 24-byte session_key',
    };
    for (const [platform, note] of Object.entries(notes)) {
      await step(`alice logs in from ${platform}: login -> POST /login?platform=${platform}`, {}, async () => {
        const body = await platformLogin(platform, 'alice');
        if (body.platform !== platform || !body.user.openId.startsWith(`${platform}:`)) {
          throw Object.assign(new Error(`unexpected answer ${JSON.stringify(body)}`), { name: 'Check' });
        }
        return `${note}; user ${body.user.openId}`;
      });
    }
    await step(
      'bob sends a Baidu code twice: errno 40001 -> ERR_WX_API',
      { status: 400, code: 'ERR_WX_API', errcode: 40001, prompt: prompts.LOGIN_FAILED },
      async () => platformLogin('baidu', 'bob', { reuse: true }),
    );
    await step(
      'bob sends a Douyin code twice: err_no 40018 -> ERR_WX_API',
      { status: 400, code: 'ERR_WX_API', errcode: 40018, prompt: prompts.LOGIN_FAILED },
      async () => platformLogin('douyin', 'bob', { reuse: true }),
    );
  }

  // session_key stays on the server: no response body the mini programs received contains it.
  await step('no response ever carried a session_key', { status: 'check' }, async () => {
    const keys = ['alice', 'bob'].map((u) => mock.sessionKeyOf(DEMO_APPID, u)).filter(Boolean);
    keys.push(...(mock.platformSessionKeys?.() ?? []));
    const leaked = [...clients.flatMap((c) => c.responses), ...platformResponses].filter((text) => keys.some((k) => text.includes(k)));
    if (leaked.length) throw Object.assign(new Error(`session_key found in ${leaked.length} responses`), { name: 'Check' });
    const n = clients.reduce((a, c) => a + c.responses.length, 0);
    return { status: 'check', note: `${n} responses from the server checked, none contains the user's session_key` };
  });

  return { steps, ok: steps.every((s) => s.ok) };
}

/** The closing table. */
export function summaryTable(steps) {
  const rows = steps.map((s, i) => [
    String(i + 1),
    s.title.length > 58 ? `${s.title.slice(0, 57)}…` : s.title,
    String(s.status),
    s.code ? `${s.code}${s.errcode !== null ? ` ${s.errcode}` : ''}` : 'ok',
    s.prompt ?? '-',
    s.ok ? 'ok' : 'DEVIATION',
  ]);
  const head = ['#', 'step', 'HTTP', 'answer', 'prompt', 'result'];
  // CJK characters take two columns in a terminal.
  const width = (t) => [...t].reduce((a, ch) => a + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
  const w = head.map((h, c) => Math.max(width(h), ...rows.map((r) => width(r[c]))));
  const line = (r) => r.map((cell, c) => cell + ' '.repeat(w[c] - width(cell))).join('  ');
  return [line(head), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n');
}
