// The login server of examples/worker written with Hono: the same routes, D1 schema, error shape and
// status codes, so the same scripted mini program walks both (make test, suite `wrangler`).
//   POST /login {code}                    -> { ok, token, user }   (token: a sealed session, sealSession)
//   POST /logout                          ends every session of the user (the session version goes up)
//   GET  /user/me                         -> { ok, user }
//   POST /user/profile                    legacy {rawData, signature, encryptedData, iv} or {nickName, avatarUrl}
//   POST /user/phone                      {code} or legacy {encryptedData, iv}
//   POST /user/werun                      {encryptedData, iv}
//   GET|POST /wx/push                     消息推送 (safe mode): URL check and encrypted events
// Errors: { ok: false, code, message, field?, errcode?, retryable?, relogin? }.
// Bindings (wrangler.toml, .dev.vars): DB (D1), WX_APPID, WX_API_BASE, WX_SECRET (a secret),
// WX_PUSH_TOKEN and WX_PUSH_AES_KEY (secrets; optional: they enable /wx/push), WX_PUSH_AES_KEY_PREVIOUS,
// WX_TOKENS (KV, optional: every isolate shares the access_token through it), SESSION_SECRET (a secret:
// `openssl rand -base64 32`; seals the tokens) with SESSION_KEY_ID, and SESSION_SECRET_PREVIOUS /
// SESSION_KEY_ID_PREVIOUS while rotating. The session_key and the session version live in D1 (table
// login_state); see examples/worker for when a Durable Object is the better home.
import { Hono } from 'hono';
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

// WxOpenDataError and AppError -> the JSON error shape; anything else is logged and hidden.
function errorResponse(err, c) {
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
  if (status === 503) c.header('retry-after', err.errcode === 45011 ? '60' : '1');
  return c.json(body, status);
}

