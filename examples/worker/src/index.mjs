// The login server as a Cloudflare Worker (module syntax) with D1: the same endpoints and the same
// error shape as examples/node:
//   POST /login {code}                    -> { ok, token, user }   (token: a sealed session, sealSession)
//   POST /logout                          ends every session of the user (the session version goes up)
//   GET  /user/me                         -> { ok, user }
//   POST /user/profile                    legacy {rawData, signature, encryptedData, iv} or {nickName, avatarUrl}
//   POST /user/phone                      {code} or legacy {encryptedData, iv}
//   POST /user/werun                      {encryptedData, iv}
//   GET|POST /wx/push                     消息推送 (safe mode): URL check and encrypted events
// Errors: { ok: false, code, message, field?, errcode?, retryable?, relogin? }.
// Bindings: DB (D1), WX_APPID, WX_SECRET (a secret), WX_API_BASE (https://api.weixin.qq.com),
// WX_PUSH_TOKEN and WX_PUSH_AES_KEY (secrets; optional: they enable /wx/push), WX_PUSH_AES_KEY_PREVIOUS,
// WX_TOKENS (KV, optional: every isolate shares the access_token through it), SESSION_SECRET (a secret:
// `openssl rand -base64 32`; seals the tokens) with SESSION_KEY_ID, and SESSION_SECRET_PREVIOUS /
// SESSION_KEY_ID_PREVIOUS while rotating.
//
// The session_key and the session version live in D1 (table login_state, read on every authenticated
// request, which needs the session_key or the user row anyway). D1 is strongly consistent through its
// primary; a Durable Object per user is the better home when logins of one user must be serialised
// (two concurrent logins both writing their session_key) or when D1's read replicas are turned on
// (a replica may lag behind a revoke). Never Workers KV for these: eventually consistent, one write per
// second per key (fine for the access_token, which every isolate may cache).
import { decryptPhoneNumber, decryptUserInfo, decryptWeRunData, openSession, sealSession, verifyRawDataSignature } from 'wx-open-data';
import { openPushRequest, parseUserLifecycleEvent } from 'wx-open-data/push';
import { createWeChatClient, kvTokenStore } from 'wx-open-data/client';

const MAX_AGE_SECONDS = 600;
const SESSION_TTL_SECONDS = 7 * 24 * 3600;

class AppError extends Error {
  constructor(status, code, message, extra = {}) {
    super(message);
    Object.assign(this, { status, code }, extra);
  }
}

const json = (status, body, headers = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });

function errorResponse(err) {
  let status = 500;
  let body = { ok: false, code: 'ERR_INTERNAL', message: 'internal error' };
  if (err instanceof AppError || err?.name === 'WxOpenDataError') {
    body = { ok: false, code: err.code, message: err.message };
    for (const k of ['field', 'errcode', 'retryable', 'relogin']) if (err[k] !== undefined) body[k] = err[k];
    if (err instanceof AppError) status = err.status;
    else if (err.code === 'ERR_WX_API') status = err.retryable ? 503 : [40029, 40163, 40226].includes(err.errcode) ? 400 : 502;
    else if (['ERR_WX_TIMEOUT', 'ERR_WX_NETWORK', 'ERR_WX_HTTP'].includes(err.code)) status = err.retryable ? 503 : 502;
    else status = err.code === 'ERR_INVALID_RESPONSE' ? 502 : 400;
  } else {
    console.error(err?.stack ?? String(err));
  }
  const headers = status === 503 ? { 'retry-after': err.errcode === 45011 ? '60' : '1' } : {};
  return json(status, body, headers);
}

const now = () => Math.floor(Date.now() / 1000);
const newSid = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(9)))).replace(/\+/g, '-').replace(/\//g, '_');

const requireString = (body, name) => {
  const v = body?.[name];
  if (typeof v !== 'string' || v === '') throw new AppError(400, 'ERR_INVALID_ARGUMENT', `${name} is required`, { field: name });
  return v;
};

async function readBody(request) {
  const type = request.headers.get('content-type') ?? '';
  // Form bodies are accepted to show the classic bug: URL decoding turns every `+` into a space.
  if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(await request.text()));
  try {
    return await request.json();
  } catch {
    throw new AppError(400, 'ERR_INVALID_ARGUMENT', 'the body is not valid JSON');
  }
}

