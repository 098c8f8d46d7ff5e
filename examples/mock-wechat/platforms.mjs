// The login dialects of the other mini-program platforms, served by the mock WeChat under one origin:
// each platform under its own path prefix, which is what the server puts in `baseUrl`
// (code2SessionRequest({ platform, baseUrl: `${mockUrl}/${platform}`, ... })).
//
//   GET  /qq/sns/jscode2session                        appid, secret, js_code     -> errcode/errmsg
//   POST /douyin/api/apps/v2/jscode2session            JSON {appid, secret, code?, anonymous_code?} -> err_no/err_tips/data
//   POST /kuaishou/oauth2/mp/code2session              form app_id, app_secret, js_code -> result/error/error_msg
//   GET  /wecom/cgi-bin/miniprogram/jscode2session     access_token, js_code      -> errcode/errmsg, corpid, userid
//   POST /baidu/oauth/jscode2sessionkey                form code, client_id, sk   -> errno/error/error_description
//   POST /__mock/<platform>/login                      {user}                     -> {errMsg, code, anonymousCode?}
//
// Codes work once and expire after 5 minutes, as WeChat's; each answer uses the platform's own
// error body (see docs/platforms.md). Session keys are 16 random bytes (Baidu: 24).
import { createHash, randomBytes } from 'node:crypto';

const CODE_TTL_SECONDS = 300;

/** The demo apps of each platform (the WeCom entry holds the corp application's access_token). */
export const PLATFORM_APPS = {
  qq: { appId: '1109876543', secret: 'qqDemoSecret0123456789abcdef01' },
  douyin: { appId: 'tt07e3715e98c9aac0', secret: 'd0e1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3' },
  kuaishou: { appId: 'ks671599047603022476', secret: 'ksDemoSecret-0123456789' },
  wecom: { appId: 'wx5823bf96d3bd56c7', accessToken: 'wecom-demo-corp-access-token', corpId: 'wwDemoCorp0123456' },
  baidu: { appId: 'BdDemoAppKey0123456789abcdefghij', secret: 'BdDemoAppSecret0123456789abcdef' },
};

const b64url = (buf) => buf.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const hashId = (...parts) => b64url(createHash('sha256').update(parts.join('|')).digest());

/**
 * The platforms' part of the mock. `user(name)` returns the mock's user (or undefined), `now()` the
 * mock's clock in unix seconds, `log(line)` its log.
 */