const now = () => Math.floor(Date.now() / 1000);
const newSid = () => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(9)))).replace(/\+/g, '-').replace(/\//g, '_');

const requireString = (body, name) => {
  const v = body?.[name];
  if (typeof v !== 'string' || v === '') throw new AppError(400, 'ERR_INVALID_ARGUMENT', `${name} is required`, { field: name });
  return v;
};

async function readBody(c) {
  // Form bodies are accepted to show the classic bug: URL decoding turns every `+` into a space.
  if ((c.req.header('content-type') ?? '').includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(await c.req.text()));
  }
  try {
    return await c.req.json();
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
      const sets = cols.map((col, i) => `${col} = ?${i + 1}`).join(', ');
      await db
        .prepare(`UPDATE users SET ${sets}, updated_at = ?${cols.length + 1} WHERE open_id = ?${cols.length + 2}`)
        .bind(...cols.map((col) => fields[col]), now(), openId)
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

const app = new Hono();
app.onError(errorResponse);
app.notFound((c) => c.json({ ok: false, code: 'ERR_NOT_FOUND', message: `no route ${c.req.method} ${c.req.path}` }, 404));

// Per request: the D1 store and the WeChat client in the context.
app.use('*', async (c, next) => {
  c.set('db', store(c.env.DB));
  c.set('wechat', wechatFor(c.env));
  await next();
});

/** The sealing keys: the first seals, all open. */
const sessionKeysOf = (env) => {
  const keys = [{ id: env.SESSION_KEY_ID ?? 'k1', secret: env.SESSION_SECRET }];
  if (env.SESSION_SECRET_PREVIOUS) keys.push({ id: env.SESSION_KEY_ID_PREVIOUS ?? 'k0', secret: env.SESSION_SECRET_PREVIOUS });
  return keys;
};
const unauthorized = (message) => new AppError(401, 'ERR_UNAUTHORIZED', message, { relogin: true });

// Every /user/* route (and /logout) needs the Bearer token of POST /login: the sealed token opened, then
// its session version compared with D1's (read here anyway, for the session_key).
async function authenticate(c, next) {
  const header = c.req.header('authorization') ?? '';
  let claims;
  try {
    claims = openSession(header.startsWith('Bearer ') ? header.slice(7) : undefined, { keys: sessionKeysOf(c.env), clockToleranceSeconds: 30 });
  } catch (err) {
    if (err.code === 'ERR_SESSION_EXPIRED') throw unauthorized('the session expired: call wx.login and POST /login');
    if (err.code === 'ERR_SESSION_INVALID') throw unauthorized('not logged in: call wx.login and POST /login');
    throw err;
  }
  if (claims.appid !== c.env.WX_APPID) throw unauthorized('this token is for another mini program');
  const state = await c.var.db.loginState(claims.sub);
  if (!state || state.ver !== claims.ver) {
    throw unauthorized('the session was ended (logout, or the user withdrew the authorisation in WeChat): call wx.login and POST /login');
  }
  c.set('session', { openId: claims.sub, sessionKey: state.sessionKey });
  await next();
}
app.use('/user/*', authenticate);
app.use('/logout', authenticate);

// A decrypt failure is almost always a stale session_key: ask WeChat whether ours is still current.
async function decrypting(c, fn) {
  const { session, wechat, db } = c.var;
  try {
    return fn();
  } catch (err) {
    if (err?.code === 'ERR_DECRYPT_FAILED' && !(await wechat.checkSession({ openId: session.openId, sessionKey: session.sessionKey }).catch(() => true))) {
      await db.revoke(session.openId);
      err.relogin = true;
    }
    throw err;
  }
}
const decryptInput = (c, body) => ({
  appId: c.env.WX_APPID,
  sessionKey: c.var.session.sessionKey,
  encryptedData: requireString(body, 'encryptedData'),
  iv: requireString(body, 'iv'),
});
const userResponse = async (c) => c.json({ ok: true, user: publicUser(await c.var.db.user(c.var.session.openId)) });

app.post('/login', async (c) => {
  const code = requireString(await readBody(c), 'code');
  const { openId, sessionKey, unionId } = await c.var.wechat.code2Session(code);
  const ver = await c.var.db.login({ openId, unionId, sessionKey, at: Date.now() }); // session_key stays in D1
  const claims = { sub: openId, appid: c.env.WX_APPID, sid: newSid(), ver };
  if (unionId) claims.unionid = unionId;
  const token = sealSession(claims, { keys: sessionKeysOf(c.env), ttlSeconds: SESSION_TTL_SECONDS });
  return c.json({ ok: true, token, user: publicUser(await c.var.db.user(openId)) });
});

app.post('/logout', async (c) => {
  await c.var.db.revoke(c.var.session.openId);
  return c.json({ ok: true });
});

app.get('/user/me', userResponse);

app.post('/user/profile', async (c) => {
  const { session, db } = c.var;
  const body = await readBody(c);
  if (body.encryptedData === undefined && body.rawData === undefined) {
    const nickName = requireString(body, 'nickName');
    if (nickName.length > 64) throw new AppError(400, 'ERR_INVALID_ARGUMENT', 'nickName is too long', { field: 'nickName' });
    await db.updateUser(session.openId, { nick_name: nickName, avatar_url: typeof body.avatarUrl === 'string' ? body.avatarUrl : undefined });
    return userResponse(c);
  }
  const rawData = requireString(body, 'rawData');
  const signature = requireString(body, 'signature');
  if (!verifyRawDataSignature({ rawData, signature, sessionKey: session.sessionKey })) {
    throw new AppError(400, 'ERR_SIGNATURE_MISMATCH', 'rawData signature does not match the session: call wx.login and try again', { field: 'signature', relogin: true });
  }
  const input = decryptInput(c, body);
  const info = await decrypting(c, () => decryptUserInfo(input, { maxAgeSeconds: MAX_AGE_SECONDS, openId: session.openId }));
  await db.updateUser(session.openId, {
    nick_name: info.nickName,
    avatar_url: info.avatarUrl,
    gender: info.gender,
    city: info.city,
    province: info.province,
    country: info.country,
    union_id: info.unionId,
  });
  return userResponse(c);
});

app.post('/user/phone', async (c) => {
  const { session, db, wechat } = c.var;
  const body = await readBody(c);
  let phone;
  if (typeof body.code === 'string' && body.code) {
    phone = await wechat.getPhoneNumber(body.code);
  } else {
    const input = decryptInput(c, body);
    phone = await decrypting(c, () => decryptPhoneNumber(input, { maxAgeSeconds: MAX_AGE_SECONDS }));
    if (!(await wechat.checkEncryptedMsg(input.encryptedData)).valid) {
      throw new AppError(400, 'ERR_NOT_FROM_WECHAT', 'WeChat did not produce this encryptedData in the last 3 days', { field: 'encryptedData' });
    }
  }
  await db.updateUser(session.openId, { phone: phone.purePhoneNumber, country_code: String(phone.countryCode) });
  return userResponse(c);
});

app.post('/user/werun', async (c) => {
  const input = decryptInput(c, await readBody(c));
  const data = await decrypting(c, () => decryptWeRunData(input, { maxAgeSeconds: MAX_AGE_SECONDS }));
  const steps = data.stepInfoList.map((d) => d.step);
  const today = steps.at(-1) ?? 0;
  const total = steps.reduce((a, b) => a + b, 0);
  await c.var.db.updateUser(c.var.session.openId, { steps_today: today, steps_31d: total });
  return c.json({ ok: true, days: steps.length, today, total });
});

// 消息推送: configured only when the Token and EncodingAESKey secrets are set (404 otherwise).
app.on(['GET', 'POST'], '/wx/push', async (c) => {
  const env = c.env;
  if (!env.WX_PUSH_TOKEN || !env.WX_PUSH_AES_KEY) return c.notFound();
  const result = openPushRequest({
    token: env.WX_PUSH_TOKEN,
    encodingAESKey: [env.WX_PUSH_AES_KEY, env.WX_PUSH_AES_KEY_PREVIOUS].filter(Boolean),
    appId: env.WX_APPID,
    query: new URL(c.req.url).searchParams,
    body: c.req.method === 'POST' ? await c.req.text() : null,
  });
  if (result.kind === 'verify') return c.text(result.echostr);
  await c.var.db.recordPushEvent(result.message, result.text);
  const event = parseUserLifecycleEvent(result);
  // The user withdrew an authorisation in WeChat's settings: end their sessions here too.
  if (event.openId && event.type === 'user_authorization_revoke') await c.var.db.revoke(event.openId);
  // The user deleted their account or this app's data: forget them, and end their sessions.
  if (event.openId && event.type === 'user_authorization_cancellation') await c.var.db.revoke(event.openId, { forget: true });
  return c.text('success');
});

export default app;
