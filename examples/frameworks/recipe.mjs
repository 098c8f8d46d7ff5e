// The part of every recipe that does not depend on the framework: the WeChat call of /login (through
// wx-open-data/client, which builds the request, calls fetch and parses the answer), the server-side
// session store, /user-info's decryption and signature check, the push endpoint's
// verification, and the mapping of errors to HTTP answers. express.mjs, koa.mjs, fastify.mjs and
// hono.mjs only route requests here, and read the bodies the way their framework needs.
//
// The session_key never leaves this file: /login answers a sealed token (sealSession: who the user is
// and their session version, encrypted under `sessionKeys`), and the Map below (a database or Redis in
// production) holds { sessionKey, ver } per user. A request's token is opened and its version
// compared with the stored one, which WeChat's revoke and cancellation pushes bump (docs/sessions.md).
import { randomBytes } from 'node:crypto';
import { decryptUserInfo, isWxOpenDataError, openSession, sealSession, verifyRawDataSignature } from 'wx-open-data';
import { createWeChatClient } from 'wx-open-data/client';
import { openPushRequest, parseUserLifecycleEvent } from 'wx-open-data/push';

/** An error this server raises itself (the library's errors carry their own `code`). */
export class HttpError extends Error {
  constructor(status, code, message, field) {
    super(message);
    Object.assign(this, { status, code, field });
  }
}

/** The 4xx status a framework's own error carries (malformed JSON, body too large, 415), if any. */
const clientStatus = (err) => {
  const s = err?.statusCode ?? err?.status;
  return Number.isInteger(s) && s >= 400 && s < 500 ? s : undefined;
};

/**
 * HTTP status for an error: ours carry it, the library's codes map to client errors and WeChat
 * trouble to 502/503, a framework's own 4xx errors keep theirs, anything else is 500.
 */
export function statusOf(err) {
  if (err instanceof HttpError) return err.status;
  if (!isWxOpenDataError(err)) return clientStatus(err) ?? 500;
  switch (err.code) {
    case 'ERR_SIGNATURE_MISMATCH': // a push not signed with our Token, or rawData not signed with the session_key
    case 'ERR_APPID_MISMATCH': // data or a push for another app
      return 403;
    case 'ERR_WX_API': // jscode2session refused: the client's code is bad (400), or WeChat is busy (503)
      if (err.retryable) return 503;
      return [40029, 40163, 40226].includes(err.errcode) ? 400 : 502;
    case 'ERR_WX_TIMEOUT': // WeChat unreachable, slow, or answering HTTP errors
    case 'ERR_WX_NETWORK':
    case 'ERR_WX_HTTP':
      return err.retryable ? 503 : 502;
    case 'ERR_INVALID_RESPONSE':
      return 502;
    default: // ERR_INVALID_ARGUMENT, ERR_INVALID_BASE64, ERR_DECRYPT_FAILED, ERR_INPUT_TOO_LARGE, ...
      return 400;
  }
}

/** The one JSON error body. Library messages are safe to show: no key material, no decrypted data. */
export function errorBody(err) {
  if (err instanceof HttpError || isWxOpenDataError(err)) {
    const body = { ok: false, code: err.code, message: err.message };
    if (err.field !== undefined) body.field = err.field;
    if (err.errcode !== undefined) body.errcode = err.errcode;
    return body;
  }
  if (clientStatus(err)) return { ok: false, code: 'ERR_BAD_REQUEST', message: 'the request body could not be read' };
  return { ok: false, code: 'ERR_INTERNAL', message: 'internal error' };
}

/**
 * createRecipe({ appId, secret, apiBase?, push: { token, encodingAESKey }, sessionKeys?, onPush? }).
 * apiBase: WeChat's API origin (the tests point it at examples/mock-wechat). sessionKeys: the keys that
 * seal the tokens ([{ id, secret }], secret = `openssl rand -base64 32`; default: one random key per
 * process, so a restart logs everyone out). onPush(result): called with every verified, decrypted
 * push ({ format, appId, message, text }).
 */
