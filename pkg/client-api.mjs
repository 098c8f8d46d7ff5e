// `wx-open-data/client`: an optional WeChat API client over the platform's `fetch`, shared by every
// client entry. The wasm does no I/O; this file does the HTTP and nothing else: every request comes
// from the main module's builders and every answer goes through its parsers (so the error codes are
// the parsers'). Each runtime's entry hands in the main module it loaded (`bindClient(main)`), so the
// client uses the same instance as `import ... from 'wx-open-data'`. scripts/cjs-twins.mjs writes the
// CommonJS twin (dist/client-api.cjs). docs/client.md is the guide.
import { invalid, isWxOpenDataError, typeName, wxError } from './errors.mjs';

export { isWxOpenDataError };

const DEFAULT_BASE_URL = 'https://api.weixin.qq.com';
const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_TIMEOUT_MS = 2_147_483_647; // setTimeout's limit
/** Refresh this long before expiry (but never later than half-way through a token's remaining life). */
const REFRESH_MARGIN_MS = 5 * 60_000;
/** errcodes of an access_token WeChat no longer accepts: refresh once and retry once. */
const TOKEN_REJECTED = new Set([40001, 42001]);
const STORE_KEY_PREFIX = 'wx-open-data:access_token:';
/** Workers KV refuses an expirationTtl below 60 seconds. */
const KV_MIN_TTL_SECONDS = 60;

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

function read(obj, key) {
  try {
    return obj[key];
  } catch {
    throw invalid(key, `reading ${key} threw`);
  }
}

function optionsObject(v, field) {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) throw invalid(field, `${field} must be an object with named fields, got ${typeName(v)}`);
  return v;
}

function nonEmptyString(obj, field) {
  const v = read(obj, field);
  if (typeof v !== 'string' || v === '') {
    throw invalid(field, v === undefined || v === null ? `${field} is required` : `${field} must be a non-empty string, got ${typeName(v)}`);
  }
  return v;
}

function optFunction(obj, field) {
  const v = read(obj, field);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'function') throw invalid(field, `${field} must be a function, got ${typeName(v)}`);
  return v;
}

function optBoolean(obj, field) {
  const v = read(obj, field);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw invalid(field, `${field} must be a boolean, got ${typeName(v)}`);
  return v;
}

/** `baseUrl` as origin + path prefix without a trailing slash (e.g. `https://api.weixin.qq.com`). */
function parseBaseUrl(v) {
  if (v === undefined || v === null) return DEFAULT_BASE_URL;
  if (typeof v !== 'string') throw invalid('baseUrl', `baseUrl must be a string, got ${typeName(v)}`);
  let u;
  try {
    u = new URL(v);
  } catch {
    throw invalid('baseUrl', 'baseUrl must be an absolute http(s) URL, such as https://api.weixin.qq.com');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw invalid('baseUrl', `baseUrl must use http or https, not ${u.protocol}`);
  if (u.search !== '' || u.hash !== '' || u.username !== '' || u.password !== '') {
    throw invalid('baseUrl', 'baseUrl must not carry a query, a fragment or credentials');
  }
  return `${u.origin}${u.pathname.replace(/\/+$/, '')}`;
}

function parseTimeout(v) {
  if (v === undefined || v === null) return DEFAULT_TIMEOUT_MS;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > MAX_TIMEOUT_MS) {
    throw invalid('timeoutMs', `timeoutMs must be a number of milliseconds between 1 and ${MAX_TIMEOUT_MS}`);
  }
  return v;
}

function parseTokenStore(v) {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v) || typeof read(v, 'get') !== 'function' || typeof read(v, 'set') !== 'function') {
    throw invalid('tokenStore', 'tokenStore must be an object with get(key) and set(key, value, ttlSeconds) methods');
  }
  return v;
}

/** A stored token as `{ accessToken, expiresAt }`, or null when the value is missing or malformed. */
function storedToken(v) {
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return null;
    }
  }
  if (!isObject(v)) return null;
  const { accessToken, expiresAt } = v;
  if (typeof accessToken !== 'string' || accessToken === '' || typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) {
    return null;
  }
  return { accessToken, expiresAt };
}

/** A transport error: ERR_WX_TIMEOUT, ERR_WX_NETWORK or ERR_WX_HTTP, each with `retryable`. */
function transportError(code, message, retryable, status) {
  const err = wxError(code, message);
  err.retryable = retryable;
  if (status !== undefined) err.status = status;
  return err;
}

/**
 * `createWeChatClient` bound to one loaded main module (`lib`: the exports of `wx-open-data`).
 * Called once by each runtime's client entry.
 */