export function createPlatformMock({ user, now, log = () => {} }) {
  const codes = new Map(); // code -> { platform, user, issuedAt, used, anonymous }
  const sessions = new Map(); // `${platform}|${user}` -> session_key

  const newCode = () => b64url(randomBytes(24)).slice(0, 32);
  const openIdOf = (platform, name) => `${platform.slice(0, 2)}${hashId('openid', platform, name).slice(0, 26)}`;

  /** The code's entry, or null when it is unknown, expired, used or for another platform. */
  function take(platform, code) {
    const entry = codes.get(code);
    if (!entry || entry.platform !== platform || entry.used || now() - entry.issuedAt > CODE_TTL_SECONDS) return null;
    entry.used = true;
    return entry;
  }

  function session(platform, name) {
    const key = `${platform}|${name}`;
    if (!sessions.has(key)) sessions.set(key, randomBytes(platform === 'baidu' ? 24 : 16).toString('base64'));
    return sessions.get(key);
  }

  const unionIdOf = (name) => (user(name)?.unionId ? `un${hashId('union', name).slice(0, 26)}` : undefined);

  // Each handler: (query, body text) -> answer object.
  const routes = {
    'GET /qq/sns/jscode2session'(q) {
      const app = PLATFORM_APPS.qq;
      if (q.get('appid') !== app.appId || q.get('secret') !== app.secret) return { errcode: 40013, errmsg: 'invalid appid or secret' };
      const entry = take('qq', q.get('js_code') ?? '');
      if (!entry) return { errcode: 40029, errmsg: 'invalid code' };
      const out = { errcode: 0, errmsg: '', openid: openIdOf('qq', entry.user), session_key: session('qq', entry.user) };
      const unionid = unionIdOf(entry.user);
      if (unionid) out.unionid = unionid;
      return out;
    },
    'POST /douyin/api/apps/v2/jscode2session'(q, text) {
      const app = PLATFORM_APPS.douyin;
      const logId = `${Date.now()}${randomBytes(4).toString('hex')}`;
      let body;
      try {
        body = JSON.parse(text);
      } catch {
        return { err_no: 40014, err_tips: 'bad params', log_id: logId, data: null };
      }
      if (body.appid !== app.appId) return { err_no: 40015, err_tips: 'bad appid', log_id: logId, data: null };
      if (body.secret !== app.secret) return { err_no: 40017, err_tips: 'bad secret', log_id: logId, data: null };
      const data = { session_key: '', openid: '', anonymous_openid: '', unionid: '', dopenid: '' };
      if (body.code) {
        const entry = take('douyin', body.code);
        if (!entry) return { err_no: 40018, err_tips: 'bad code', log_id: logId, data: null };
        data.session_key = session('douyin', entry.user);
        data.openid = openIdOf('douyin', entry.user);
        data.unionid = unionIdOf(entry.user) ?? '';
      }
      if (body.anonymous_code) {
        const entry = take('douyin', body.anonymous_code);
        if (!entry?.anonymous) return { err_no: 40019, err_tips: 'bad anonymous code', log_id: logId, data: null };
        data.anonymous_openid = `an${hashId('anonymous', entry.user).slice(0, 26)}`;
      }
      if (!body.code && !body.anonymous_code) return { err_no: 40014, err_tips: 'code or anonymous_code required', log_id: logId, data: null };
      return { err_no: 0, err_tips: 'success', log_id: logId, data };
    },
    'POST /kuaishou/oauth2/mp/code2session'(q, text) {
      const app = PLATFORM_APPS.kuaishou;
      const form = new URLSearchParams(text);
      if (form.get('app_id') !== app.appId || form.get('app_secret') !== app.secret) {
        return { result: 100200101, error: 'invalid_client', error_msg: 'app_id or app_secret is invalid' };
      }
      const entry = take('kuaishou', form.get('js_code') ?? '');
      if (!entry) return { result: 100200100, error: 'invalid_request', error_msg: 'js_code is invalid or used' };
      return { result: 1, open_id: openIdOf('kuaishou', entry.user), session_key: session('kuaishou', entry.user) };
    },
    'GET /wecom/cgi-bin/miniprogram/jscode2session'(q) {
      const app = PLATFORM_APPS.wecom;
      if (q.get('access_token') !== app.accessToken) return { errcode: 40014, errmsg: 'invalid access_token' };
      if (q.get('grant_type') !== 'authorization_code') return { errcode: 40002, errmsg: 'invalid grant_type' };
      const entry = take('wecom', q.get('js_code') ?? '');
      if (!entry) return { errcode: 40029, errmsg: 'invalid code' };
      return { errcode: 0, errmsg: 'ok', corpid: app.corpId, userid: entry.user, session_key: session('wecom', entry.user) };
    },
    'POST /baidu/oauth/jscode2sessionkey'(q, text) {
      const app = PLATFORM_APPS.baidu;
      const form = new URLSearchParams(text);
      if (form.get('client_id') !== app.appId || form.get('sk') !== app.secret) {
        return { errno: 1, error: 'invalid_client', error_description: 'unknown client id' };
      }
      const entry = take('baidu', form.get('code') ?? '');
      if (!entry) return { errno: 40001, error: 'invalid_grant', error_description: 'Invalid code' };
      return { openid: openIdOf('baidu', entry.user), session_key: session('baidu', entry.user) };
    },
  };

  /** The mini program's login API of a platform: a fresh code (and Douyin's anonymous code). */
  function login(platform, text) {
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    if (!user(body?.user)) return { status: 400, body: { error: `unknown simulated user ${body?.user}` } };
    const code = newCode();
    codes.set(code, { platform, user: body.user, issuedAt: now(), used: false });
    const out = { errMsg: 'login:ok', code };
    if (platform === 'douyin') {
      out.anonymousCode = newCode();
      codes.set(out.anonymousCode, { platform, user: body.user, issuedAt: now(), used: false, anonymous: true });
    }
    return { status: 200, body: out };
  }

  return {
    /** Answer a platform route: (method, URL, body text) -> { status, body }, or null when it is not one. */
    handle(method, url, bodyText) {
      const route = `${method} ${url.pathname}`;
      const m = /^POST \/__mock\/(qq|douyin|kuaishou|wecom|baidu)\/login$/.exec(route);
      if (m) return login(m[1], bodyText);
      if (!routes[route]) return null;
      const out = routes[route](url.searchParams, bodyText);
      const failed = out.errcode || out.err_no || out.errno || (out.result !== undefined && out.result !== 1) ? 'error' : 'ok';
      log(`${route} -> ${failed}`);
      return { status: 200, body: out };
    },
    /** Every session_key handed out (for the check that none reaches a client). */
    sessionKeys: () => [...sessions.values()],
  };
}