export function createRecipe({
  appId,
  secret,
  apiBase = 'https://api.weixin.qq.com',
  push,
  sessionKeys = [{ id: 'k1', secret: randomBytes(32).toString('base64') }],
  onPush = () => {},
}) {
  const users = new Map(); // openId -> { sessionKey, ver }
  const wechat = createWeChatClient({ appId, secret, baseUrl: apiBase });

  /** POST /login { code } -> { token }: code2Session against WeChat, the session_key kept here. */
  async function login(body) {
    const code = body?.code;
    if (typeof code !== 'string' || code === '') throw new HttpError(400, 'ERR_INVALID_ARGUMENT', 'code is required', 'code');
    // WeChat's errors throw ERR_WX_API (errcode, retryable); transport trouble ERR_WX_TIMEOUT/NETWORK/HTTP.
    const { openId, unionId, sessionKey } = await wechat.code2Session(code);
    const ver = users.get(openId)?.ver ?? 0;
    users.set(openId, { sessionKey, ver });
    const claims = { sub: openId, appid: appId, ver };
    if (unionId) claims.unionid = unionId;
    return { ok: true, token: sealSession(claims, { keys: sessionKeys, ttlSeconds: 7 * 24 * 3600 }) };
  }

  function sessionOf(authorization) {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    let claims;
    try {
      claims = openSession(token, { keys: sessionKeys, clockToleranceSeconds: 30 });
    } catch (err) {
      if (err.code !== 'ERR_SESSION_INVALID' && err.code !== 'ERR_SESSION_EXPIRED') throw err;
      throw new HttpError(401, 'ERR_UNAUTHORIZED', 'not logged in: call wx.login and POST /login');
    }
    const user = users.get(claims.sub);
    if (claims.appid !== appId || !user?.sessionKey || user.ver !== claims.ver) {
      throw new HttpError(401, 'ERR_UNAUTHORIZED', 'the session was ended: call wx.login and POST /login');
    }
    return { openId: claims.sub, sessionKey: user.sessionKey };
  }

  /** POST /user-info { encryptedData, iv, rawData?, signature? } with `Authorization: Bearer <token>`. */
  function userInfo(authorization, body) {
    const { sessionKey, openId } = sessionOf(authorization);
    const { encryptedData, iv, rawData, signature } = body ?? {};
    if (rawData !== undefined || signature !== undefined) {
      // rawData's signature is sha1(rawData + session_key): it proves the client saw our session.
      if (!verifyRawDataSignature({ rawData, signature, sessionKey })) {
        throw new HttpError(403, 'ERR_SIGNATURE_MISMATCH', 'rawData is not signed with this session', 'signature');
      }
    }
    // The watermark's appid must be ours and the data at most 10 minutes old.
    const info = decryptUserInfo({ appId, sessionKey, encryptedData, iv }, { maxAgeSeconds: 600 });
    const { watermark, ...user } = info;
    return { ok: true, openId, user };
  }

  /**
   * The push endpoint: GET is the URL check, POST an encrypted message. `query` is what the
   * framework gives (an object, a URLSearchParams or the URL); `rawBody` the body EXACTLY as
   * received (string or bytes), or null for GET. Answers { status, body } in text/plain.
   */
  function pushEndpoint(method, query, rawBody) {
    if (method !== 'GET' && method !== 'POST') throw new HttpError(405, 'ERR_METHOD', 'GET or POST');
    const result = openPushRequest({ ...push, appId, query, body: method === 'POST' ? rawBody : null });
    if (result.kind === 'verify') return { status: 200, body: result.echostr };
    // The user withdrew an authorisation, or deleted their account or our data: end their sessions
    // (the version goes up), and for a cancellation forget the session_key too.
    const event = parseUserLifecycleEvent(result);
    if (event.openId && (event.type === 'user_authorization_revoke' || event.type === 'user_authorization_cancellation')) {
      const user = users.get(event.openId);
      users.set(event.openId, { sessionKey: event.type === 'user_authorization_revoke' ? user?.sessionKey : undefined, ver: (user?.ver ?? 0) + 1 });
    }
    onPush(result);
    return { status: 200, body: 'success' }; // what WeChat expects
  }

  return { login, userInfo, pushEndpoint };
}

/** Bodies above this are refused (pushes and login bodies are small). */
export const BODY_LIMIT = 64 * 1024;
