// The login server of examples/worker written with Hono: the same routes, D1 schema, error shape and
// status codes, so the same scripted mini program walks both (make test, suite `wrangler`).
//   POST /login {code}                    -> { ok, token, user }
//   GET  /user/me                         -> { ok, user }
//   POST /user/profile                    legacy {rawData, signature, encryptedData, iv} or {nickName, avatarUrl}
//   POST /user/phone                      {code} or legacy {encryptedData, iv}
//   POST /user/werun                      {encryptedData, iv}
//   GET|POST /wx/push                     消息推送 (safe mode): URL check and encrypted events
// Errors: { ok: false, code, message, field?, errcode?, retryable?, relogin? }.
// Bindings (wrangler.toml, .dev.vars): DB (D1), WX_APPID, WX_API_BASE, WX_SECRET (a secret),
// WX_PUSH_TOKEN and WX_PUSH_AES_KEY (secrets; optional: they enable /wx/push), WX_PUSH_AES_KEY_PREVIOUS,
// WX_TOKENS (KV, optional: every isolate shares the access_token through it).
import { Hono } from 'hono';
import { decryptPhoneNumber, decryptUserInfo, decryptWeRunData, verifyRawDataSignature } from 'wx-open-data';
import { openPushRequest } from 'wx-open-data/push';
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
const hex = (buf) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
const sha256 = async (text) => hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
const newToken = () => {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

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
    async login({ openId, unionId, sessionKey }) {
      const token = newToken();
      const t = now();
      await db.batch([
        db
          .prepare(
            `INSERT INTO users (open_id, union_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)
             ON CONFLICT(open_id) DO UPDATE SET union_id = COALESCE(excluded.union_id, users.union_id), updated_at = excluded.updated_at`,
          )
          .bind(openId, unionId ?? null, t),
        db.prepare('DELETE FROM sessions WHERE open_id = ?1').bind(openId),
        db
          .prepare('INSERT INTO sessions (token_hash, open_id, session_key, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)')
          .bind(await sha256(token), openId, sessionKey, t, t + SESSION_TTL_SECONDS),
      ]);
      return token;
    },
    async session(token) {
      if (!token) return null;
      const row = await db
        .prepare('SELECT open_id AS openId, session_key AS sessionKey, expires_at AS expiresAt FROM sessions WHERE token_hash = ?1')
        .bind(await sha256(token))
        .first();
      if (!row || row.expiresAt <= now()) return null;
      return { openId: row.openId, sessionKey: row.sessionKey, token };
    },
    async endSession(token) {
      await db.prepare('DELETE FROM sessions WHERE token_hash = ?1').bind(await sha256(token)).run();
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
    async endUserSessions(openId) {
      await db.prepare('DELETE FROM sessions WHERE open_id = ?1').bind(openId).run();
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

const publicUser = (row) => ({
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

// Every /user/* route needs the Bearer token of POST /login.
app.use('/user/*', async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const session = await c.var.db.session(header.startsWith('Bearer ') ? header.slice(7) : '');
  if (!session) throw new AppError(401, 'ERR_UNAUTHORIZED', 'not logged in or the session expired: call wx.login and POST /login', { relogin: true });
  c.set('session', session);
  await next();
});

// A decrypt failure is almost always a stale session_key: ask WeChat whether ours is still current.
async function decrypting(c, fn) {
  const { session, wechat, db } = c.var;
  try {
    return fn();
  } catch (err) {
    if (err?.code === 'ERR_DECRYPT_FAILED' && !(await wechat.checkSession({ openId: session.openId, sessionKey: session.sessionKey }).catch(() => true))) {
      await db.endSession(session.token);
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
  const token = await c.var.db.login({ openId, unionId, sessionKey });
  return c.json({ ok: true, token, user: publicUser(await c.var.db.user(openId)) });
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
  // The user withdrew their authorisation in WeChat's settings: end their sessions here too.
  if (result.message.Event === 'user_authorization_revoke') await c.var.db.endUserSessions(result.message.FromUserName);
  return c.text('success');
});

export default app;