const USER_COLUMNS = ['phone', 'country_code', 'nick_name', 'avatar_url', 'gender', 'city', 'province', 'country', 'steps_today', 'steps_31d', 'union_id'];

function store(db) {
  return {
    /** Upsert the user and keep their session_key unless a newer one (later `at`) is stored; returns the session version. */
    async login({ openId, unionId, sessionKey, at }) {
      const [, , state] = await db.batch([
        db
          .prepare(
            `INSERT INTO users (open_id, union_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)
             ON CONFLICT(open_id) DO UPDATE SET union_id = COALESCE(excluded.union_id, users.union_id), updated_at = excluded.updated_at`,
          )
          .bind(openId, unionId ?? null, now()),
        db
          .prepare(
            `INSERT INTO login_state (open_id, session_key, key_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(open_id) DO UPDATE SET session_key = excluded.session_key, key_at = excluded.key_at
             WHERE excluded.key_at >= login_state.key_at`,
          )
          .bind(openId, sessionKey, at),
        db.prepare('SELECT ver FROM login_state WHERE open_id = ?1').bind(openId),
      ]);
      return state.results[0]?.ver ?? 0;
    },
    /** `{ sessionKey, ver }`, or null when no session_key is stored for the user. */
    async loginState(openId) {
      const row = await db.prepare('SELECT session_key AS sessionKey, ver FROM login_state WHERE open_id = ?1').bind(openId).first();
      return row?.sessionKey ? row : null;
    },
    /** Bump the session version (every older token is refused); `forget` also drops the session_key and the user's data. */
    async revoke(openId, { forget = false } = {}) {
      const stmts = [
        db.prepare('INSERT INTO login_state (open_id, ver) VALUES (?1, 1) ON CONFLICT(open_id) DO UPDATE SET ver = login_state.ver + 1').bind(openId),
      ];
      if (forget) {
        stmts.push(
          db.prepare('UPDATE login_state SET session_key = NULL, key_at = 0 WHERE open_id = ?1').bind(openId),
          db.prepare('DELETE FROM push_events WHERE from_user = ?1').bind(openId),
          db.prepare('DELETE FROM users WHERE open_id = ?1').bind(openId),
        );
      }
      await db.batch(stmts);
    },
    async updateUser(openId, fields) {
      const cols = Object.keys(fields).filter((k) => USER_COLUMNS.includes(k) && fields[k] !== undefined);
      if (cols.length === 0) return;
      const sets = cols.map((c, i) => `${c} = ?${i + 1}`).join(', ');
      await db
        .prepare(`UPDATE users SET ${sets}, updated_at = ?${cols.length + 1} WHERE open_id = ?${cols.length + 2}`)
        .bind(...cols.map((c) => fields[c]), now(), openId)
        .run();
    },
    async recordPushEvent(message, text) {
      await db
        .prepare('INSERT INTO push_events (msg_type, event, from_user, create_time, received_at, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6)')
        .bind(message.MsgType ?? null, message.Event ?? null, message.FromUserName ?? null, Number(message.CreateTime) || null, now(), text)
        .run();
    },
    user(openId) {
      return db.prepare('SELECT * FROM users WHERE open_id = ?1').bind(openId).first();
    },
  };
}

const publicUser = (row) => row && ({
  openId: row.open_id,
  hasUnionId: Boolean(row.union_id),
  phone: row.phone ? `${row.phone.slice(0, 3)}****${row.phone.slice(-4)}` : null,
  nickName: row.nick_name,
  avatarUrl: row.avatar_url,
  stepsToday: row.steps_today,
});