export function bindClient(lib) {
  const {
    code2SessionUrl,
    parseCode2SessionResponse,
    stableTokenRequest,
    parseAccessTokenResponse,
    phoneNumberRequest,
    parsePhoneNumberResponse,
    checkSessionUrl,
    checkEncryptedMsgRequest,
    parseWxApiResponse,
  } = lib;

  /** A WeChat API client for one mini program: see docs/client.md and client.d.ts. */
  return function createWeChatClient(options) {
    if (!isObject(options)) {
      throw invalid('options', `createWeChatClient(options): options must be an object with appId and secret, got ${typeName(options)}`);
    }
    const appId = nonEmptyString(options, 'appId');
    const secret = nonEmptyString(options, 'secret');
    // A given fetch is called as a plain function (never as a method of an object: Workers' fetch
    // throws "Illegal invocation" when `this` is something else). The default is looked up per call.
    const userFetch = optFunction(options, 'fetch');
    if (userFetch === undefined && typeof globalThis.fetch !== 'function') {
      throw invalid('fetch', 'this runtime has no global fetch: pass one as the fetch option');
    }
    const fetchFn = userFetch ?? ((url, init) => globalThis.fetch(url, init));
    const base = parseBaseUrl(read(options, 'baseUrl'));
    const timeoutMs = parseTimeout(read(options, 'timeoutMs'));
    const store = parseTokenStore(read(options, 'tokenStore'));
    const clock = optFunction(options, 'now') ?? Date.now;
    const onStoreError = optFunction(options, 'onTokenStoreError');
    const storeKey = STORE_KEY_PREFIX + appId;

    const now = () => {
      const t = clock();
      if (typeof t !== 'number' || !Number.isFinite(t)) throw invalid('now', 'now() must return milliseconds since the epoch');
      return t;
    };

    // ---- HTTP ----

    /** Credentials that must never appear in an error message: the secret and the last access_tokens seen. */
    const secretForms = [secret, encodeURIComponent(secret)];
    const seenTokens = [];
    const rememberToken = (token) => {
      if (seenTokens.includes(token)) return;
      seenTokens.push(token);
      if (seenTokens.length > 4) seenTokens.shift();
    };
    const redact = (text) => {
      let out = String(text).replace(/(https?:\/\/[^\s?#"'<>]*)\?[^\s"'<>)]*/g, '$1?…');
      for (const s of [...secretForms, ...seenTokens]) if (s.length >= 4) out = out.split(s).join('…');
      return out.slice(0, 300);
    };
    const describe = (e) => {
      if (!(e instanceof Error)) return typeName(e);
      let text = `${e.name}: ${e.message}`;
      // undici puts the reason (ECONNREFUSED, a TLS failure, ...) into `cause`.
      const cause = e.cause;
      if (cause instanceof Error) text += ` (${cause.code ?? cause.name}: ${cause.message})`;
      return redact(text);
    };

    /**
     * Send a builder's request (`{ url, method?, headers?, body? }`) to baseUrl with the same path
     * and query; resolve to the 2xx response text. Timeout, network and HTTP failures are coded.
     */
    async function send(request) {
      const u = new URL(request.url);
      const url = `${base}${u.pathname}${u.search}`;
      const method = request.method ?? 'GET';
      const what = `${method} ${u.pathname}`;
      const init = { method };
      if (request.headers !== undefined) init.headers = { ...request.headers };
      if (request.body !== undefined) init.body = request.body;
      const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
      if (controller) init.signal = controller.signal;
      let timer;
      const timedOut = new Promise((_, reject) => {
        timer = setTimeout(() => {
          reject(transportError('ERR_WX_TIMEOUT', `WeChat API: ${what} did not complete within ${timeoutMs} ms`, true));
          controller?.abort();
        }, timeoutMs);
      });
      timedOut.catch(() => {});
      try {
        let res;
        try {
          res = await Promise.race([(async () => fetchFn(url, init))(), timedOut]);
        } catch (e) {
          if (isWxOpenDataError(e) && e.code === 'ERR_WX_TIMEOUT') throw e;
          throw transportError('ERR_WX_NETWORK', `WeChat API: ${what} failed before an answer: ${describe(e)}`, true);
        }
        if (typeof res !== 'object' || res === null || typeof res.text !== 'function' || typeof res.status !== 'number') {
          throw invalid('fetch', `fetch must resolve to a Response; for ${what} it resolved to ${typeName(res)}`);
        }
        let text;
        try {
          text = await Promise.race([res.text(), timedOut]);
        } catch (e) {
          if (isWxOpenDataError(e) && e.code === 'ERR_WX_TIMEOUT') throw e;
          throw transportError('ERR_WX_NETWORK', `WeChat API: reading the answer of ${what} failed: ${describe(e)}`, true);
        }
        if (res.status < 200 || res.status > 299) {
          const retryable = res.status >= 500 || res.status === 429 || res.status === 408;
          throw transportError('ERR_WX_HTTP', `WeChat API: ${what} answered HTTP ${res.status}`, retryable, res.status);
        }
        return text;
      } finally {
        clearTimeout(timer);
      }
    }

    // ---- access_token: memory cache, optional shared store, single flight ----

    let cached = null; // { accessToken, expiresAt, refreshAt } (ms)
    let inflight = null; // { force, promise } of the one refresh under way

    const usable = (t, avoid) => t !== null && t.accessToken !== avoid && now() < t.refreshAt;
    /** When to refresh a token: REFRESH_MARGIN_MS before expiry, but not before half its remaining life. */
    const withRefreshAt = (accessToken, expiresAt, t) => {
      const left = Math.max(0, expiresAt - t);
      return { accessToken, expiresAt, refreshAt: t + Math.max(left - REFRESH_MARGIN_MS, left / 2) };
    };

    const storeFailed = (err, op) => {
      if (onStoreError === undefined) return;
      try {
        onStoreError(err, op);
      } catch {
        // the hook's own failure must not break the call
      }
    };
    async function storeGet() {
      try {
        return storedToken(await store.get(storeKey));
      } catch (err) {
        storeFailed(err, 'get');
        return null;
      }
    }
    async function storeSet(token) {
      const ttlSeconds = Math.max(1, Math.floor((token.expiresAt - now()) / 1000));
      try {
        await store.set(storeKey, { accessToken: token.accessToken, expiresAt: token.expiresAt }, ttlSeconds);
      } catch (err) {
        storeFailed(err, 'set');
      }
    }

    async function fetchStableToken(forceRefresh) {
      const sentAt = now();
      const parsed = parseAccessTokenResponse(await send(stableTokenRequest({ appId, secret, forceRefresh })));
      rememberToken(parsed.accessToken);
      return withRefreshAt(parsed.accessToken, sentAt + parsed.expiresIn * 1000, sentAt);
    }

    /** The one refresh: the shared store first (unless forced), then stable_token; cache and share it. */
    async function refresh(force, avoid) {
      if (!force && store !== undefined) {
        const shared = await storeGet();
        const t = now();
        if (shared !== null && shared.accessToken !== avoid && shared.expiresAt - t > REFRESH_MARGIN_MS) {
          rememberToken(shared.accessToken);
          cached = withRefreshAt(shared.accessToken, shared.expiresAt, t);
          return cached;
        }
      }
      let token = await fetchStableToken(force);
      // stable_token (normal mode) handed back the very token WeChat just rejected: only a forced
      // refresh gets a new one.
      if (!force && avoid !== undefined && token.accessToken === avoid) token = await fetchStableToken(true);
      cached = token;
      if (store !== undefined) await storeSet(token);
      return token;
    }

    /**
     * A usable access_token. `force`: a new one from stable_token's force_refresh; `avoid`: one that
     * is not this token (WeChat rejected it). Concurrent callers share one refresh.
     */
    async function acquire(force, avoid) {
      for (;;) {
        if (!force && usable(cached, avoid)) return cached.accessToken;
        const running = inflight;
        if (running !== null) {
          if (running.force || !force) {
            const token = await running.promise;
            if (token.accessToken !== avoid) return token.accessToken;
          } else {
            // A normal refresh is under way and a forced one was asked for: let it land, then force.
            await running.promise.catch(() => {});
          }
          continue;
        }
        const mine = { force, promise: refresh(force, avoid) };
        inflight = mine;
        try {
          return (await mine.promise).accessToken;
        } finally {
          if (inflight === mine) inflight = null;
        }
      }
    }

    /** Call a token-authenticated API; on 40001/42001 refresh the token once and retry once. */
    async function withToken(call) {
      const token = await acquire(false, undefined);
      try {
        return await call(token);
      } catch (err) {
        if (!(isWxOpenDataError(err) && err.code === 'ERR_WX_API' && TOKEN_REJECTED.has(err.errcode))) throw err;
        if (cached !== null && cached.accessToken === token) cached = null;
        return call(await acquire(false, token));
      }
    }

    return {
      /** `jscode2session`: `{ openId, sessionKey, unionId? }` for a `wx.login()` code. */
      async code2Session(code) {
        return parseCode2SessionResponse(await send({ url: code2SessionUrl({ appId, secret, code }), method: 'GET' }));
      },

      /** A cached access_token from `/cgi-bin/stable_token`; `forceRefresh` asks WeChat for a new one. */
      async getAccessToken(opts) {
        const o = optionsObject(opts, 'options');
        return acquire(optBoolean(o, 'forceRefresh') === true, undefined);
      },

      /** `getuserphonenumber`: the phone button's code -> `phone_info` (watermark appid checked). */
      async getPhoneNumber(code, opts) {
        const o = optionsObject(opts, 'options');
        const parseOptions = { appId, now: Math.floor(now() / 1000) };
        const openId = read(o, 'openId');
        if (openId !== undefined && openId !== null) {
          if (typeof openId !== 'string') throw invalid('openId', `openId must be a string, got ${typeName(openId)}`);
          parseOptions.openId = openId;
        }
        const maxAge = read(o, 'maxAgeSeconds');
        if (maxAge !== undefined && maxAge !== null) {
          if (typeof maxAge !== 'number' || !Number.isFinite(maxAge) || maxAge < 0) {
            throw invalid('maxAgeSeconds', 'maxAgeSeconds must be a non-negative number of seconds');
          }
          parseOptions.maxAgeSeconds = maxAge;
        }
        phoneNumberRequest({ accessToken: 'x', code }); // argument errors before any token fetch
        return withToken(async (accessToken) => parsePhoneNumberResponse(await send(phoneNumberRequest({ accessToken, code })), parseOptions));
      },

      /** `/wxa/checksession`: true while WeChat holds this session_key for the user, false on 87009. */
      async checkSession(input) {
        if (!isObject(input)) throw invalid('input', `checkSession({ openId, sessionKey }): got ${typeName(input)}`);
        const openId = read(input, 'openId');
        const sessionKey = read(input, 'sessionKey');
        checkSessionUrl({ accessToken: 'x', openId, sessionKey });
        return withToken(async (accessToken) => {
          try {
            parseWxApiResponse(await send({ url: checkSessionUrl({ accessToken, openId, sessionKey }), method: 'GET' }));
            return true;
          } catch (err) {
            if (isWxOpenDataError(err) && err.code === 'ERR_WX_API' && err.errcode === 87009) return false;
            throw err;
          }
        });
      },

      /** `/wxa/business/checkencryptedmsg`: did WeChat produce this encryptedData in the last 3 days? */
      async checkEncryptedMsg(encryptedData) {
        const data = isObject(encryptedData) ? read(encryptedData, 'encryptedData') : encryptedData;
        checkEncryptedMsgRequest({ accessToken: 'x', encryptedData: data });
        return withToken(async (accessToken) => {
          const out = parseWxApiResponse(await send(checkEncryptedMsgRequest({ accessToken, encryptedData: data })));
          const valid = out.vaild === true || out.valid === true; // "vaild" is WeChat's spelling
          const createTime = typeof out.create_time === 'number' && out.create_time > 0 ? out.create_time : null;
          return { valid, createTime };
        });
      },
    };
  };
}

// ---- token stores ----

function storeKeyArg(key) {
  if (typeof key !== 'string' || key === '') throw invalid('key', 'the token store key must be a non-empty string');
  return key;
}

/**
 * A token store over a Workers KV namespace binding (`env.MY_KV`). KV is eventually consistent and
 * its expirationTtl is at least 60 seconds; the stored value carries its own expiresAt, which the
 * client checks. See docs/client.md.
 */
export function kvTokenStore(namespace) {
  if (!isObject(namespace) || typeof read(namespace, 'get') !== 'function' || typeof read(namespace, 'put') !== 'function') {
    throw invalid('namespace', 'kvTokenStore(namespace): pass a Workers KV namespace binding (with get and put)');
  }
  return {
    async get(key) {
      return storedToken(await namespace.get(storeKeyArg(key), 'text'));
    },
    async set(key, value, ttlSeconds) {
      const ttl = Math.max(KV_MIN_TTL_SECONDS, Math.ceil(Number(ttlSeconds) || 0));
      await namespace.put(storeKeyArg(key), JSON.stringify(value), { expirationTtl: ttl });
    },
  };
}

/**
 * A token store over a connected Redis client: node-redis (the `redis` package, v4 and later:
 * `set(key, value, { EX })`) or ioredis (`set(key, value, 'EX', seconds)`, told apart by its `call`
 * method). Values are JSON text with a TTL.
 */
export function redisTokenStore(client) {
  if (!isObject(client) && typeof client !== 'function') {
    throw invalid('client', `redisTokenStore(client): pass a connected node-redis or ioredis client, got ${typeName(client)}`);
  }
  if (typeof read(client, 'get') !== 'function' || typeof read(client, 'set') !== 'function') {
    throw invalid('client', 'redisTokenStore(client): the client has no get/set methods (a node-redis or ioredis client?)');
  }
  // ioredis (Redis and Cluster) has `call(command, ...args)`; node-redis has no `call`.
  const ioredis = typeof read(client, 'call') === 'function';
  return {
    async get(key) {
      return storedToken(await client.get(storeKeyArg(key)));
    },
    async set(key, value, ttlSeconds) {
      const ttl = Math.max(1, Math.ceil(Number(ttlSeconds) || 0));
      const text = JSON.stringify(value);
      if (ioredis) await client.set(storeKeyArg(key), text, 'EX', ttl);
      else await client.set(storeKeyArg(key), text, { EX: ttl });
    },
  };
}
