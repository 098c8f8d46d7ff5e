// A local mock of WeChat's server API (api.weixin.qq.com) plus the client side a mini program sees.
//
// Server side (what your backend calls, same paths, same query/body, same error bodies as WeChat):
//   GET  /sns/jscode2session             appid, secret, js_code, grant_type=authorization_code
//   GET  /cgi-bin/token                  grant_type=client_credential, appid, secret
//   POST /cgi-bin/stable_token           {grant_type, appid, secret, force_refresh?}
//   POST /wxa/business/getuserphonenumber?access_token=   {code}
//   GET  /wxa/checksession               access_token, openid, signature, sig_method=hmac_sha256
//   POST /wxa/business/checkencryptedmsg?access_token=    {encrypted_msg_hash}
// Behaviour: codes work once (40163 on reuse) and expire after 5 minutes (40029); a code of another
// appid is 40029; every wx.login rotates the user's session_key unless told not to; more than
// `rateLimitPerMinute` jscode2session calls for one user within a minute give 45011; a flagged user
// gets 40226; /__mock/fail-next makes the next call of a path answer -1 (system busy), any errcode,
// or an HTTP status (a gateway error page). A new access_token (stable_token with force_refresh, or
// /cgi-bin/token) leaves the previous one usable for 5 minutes, then it answers 40001; an expired
// one answers 42001.
//
// Client side (what the mini program's wx.* APIs return; the mock plays the WeChat app):
//   POST /__mock/wx.login             {appid, user, rotate?}          -> {errMsg, code}
//   POST /__mock/wx.getUserInfo       {appid, user}                   -> {errMsg, userInfo, rawData, signature, encryptedData, iv}
//   POST /__mock/getPhoneNumber       {appid, user, deny?}            -> {errMsg, code, encryptedData, iv}
//   POST /__mock/wx.getWeRunData      {appid, user}                   -> {errMsg, encryptedData, iv}
//   POST /__mock/fail-next            {path, errcode? | status?}      -> {ok: true}
//   POST /__mock/users                {name, nickName?, phone?, unionId?, flagged?} -> the user
//   POST /__mock/clock                {advanceSeconds}                -> {now}
//
// Other platforms (platforms.mjs): QQ, Douyin, Kuaishou, WeCom and Baidu logins under /qq, /douyin,
// /kuaishou, /wecom and /baidu, each in its own dialect, and POST /__mock/<platform>/login.
//
// Message push (消息推送, safe mode), WeChat calling your server: mock.pushVerify(...) sends the URL
// check (GET signature/timestamp/nonce/echostr), mock.push(...) an encrypted event (POST with
// msg_signature and a JSON or XML body); both resolve to { status, text } of your server's answer.
//
// The open data is encrypted exactly as WeChat does it (AES-128-CBC, PKCS#7, session_key as key)
// with wx-open-data/testing's encryptOpenData, and pushes with the library's encryptPushReply (a
// push and a reply share one format); the WeChat-side signatures (rawData sha1, the checksession
// HMAC it verifies, the URL check's sha1) use node:crypto, as WeChat's own servers would.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { encryptPushReply } from 'wx-open-data/push';
import { encryptOpenData } from 'wx-open-data/testing';
import { createPlatformMock } from './platforms.mjs';

const CODE_TTL_SECONDS = 300;
const TOKEN_TTL_SECONDS = 7200;
const ENCRYPTED_MSG_TTL_SECONDS = 3 * 24 * 3600;
/** How long the previous access_token keeps working after a new one is issued. */
const TOKEN_GRACE_SECONDS = 300;

/** WeChat's error bodies (errmsg text as WeChat sends it, followed by a request id). */
const ERRMSG = {
  '-1': 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40002: 'invalid grant_type',
  40003: 'invalid openid',
  40013: 'invalid appid',
  40029: 'invalid code',
  40125: 'invalid appsecret',
  40163: 'code been used',
  40226: 'invalid user, high risk user',
  41001: 'access_token missing',
  41002: 'appid missing',
  41004: 'appsecret missing',
  41008: 'missing code',
  42001: 'access_token expired',
  44002: 'empty post data',
  45011: 'api minute-quota reach limit  mustslower  retry next minute',
  47001: 'data format error',
  87009: 'invalid signature',
};

