// The login server as an Express 5 app: /login, /logout, /user/profile, /user/phone, /user/werun,
// /user/me. The client's token is a sealed session (sealSession: a JWE naming the user, the session and
// its version); the session_key stays in the login state (SQLite, or Redis with REDIS_URL). Every
// authenticated route reads the login state anyway (for the session_key or the user), and there
// compares the token's version with the stored one: logout and WeChat's revoke/cancellation pushes
// bump it, so a revoked token is refused although it is still authentic and unexpired.
// Every error reaches the client as ONE JSON shape:
//   { ok: false, code, message, field?, errcode?, retryable?, relogin? }
// where `code` is the library's ERR_* code (or one of this server's few own codes below). Never send
// the library's diagnose report or WeChat's raw body to a client: log them on the server instead.
import express from 'express';
import { randomBytes } from 'node:crypto';
import { decryptPhoneNumber, decryptUserInfo, decryptWeRunData, openSession, sealSession, verifyRawDataSignature } from 'wx-open-data';
import { openPushRequest, parseUserLifecycleEvent } from 'wx-open-data/push';
import { platformCode2Session } from './platforms.mjs';

/** Errors this server raises itself (the library's errors carry their own codes). */
export class AppError extends Error {
  constructor(status, code, message, extra = {}) {
    super(message);
    Object.assign(this, { status, code }, extra);
  }
}

const MAX_AGE_SECONDS = 600; // open data older than 10 minutes is refused

/** A login code the mini program sent was bad (expired, reused, forged, risky), on any platform: 400. */
function clientCodeError(err) {
  switch (err.platform ?? 'wechat') {
    case 'wechat':
    case 'qq':
    case 'wecom':
      return [40029, 40163, 40226].includes(err.errcode);
    case 'douyin':
      return [40018, 40019].includes(err.errcode); // code, anonymous code
    case 'baidu':
      return err.error === 'invalid_grant'; // the code is invalid or was used
    default:
      return false;
  }
}

function statusOf(err) {
  if (err instanceof AppError) return err.status;
  if (err?.name !== 'WxOpenDataError') return 500;
  if (err.code === 'ERR_WX_API') {
    if (err.retryable) return 503;
    return clientCodeError(err) ? 400 : 502; // the client's code vs our config
  }
  // WeChat did not answer in time, could not be reached, or answered with an HTTP error (the client's codes).
  if (['ERR_WX_TIMEOUT', 'ERR_WX_NETWORK', 'ERR_WX_HTTP'].includes(err.code)) return err.retryable ? 503 : 502;
  if (err.code === 'ERR_INVALID_RESPONSE') return 502;
  return 400;
}

/** The one error shape. Library messages are safe to show (no key material, no decrypted data). */
export function errorBody(err) {
  if (err instanceof AppError || err?.name === 'WxOpenDataError') {
    const body = { ok: false, code: err.code, message: err.message };
    for (const k of ['field', 'errcode', 'retryable', 'relogin']) if (err[k] !== undefined) body[k] = err[k];
    return body;
  }
  return { ok: false, code: 'ERR_INTERNAL', message: 'internal error' };
}

const requireString = (body, name) => {
  const v = body?.[name];
  if (typeof v !== 'string' || v === '') throw new AppError(400, 'ERR_INVALID_ARGUMENT', `${name} is required`, { field: name });
  return v;
};

/**
/**
 * createApp({ appId, store, loginState, sessionKeys, wechat, push, platforms, log }): store is db.mjs's
 * openDatabase() (users, push events), loginState its `loginState` or redis-store.mjs's (session_key
 * and session versions), sessionKeys the sealing keys [{ id, secret }] (the first seals, all open),
 * wechat is createWeChatClient() of wx-open-data/client, push is { token, encodingAESKey } of 消息推送
 * (or null), platforms the other platforms' logins ({ qq: { appId, secret, baseUrl? }, ... }, see platforms.mjs).
 */