// One WeChat client per isolate, so the access_token is cached across requests; with the WX_TOKENS KV
// namespace every isolate and location shares it (stable_token makes a duplicate refresh harmless).
let wechatClient = null;
const wechatFor = (env) =>
  (wechatClient ??= createWeChatClient({
    appId: env.WX_APPID,
    secret: env.WX_SECRET,
    baseUrl: env.WX_API_BASE || undefined,
    tokenStore: env.WX_TOKENS ? kvTokenStore(env.WX_TOKENS) : undefined,
  }));

async function route(request, env) {
  const appId = env.WX_APPID;
  const db = store(env.DB);
  const wechat = wechatFor(env);
  const { pathname } = new URL(request.url);
  const key = `${request.method} ${pathname}`;

  const sessionKeys = [{ id: env.SESSION_KEY_ID ?? 'k1', secret: env.SESSION_SECRET }];
  if (env.SESSION_SECRET_PREVIOUS) sessionKeys.push({ id: env.SESSION_KEY_ID_PREVIOUS ?? 'k0', secret: env.SESSION_SECRET_PREVIOUS });
  const unauthorized = (message) => new AppError(401, 'ERR_UNAUTHORIZED', message, { relogin: true });
  // The sealed token opened, then its session version compared with D1's (read here anyway).
  const auth = async () => {
    const header = request.headers.get('authorization') ?? '';
    let claims;
    try {
      claims = openSession(header.startsWith('Bearer ') ? header.slice(7) : undefined, { keys: sessionKeys, clockToleranceSeconds: 30 });
    } catch (err) {
      if (err.code === 'ERR_SESSION_EXPIRED') throw unauthorized('the session expired: call wx.login and POST /login');
      if (err.code === 'ERR_SESSION_INVALID') throw unauthorized('not logged in: call wx.login and POST /login');
      throw err;
    }
    if (claims.appid !== appId) throw unauthorized('this token is for another mini program');
    const state = await db.loginState(claims.sub);
    if (!state || state.ver !== claims.ver) {
      throw unauthorized('the session was ended (logout, or the user withdrew the authorisation in WeChat): call wx.login and POST /login');
    }
    return { openId: claims.sub, sessionKey: state.sessionKey };
  };
  // A decrypt failure is almost always a stale session_key: ask WeChat whether ours is still current.
  const decrypting = async (session, fn) => {
    try {
      return fn();
    } catch (err) {
      if (err?.code === 'ERR_DECRYPT_FAILED' && !(await wechat.checkSession({ openId: session.openId, sessionKey: session.sessionKey }).catch(() => true))) {
        await db.revoke(session.openId);
        err.relogin = true;
      }
      throw err;
    }
  };
  const userResponse = async (openId) => json(200, { ok: true, user: publicUser(await db.user(openId)) });

  if (pathname === '/wx/push' && env.WX_PUSH_TOKEN && env.WX_PUSH_AES_KEY && ['GET', 'POST'].includes(request.method)) {
    const result = openPushRequest({
      token: env.WX_PUSH_TOKEN,
      encodingAESKey: [env.WX_PUSH_AES_KEY, env.WX_PUSH_AES_KEY_PREVIOUS].filter(Boolean),
      appId,
      query: new URL(request.url).searchParams,
      body: request.method === 'POST' ? await request.text() : null,
    });
    const text = (t) => new Response(t, { headers: { 'content-type': 'text/plain; charset=utf-8' } });
    if (result.kind === 'verify') return text(result.echostr);
    await db.recordPushEvent(result.message, result.text);
    const event = parseUserLifecycleEvent(result);
    // The user withdrew an authorisation in WeChat's settings: end their sessions here too.
    if (event.openId && event.type === 'user_authorization_revoke') await db.revoke(event.openId);
    // The user deleted their account or this app's data: forget them, and end their sessions.
    if (event.openId && event.type === 'user_authorization_cancellation') await db.revoke(event.openId, { forget: true });
    return text('success');
  }

  switch (key) {
    case 'POST /login': {
      const code = requireString(await readBody(request), 'code');
      const { openId, sessionKey, unionId } = await wechat.code2Session(code);
      const ver = await db.login({ openId, unionId, sessionKey, at: Date.now() }); // session_key stays in D1
      const claims = { sub: openId, appid: appId, sid: newSid(), ver };
      if (unionId) claims.unionid = unionId;
      const token = sealSession(claims, { keys: sessionKeys, ttlSeconds: SESSION_TTL_SECONDS });
      return json(200, { ok: true, token, user: publicUser(await db.user(openId)) });
    }
    case 'POST /logout': {
      const session = await auth();
      await db.revoke(session.openId);
      return json(200, { ok: true });
    }
    case 'GET /user/me': {
      const session = await auth();
      return userResponse(session.openId);
    }
    case 'POST /user/profile': {
      const session = await auth();
      const body = await readBody(request);
      if (body.encryptedData === undefined && body.rawData === undefined) {
        const nickName = requireString(body, 'nickName');
        if (nickName.length > 64) throw new AppError(400, 'ERR_INVALID_ARGUMENT', 'nickName is too long', { field: 'nickName' });
        await db.updateUser(session.openId, { nick_name: nickName, avatar_url: typeof body.avatarUrl === 'string' ? body.avatarUrl : undefined });
        return userResponse(session.openId);
      }
      const rawData = requireString(body, 'rawData');
      const signature = requireString(body, 'signature');
      if (!verifyRawDataSignature({ rawData, signature, sessionKey: session.sessionKey })) {
        throw new AppError(400, 'ERR_SIGNATURE_MISMATCH', 'rawData signature does not match the session: call wx.login and try again', { field: 'signature', relogin: true });
      }
      const input = { appId, sessionKey: session.sessionKey, encryptedData: requireString(body, 'encryptedData'), iv: requireString(body, 'iv') };
      const info = await decrypting(session, () => decryptUserInfo(input, { maxAgeSeconds: MAX_AGE_SECONDS, openId: session.openId }));
      await db.updateUser(session.openId, {
        nick_name: info.nickName,
        avatar_url: info.avatarUrl,
        gender: info.gender,
        city: info.city,
        province: info.province,
        country: info.country,
        union_id: info.unionId,
      });
      return userResponse(session.openId);
    }
    case 'POST /user/phone': {
      const session = await auth();
      const body = await readBody(request);
      let phone;
      if (typeof body.code === 'string' && body.code) {
        phone = await wechat.getPhoneNumber(body.code);
      } else {
        const input = { appId, sessionKey: session.sessionKey, encryptedData: requireString(body, 'encryptedData'), iv: requireString(body, 'iv') };
        phone = await decrypting(session, () => decryptPhoneNumber(input, { maxAgeSeconds: MAX_AGE_SECONDS }));
        if (!(await wechat.checkEncryptedMsg(input.encryptedData)).valid) {
          throw new AppError(400, 'ERR_NOT_FROM_WECHAT', 'WeChat did not produce this encryptedData in the last 3 days', { field: 'encryptedData' });
        }
      }
      await db.updateUser(session.openId, { phone: phone.purePhoneNumber, country_code: String(phone.countryCode) });
      return userResponse(session.openId);
    }
    case 'POST /user/werun': {
      const session = await auth();
      const body = await readBody(request);
      const input = { appId, sessionKey: session.sessionKey, encryptedData: requireString(body, 'encryptedData'), iv: requireString(body, 'iv') };
      const data = await decrypting(session, () => decryptWeRunData(input, { maxAgeSeconds: MAX_AGE_SECONDS }));
      const steps = data.stepInfoList.map((d) => d.step);
      const today = steps.at(-1) ?? 0;
      const total = steps.reduce((a, b) => a + b, 0);
      await db.updateUser(session.openId, { steps_today: today, steps_31d: total });
      return json(200, { ok: true, days: steps.length, today, total });
    }
    default:
      return json(404, { ok: false, code: 'ERR_NOT_FOUND', message: `no route ${key}` });
  }
}

export default {
  async fetch(request, env) {
    try {
      return await route(request, env);
    } catch (err) {
      return errorResponse(err);
    }
  },
};