export const DEMO_APPS = {
  wx0a1b2c3d4e5f6a7b: { secret: '7f3c0e5a9b1d4f2e8c6a0b3d5e7f9a1c', name: 'demo mini program' },
  wx9f8e7d6c5b4a3f2e: { secret: '0c2e4a6b8d1f3e5a7c9b0d2f4e6a8c1b', name: 'another mini program (trial build)' },
};

export const DEMO_USERS = [
  { name: 'alice', nickName: 'Alice 🐼', gender: 2, city: 'Shenzhen', province: 'Guangdong', phone: '13800138000', unionId: true },
  { name: 'bob', nickName: '微信用户', gender: 0, city: '', province: '', phone: '13900139000', unionId: false },
  { name: 'mallory', nickName: 'Mallory', gender: 1, city: 'Beijing', province: 'Beijing', phone: '13700137000', flagged: true },
];

const sha256hex = (text) => createHash('sha256').update(text).digest('hex');
const b64url = (buf) => buf.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * Create the mock. Options: apps, users, rateLimitPerMinute (default 20: WeChat's is about 100 per
 * user and minute; lower here so the demo's burst is short), now() (unix seconds), log(line).
 */
export function createMockWeChat(options = {}) {
  const apps = options.apps ?? DEMO_APPS;
  const rateLimit = options.rateLimitPerMinute ?? 20;
  let clockOffset = 0;
  const now = () => (options.now ? options.now() : Math.floor(Date.now() / 1000)) + clockOffset;
  const log = options.log ?? (() => {});

  const users = new Map();
  const sessions = new Map(); // `${appid}|${user}` -> { sessionKey }
  const loginCodes = new Map(); // code -> { appid, user, issuedAt, used }
  const phoneCodes = new Map(); // code -> { appid, user, issuedAt, used }
  const tokens = new Map(); // access_token -> { appid, expiresAt, revokedAt? }
  const stableTokens = new Map(); // appid -> access_token
  const issuedData = new Map(); // sha256(encryptedData) -> create_time
  const loginCalls = new Map(); // `${appid}|${user}` -> [unix seconds of jscode2session calls]
  const failNext = new Map(); // path -> { errcode } or { status }

  const rid = () => `${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`;
  const wxError = (errcode) => ({ errcode, errmsg: `${ERRMSG[errcode] ?? 'error'}, rid: ${rid()}` });

  function addUser(spec) {
    if (!spec || typeof spec.name !== 'string' || !spec.name) throw new Error('user needs a name');
    const user = {
      name: spec.name,
      nickName: spec.nickName ?? spec.name,
      gender: spec.gender ?? 0,
      city: spec.city ?? '',
      province: spec.province ?? '',
      country: spec.country ?? (spec.city ? 'China' : ''),
      phone: spec.phone ?? '13800000000',
      unionId: spec.unionId === false ? null : `oUnion${b64url(createHash('sha256').update(`union|${spec.name}`).digest()).slice(0, 22)}`,
      flagged: Boolean(spec.flagged),
    };
    users.set(user.name, user);
    return user;
  }
  for (const u of options.users ?? DEMO_USERS) addUser(u);
  // QQ, Douyin, Kuaishou, WeCom and Baidu logins, each under its path prefix (platforms.mjs).
  const platforms = createPlatformMock({ user: (name) => users.get(name), now, log: (line) => log(line) });

  // openid differs per appid for the same person (as on WeChat); unionid is shared across apps.
  const openIdOf = (appid, user) => `o${b64url(createHash('sha256').update(`openid|${appid}|${user}`).digest()).slice(0, 27)}`;
  const userByOpenId = (appid, openid) => [...users.values()].find((u) => openIdOf(appid, u.name) === openid);
  const newCode = () => b64url(randomBytes(24)).slice(0, 32);
  const newSessionKey = () => randomBytes(16).toString('base64');

  function encrypt(appid, user, data) {
    const session = sessions.get(`${appid}|${user}`);
    const out = encryptOpenData({ sessionKey: session.sessionKey, data: { ...data, watermark: { timestamp: now(), appid } } });
    issuedData.set(sha256hex(out.encryptedData), now());
    return out;
  }

  function checkToken(query) {
    const t = query.get('access_token');
    if (!t) return wxError(41001);
    const entry = tokens.get(t);
    if (!entry) return wxError(40001);
    if (entry.expiresAt <= now()) return wxError(42001);
    if (entry.revokedAt !== undefined && entry.revokedAt <= now()) return wxError(40001);
    return null;
  }

  function issueToken(appid, forceRefresh) {
    let token = stableTokens.get(appid);
    if (!token || forceRefresh || tokens.get(token).expiresAt <= now()) {
      const previous = token && tokens.get(token);
      if (previous) previous.revokedAt = Math.min(previous.expiresAt, now() + TOKEN_GRACE_SECONDS);
      token = `${randomBytes(3).toString('hex')}_${b64url(randomBytes(96))}`;
      tokens.set(token, { appid, expiresAt: now() + TOKEN_TTL_SECONDS });
      stableTokens.set(appid, token);
    }
    return { access_token: token, expires_in: tokens.get(token).expiresAt - now() };
  }

  function appCredentials(appid, secret) {
    if (!appid) return wxError(41002);
    if (!secret) return wxError(41004);
    if (!apps[appid]) return wxError(40013);
    if (apps[appid].secret !== secret) return wxError(40125);
    return null;
  }

  function takeCode(store, code, appid, reusedErr) {
    const entry = store.get(code);
    if (!entry || entry.appid !== appid || now() - entry.issuedAt > CODE_TTL_SECONDS) return wxError(40029);
    if (entry.used) return wxError(reusedErr);
    entry.used = true;
    return entry;
  }

  // ---- WeChat's server API ----
  const api = {
    'GET /sns/jscode2session'(q) {
      const bad = appCredentials(q.get('appid'), q.get('secret'));
      if (bad) return bad;
      if (!q.get('js_code')) return wxError(41008);
      if (q.get('grant_type') !== 'authorization_code') return wxError(40002);
      const appid = q.get('appid');
      const entry = loginCodes.get(q.get('js_code'));
      if (entry && entry.appid === appid) {
        const key = `${appid}|${entry.user}`;
        const recent = (loginCalls.get(key) ?? []).filter((t) => now() - t < 60);
        recent.push(now());
        loginCalls.set(key, recent);
        if (recent.length > rateLimit) return wxError(45011);
      }
      const taken = takeCode(loginCodes, q.get('js_code'), appid, 40163);
      if (taken.errcode) return taken;
      const user = users.get(taken.user);
      if (user.flagged) return wxError(40226);
      const body = { session_key: sessions.get(`${appid}|${user.name}`).sessionKey, openid: openIdOf(appid, user.name) };
      if (user.unionId) body.unionid = user.unionId;
      return body;
    },
    'GET /cgi-bin/token'(q) {
      if (q.get('grant_type') !== 'client_credential') return wxError(40002);
      const bad = appCredentials(q.get('appid'), q.get('secret'));
      return bad ?? issueToken(q.get('appid'), true);
    },
    'POST /cgi-bin/stable_token'(q, body) {
      if (!body) return wxError(44002);
      if (body.grant_type !== 'client_credential') return wxError(40002);
      const bad = appCredentials(body.appid, body.secret);
      return bad ?? issueToken(body.appid, body.force_refresh === true);
    },
    'POST /wxa/business/getuserphonenumber'(q, body) {
      const bad = checkToken(q);
      if (bad) return bad;
      if (!body || typeof body.code !== 'string') return wxError(47001);
      const appid = tokens.get(q.get('access_token')).appid;
      const taken = takeCode(phoneCodes, body.code, appid, 40029);
      if (taken.errcode) return taken;
      const phone = users.get(taken.user).phone;
      return {
        errcode: 0,
        errmsg: 'ok',
        // countryCode is documented as a string but WeChat's own example shows a number.
        phone_info: { phoneNumber: phone, purePhoneNumber: phone, countryCode: 86, watermark: { timestamp: now(), appid } },
      };
    },
    'GET /wxa/checksession'(q) {
      const bad = checkToken(q);
      if (bad) return bad;
      const appid = tokens.get(q.get('access_token')).appid;
      const user = userByOpenId(appid, q.get('openid') ?? '');
      if (!user || !sessions.has(`${appid}|${user.name}`)) return wxError(40003);
      if (q.get('sig_method') !== 'hmac_sha256') return wxError(87009);
      const expected = createHmac('sha256', sessions.get(`${appid}|${user.name}`).sessionKey).update('').digest();
      const given = Buffer.from(q.get('signature') ?? '', 'hex');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return wxError(87009);
      return { errcode: 0, errmsg: 'ok' };
    },
    'POST /wxa/business/checkencryptedmsg'(q, body) {
      const bad = checkToken(q);
      if (bad) return bad;
      if (!body || typeof body.encrypted_msg_hash !== 'string') return wxError(47001);
      const created = issuedData.get(body.encrypted_msg_hash.toLowerCase());
      const valid = created !== undefined && now() - created <= ENCRYPTED_MSG_TTL_SECONDS;
      // "vaild" is WeChat's own spelling.
      return { errcode: 0, errmsg: 'ok', vaild: valid, create_time: valid ? created : 0 };
    },
  };

  // ---- the mini program's side (the WeChat app) ----
  const needUser = (body) => {
    const user = users.get(body?.user);
    if (!user) throw Object.assign(new Error(`unknown simulated user ${body?.user}`), { status: 400 });
    if (!apps[body.appid]) throw Object.assign(new Error(`unknown appid ${body.appid}`), { status: 400 });
    return user;
  };
  const needSession = (api, appid, user) => {
    if (!sessions.has(`${appid}|${user.name}`)) {
      throw Object.assign(new Error(`${api}: call wx.login first`), { status: 400 });
    }
  };
  const sim = {
    'POST /__mock/wx.login'(q, body) {
      const user = needUser(body);
      const key = `${body.appid}|${user.name}`;
      // A new login may rotate the session_key: the old one stops decrypting new data at once.
      if (!sessions.has(key) || body.rotate !== false) sessions.set(key, { sessionKey: newSessionKey() });
      const code = newCode();
      loginCodes.set(code, { appid: body.appid, user: user.name, issuedAt: now(), used: false });
      return { errMsg: 'login:ok', code };
    },
    'POST /__mock/wx.getUserInfo'(q, body) {
      const user = needUser(body);
      needSession('getUserInfo', body.appid, user);
      const userInfo = {
        nickName: user.nickName,
        gender: user.gender,
        language: 'zh_CN',
        city: user.city,
        province: user.province,
        country: user.country,
        avatarUrl: `https://thirdwx.qlogo.cn/mmopen/vi_32/${b64url(createHash('sha256').update(user.name).digest())}/132`,
      };
      const rawData = JSON.stringify(userInfo);
      const { sessionKey } = sessions.get(`${body.appid}|${user.name}`);
      const signature = createHash('sha1').update(rawData + sessionKey).digest('hex');
      const payload = { openId: openIdOf(body.appid, user.name), ...userInfo };
      if (user.unionId) payload.unionId = user.unionId;
      const { encryptedData, iv } = encrypt(body.appid, user.name, payload);
      return { errMsg: 'getUserInfo:ok', userInfo, rawData, signature, encryptedData, iv };
    },
    'POST /__mock/getPhoneNumber'(q, body) {
      const user = needUser(body);
      if (body.deny) return { errMsg: 'getPhoneNumber:fail user deny' };
      needSession('getPhoneNumber', body.appid, user);
      const code = newCode();
      phoneCodes.set(code, { appid: body.appid, user: user.name, issuedAt: now(), used: false });
      const { encryptedData, iv } = encrypt(body.appid, user.name, {
        phoneNumber: user.phone,
        purePhoneNumber: user.phone,
        countryCode: '86',
      });
      return { errMsg: 'getPhoneNumber:ok', code, encryptedData, iv };
    },
    'POST /__mock/wx.getWeRunData'(q, body) {
      const user = needUser(body);
      needSession('getWeRunData', body.appid, user);
      const today = Math.floor(now() / 86400) * 86400 - 8 * 3600; // midnight in China
      const stepInfoList = Array.from({ length: 31 }, (_, i) => ({
        timestamp: today - (30 - i) * 86400,
        step: (createHash('sha256').update(`${user.name}|${i}`).digest().readUInt16BE(0) % 12000) + 800,
      }));
      return { errMsg: 'getWeRunData:ok', ...encrypt(body.appid, user.name, { stepInfoList }) };
    },
    'POST /__mock/fail-next'(q, body) {
      failNext.set(body.path, Number.isInteger(body.status) ? { status: body.status } : { errcode: body.errcode ?? -1 });
      return { ok: true };
    },
    'POST /__mock/users'(q, body) {
      return addUser(body);
    },
    'POST /__mock/clock'(q, body) {
      clockOffset += Number(body.advanceSeconds) || 0;
      return { now: now() };
    },
  };

  /** Answer one request: (method, url path + query, body text) -> { status, body } (or { status, text }: a forced HTTP error page). */
  function handle(method, url, bodyText) {
    const parsed = new URL(url, 'http://mock');
    const route = `${method} ${parsed.pathname}`;
    const other = platforms.handle(method, parsed, bodyText);
    if (other) return other;
    let body = null;
    if (bodyText) {
      try {
        body = JSON.parse(bodyText);
      } catch {
        return { status: 200, body: wxError(47001) };
      }
    }
    if (api[route]) {
      if (failNext.has(parsed.pathname)) {
        const forced = failNext.get(parsed.pathname);
        failNext.delete(parsed.pathname);
        if (forced.status !== undefined) {
          log(`${route} -> forced HTTP ${forced.status}`);
          return { status: forced.status, text: `<html><body><h1>${forced.status}</h1>gateway error</body></html>` };
        }
        log(`${route} -> forced ${forced.errcode}`);
        return { status: 200, body: wxError(forced.errcode) };
      }
      const out = api[route](parsed.searchParams, body);
      log(`${route} -> ${out.errcode ? `errcode ${out.errcode}` : 'ok'}`);
      return { status: 200, body: out };
    }
    if (sim[route]) {
      try {
        return { status: 200, body: sim[route](parsed.searchParams, body) };
      } catch (err) {
        return { status: err.status ?? 500, body: { error: err.message } };
      }
    }
    // WeChat answers unknown paths with 404 and an HTML page; a JSON note is more useful here.
    return { status: 404, body: { error: `mock-wechat: no route ${route}` } };
  }

  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const out = handle(req.method, req.url, Buffer.concat(chunks).toString('utf8'));
      const text = out.text ?? JSON.stringify(out.body);
      // WeChat serves JSON as text/plain on several endpoints; clients must not rely on the type.
      const type = out.text === undefined ? 'application/json; encoding=utf-8' : 'text/html; charset=utf-8';
      res.writeHead(out.status, { 'content-type': type, 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });

  // ---- message push: WeChat calling the developer's server ----
  const pushSignature = (token, timestamp, nonce) =>
    createHash('sha1').update([token, String(timestamp), String(nonce)].sort().join('')).digest('hex');
  const nonce = () => String(randomBytes(4).readUInt32BE(0));

  async function pushVerify({ url, token, signature }) {
    const timestamp = now();
    const n = nonce();
    const echostr = String(randomBytes(8).readBigUInt64BE(0));
    const q = new URLSearchParams({ signature: signature ?? pushSignature(token, timestamp, n), echostr, timestamp: String(timestamp), nonce: n });
    const res = await fetch(`${url}?${q}`);
    return { status: res.status, text: await res.text(), echostr };
  }

  /** Send one encrypted push. message: an object (JSON mode) or XML text; tamper: flip msg_signature. */
  async function push({ url, token, encodingAESKey, appid, message, format = 'json', tamper = false }) {
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    const sealed = encryptPushReply({ token, encodingAESKey, appId: appid, message: text, timestamp: now(), nonce: nonce() });
    const msgSignature = tamper ? `${sealed.MsgSignature.slice(0, -1)}${sealed.MsgSignature.endsWith('0') ? '1' : '0'}` : sealed.MsgSignature;
    const to = 'gh_0123456789ab';
    const body =
      format === 'xml'
        ? `<xml><ToUserName><![CDATA[${to}]]></ToUserName><Encrypt><![CDATA[${sealed.Encrypt}]]></Encrypt></xml>`
        : JSON.stringify({ ToUserName: to, Encrypt: sealed.Encrypt });
    const q = new URLSearchParams({
      signature: pushSignature(token, sealed.TimeStamp, sealed.Nonce), // does not cover the body
      timestamp: String(sealed.TimeStamp),
      nonce: sealed.Nonce,
      encrypt_type: 'aes',
      msg_signature: msgSignature,
    });
    const res = await fetch(`${url}?${q}`, {
      method: 'POST',
      headers: { 'content-type': format === 'xml' ? 'text/xml' : 'application/json' },
      body,
    });
    return { status: res.status, text: await res.text() };
  }

  return {
    handle,
    pushVerify,
    push,
    openIdOf,
    addUser,
    /** The user's current session_key (for tests that check it never reaches the client). */
    sessionKeyOf: (appid, user) => sessions.get(`${appid}|${user}`)?.sessionKey ?? null,
    /** Every session_key the other platforms handed out. */
    platformSessionKeys: () => platforms.sessionKeys(),
    /** Listen on 127.0.0.1 (port 0 = any free port); resolves to the base URL. */
    listen(port = 0) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`));
      });
    },
    close() {
      return new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      });
    },
  };
}