export function createApp({ appId, store, loginState = store.loginState, sessionKeys, sessionTtlSeconds = 7 * 24 * 3600, wechat, push = null, platforms = {}, log = console }) {
  const app = express();
  app.disable('x-powered-by');

  // Message push (消息推送, safe mode), configured in the admin console with this URL, the Token and
  // the EncodingAESKey (a list [current, previous] while changing it). GET is the URL check; POST an
  // encrypted event. This route reads the raw body, so it comes before the JSON parser.
  if (push) {
    app.all('/wx/push', express.text({ type: () => true, limit: '1mb' }), async (req, res) => {
      if (req.method !== 'GET' && req.method !== 'POST') throw new AppError(405, 'ERR_METHOD', 'GET or POST');
      const result = openPushRequest({
        token: push.token,
        encodingAESKey: push.encodingAESKey,
        appId,
        query: req.query,
        body: req.method === 'POST' ? req.body : null,
      });
      if (result.kind === 'verify') return res.type('text/plain').send(result.echostr);
      store.recordPushEvent(result.message, result.text);
      const event = parseUserLifecycleEvent(result);
      if (event.openId && event.type === 'user_authorization_revoke') {
        // The user withdrew an authorisation in WeChat's settings: end their sessions here too.
        await loginState.revoke(event.openId);
        log.info?.(`push: ${event.openId} revoked ${event.revoked.map((r) => r.name ?? r.id).join(', ')}`);
      } else if (event.openId && event.type === 'user_authorization_cancellation') {
        // The user deleted their account or this app's data: forget them, and end their sessions.
        await loginState.revoke(event.openId, { forget: true });
        store.deleteUser(event.openId);
      }
      res.type('text/plain').send('success'); // WeChat expects "success" (or an empty body)
    });
  }
  app.use(express.json({ limit: '64kb' }));
  // Accepting form bodies too shows the classic bug: a hand-built form body turns every `+` into a space.
  app.use(express.urlencoded({ extended: false, limit: '64kb' }));

  /** The appid a token of `platform` must carry (WeCom has none: its name stands in). */
  const appIdOf = (platform) => (platform === 'wechat' ? appId : Object.hasOwn(platforms, platform) ? platforms[platform].appId ?? platform : undefined);
  const unauthorized = (message) => new AppError(401, 'ERR_UNAUTHORIZED', message, { relogin: true });
  /** The session of a request: the sealed token opened, then its version checked against the store. */
  const auth = async (req) => {
    const header = req.get('authorization') ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : undefined;
    let claims;
    try {
      claims = openSession(token, { keys: sessionKeys, clockToleranceSeconds: 30 });
    } catch (err) {
      if (err.code === 'ERR_SESSION_EXPIRED') throw unauthorized('the session expired: call wx.login and POST /login');
      if (err.code === 'ERR_SESSION_INVALID') throw unauthorized('not logged in: call wx.login and POST /login');
      throw err; // a misconfigured key list: loud, 500
    }
    if (claims.appid !== appIdOf(claims.platform ?? 'wechat')) throw unauthorized('this token is for another mini program');
    const state = await loginState.read(claims.sub);
    if (!state || state.ver !== claims.ver) {
      throw unauthorized('the session was ended (logout, or the user withdrew the authorisation in WeChat): call wx.login and POST /login');
    }
    return { openId: claims.sub, sessionKey: state.sessionKey, claims };
  };

  // A decrypt failure is almost always a stale session_key: ask WeChat whether ours is still current.
  async function explainDecryptFailure(err, session) {
    if (err?.code !== 'ERR_DECRYPT_FAILED') return err;
    const current = await wechat.checkSession({ openId: session.openId, sessionKey: session.sessionKey }).catch(() => true);
    if (!current) {
      await loginState.revoke(session.openId);
      err.relogin = true; // the client must wx.login again, then ask for fresh data
    }
    return err;
  }

  const publicUser = (row) => row && ({
    openId: row.open_id,
    hasUnionId: Boolean(row.union_id),
    phone: row.phone ? `${row.phone.slice(0, 3)}****${row.phone.slice(-4)}` : null,
    nickName: row.nick_name,
    avatarUrl: row.avatar_url,
    stepsToday: row.steps_today,
  });

  app.post('/login', async (req, res) => {
    const platform = req.query.platform ?? req.body?.platform ?? 'wechat';
    if (platform !== 'wechat') return loginOnPlatform(req, res, platform);
    const code = requireString(req.body, 'code');
    const { openId, sessionKey, unionId } = await wechat.code2Session(code);
    const at = Date.now(); // when WeChat handed this session_key over: the newest one wins
    store.upsertUser({ openId, unionId });
    const ver = await loginState.saveSessionKey(openId, sessionKey, at); // session_key stays here
    const claims = { sub: openId, appid: appId, sid: randomBytes(9).toString('base64url'), ver };
    if (unionId) claims.unionid = unionId;
    const token = sealSession(claims, { keys: sessionKeys, ttlSeconds: sessionTtlSeconds });
    res.json({ ok: true, token, user: publicUser(store.user(openId)) });
  });

  // Another platform's login: its code (Douyin: and/or anonymousCode) exchanged in its dialect. The
  // user is keyed `platform:openId` (WeCom: `wecom:corpId/userId`), the session_key kept here alike,
  // and the token says which platform (`platform`, and that platform's appid as `appid`).
  async function loginOnPlatform(req, res, platform) {
    const config = Object.hasOwn(platforms, platform) ? platforms[platform] : undefined;
    if (!config) throw new AppError(400, 'ERR_INVALID_ARGUMENT', `platform ${String(platform)} is not configured on this server`, { field: 'platform' });
    const anonymousCode = typeof req.body?.anonymousCode === 'string' ? req.body.anonymousCode : undefined;
    const code = anonymousCode && !req.body?.code ? undefined : requireString(req.body, 'code');
    const r = await platformCode2Session(config, platform, { code, anonymousCode });
    const at = Date.now();
    const id = r.corpId ? `${r.corpId}/${r.userId}` : r.openId || `anonymous:${r.anonymousOpenId}`;
    const openId = `${platform}:${id}`;
    store.upsertUser({ openId, unionId: r.unionId });
    const ver = await loginState.saveSessionKey(openId, r.sessionKey ?? '', at);
    const claims = { sub: openId, appid: appIdOf(platform), sid: randomBytes(9).toString('base64url'), ver, platform };
    if (r.unionId) claims.unionid = r.unionId;
    const token = sealSession(claims, { keys: sessionKeys, ttlSeconds: sessionTtlSeconds });
    res.json({ ok: true, token, platform, user: publicUser(store.user(openId)) });
  }

  // Ends every session of the user (all devices): the version goes up, every older token is refused.
  app.post('/logout', async (req, res) => {
    const session = await auth(req);
    await loginState.revoke(session.openId);
    res.json({ ok: true });
  });

  app.get('/user/me', async (req, res) => {
    const session = await auth(req);
    res.json({ ok: true, user: publicUser(store.user(session.openId)) });
  });

  // Legacy wx.getUserInfo payload (rawData + signature + encryptedData + iv), or the current
  // avatar/nickname fill-in (chooseAvatar + <input type="nickname">): { nickName, avatarUrl }.
  app.post('/user/profile', async (req, res) => {
    const session = await auth(req);
    const body = req.body ?? {};
    if (body.encryptedData === undefined && body.rawData === undefined) {
      const nickName = requireString(body, 'nickName');
      if (nickName.length > 64) throw new AppError(400, 'ERR_INVALID_ARGUMENT', 'nickName is too long', { field: 'nickName' });
      const avatarUrl = typeof body.avatarUrl === 'string' ? body.avatarUrl : undefined;
      store.updateUser(session.openId, { nick_name: nickName, avatar_url: avatarUrl });
      return res.json({ ok: true, user: publicUser(store.user(session.openId)) });
    }
    const rawData = requireString(body, 'rawData');
    const signature = requireString(body, 'signature');
    if (!verifyRawDataSignature({ rawData, signature, sessionKey: session.sessionKey })) {
      throw new AppError(400, 'ERR_SIGNATURE_MISMATCH', 'rawData signature does not match the session: call wx.login and try again', { field: 'signature', relogin: true });
    }
    let info;
    try {
      info = decryptUserInfo(
        { appId, sessionKey: session.sessionKey, encryptedData: requireString(body, 'encryptedData'), iv: requireString(body, 'iv') },
        { maxAgeSeconds: MAX_AGE_SECONDS, openId: session.openId },
      );
    } catch (err) {
      throw await explainDecryptFailure(err, session);
    }
    store.updateUser(session.openId, {
      nick_name: info.nickName,
      avatar_url: info.avatarUrl,
      gender: info.gender,
      city: info.city,
      province: info.province,
      country: info.country,
      union_id: info.unionId,
    });
    res.json({ ok: true, user: publicUser(store.user(session.openId)) });
  });

  // getPhoneNumber button: { code } (current flow, WeChat returns the number) or the legacy
  // { encryptedData, iv } (decrypted here with the session_key, then confirmed by checkencryptedmsg).
  app.post('/user/phone', async (req, res) => {
    const session = await auth(req);
    const body = req.body ?? {};
    let phone;
    if (typeof body.code === 'string' && body.code) {
      phone = await wechat.getPhoneNumber(body.code);
    } else {
      const encryptedData = requireString(body, 'encryptedData');
      try {
        phone = decryptPhoneNumber(
          { appId, sessionKey: session.sessionKey, encryptedData, iv: requireString(body, 'iv') },
          { maxAgeSeconds: MAX_AGE_SECONDS },
        );
      } catch (err) {
        throw await explainDecryptFailure(err, session);
      }
      if (!(await wechat.checkEncryptedMsg(encryptedData)).valid) {
        throw new AppError(400, 'ERR_NOT_FROM_WECHAT', 'WeChat did not produce this encryptedData in the last 3 days', { field: 'encryptedData' });
      }
    }
    store.updateUser(session.openId, { phone: phone.purePhoneNumber, country_code: String(phone.countryCode) });
    res.json({ ok: true, user: publicUser(store.user(session.openId)) });
  });

  app.post('/user/werun', async (req, res) => {
    const session = await auth(req);
    let data;
    try {
      data = decryptWeRunData(
        { appId, sessionKey: session.sessionKey, encryptedData: requireString(req.body, 'encryptedData'), iv: requireString(req.body, 'iv') },
        { maxAgeSeconds: MAX_AGE_SECONDS },
      );
    } catch (err) {
      throw await explainDecryptFailure(err, session);
    }
    const steps = data.stepInfoList.map((d) => d.step);
    const today = steps.at(-1) ?? 0;
    const total = steps.reduce((a, b) => a + b, 0);
    store.updateUser(session.openId, { steps_today: today, steps_31d: total });
    res.json({ ok: true, days: steps.length, today, total });
  });

  app.use((req, res) => {
    res.status(404).json({ ok: false, code: 'ERR_NOT_FOUND', message: `no route ${req.method} ${req.path}` });
  });

  // Express 5 forwards rejected promises here.
  // eslint-disable-next-line no-unused-vars
  app.use((err, req, res, next) => {
    if (err?.type === 'entity.parse.failed') err = new AppError(400, 'ERR_INVALID_ARGUMENT', 'the body is not valid JSON');
    const status = statusOf(err);
    if (status >= 500) log.error(`${req.method} ${req.path}: ${err?.code ?? ''} ${err?.stack ?? err}`);
    if (status === 503) res.set('retry-after', err.errcode === 45011 ? '60' : '1');
    res.status(status).json(errorBody(err));
  });

  return app;
}
