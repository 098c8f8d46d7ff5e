// Type declarations for wx-open-data/client (hand-written; the contract users program against).

/**
 * An optional WeChat API client over the platform's `fetch` (the wasm itself does no I/O):
 * `jscode2session`, a cached and shared access_token from `/cgi-bin/stable_token`, the phone-number
 * code, `checksession` and `checkencryptedmsg`, built on the main module's request builders and
 * response parsers. Guide: docs/client.md.
 *
 * ```js
 * import { createWeChatClient } from 'wx-open-data/client';
 * const wechat = createWeChatClient({ appId: 'wx...', secret: process.env.WX_SECRET });
 * const { openId, sessionKey, unionId } = await wechat.code2Session(code);
 * ```
 *
 * @module wx-open-data/client
 */

import type { Code2SessionResult, PhoneNumber } from './index.js';

export type { WxOpenDataError, WxOpenDataErrorCode, WxApiError, WxTransportError } from './index.js';
export { isWxOpenDataError } from './index.js';

/** What a {@link TokenStore} holds for one appid. */
export interface StoredToken {
  /** The access_token. */
  accessToken: string;
  /** When it expires, in milliseconds since the epoch (the client refreshes 5 minutes before). */
  expiresAt: number;
}

/**
 * Where several processes or Workers share one access_token, keyed `wx-open-data:access_token:<appId>`.
 * Two methods, sync or async. `get` answers `null` when there is nothing (a value that is not a
 * {@link StoredToken}, or its JSON text, counts as nothing); `set` should keep the value for
 * `ttlSeconds` (the token's remaining life). Not a lock: see docs/client.md.
 */
export interface TokenStore {
  get(key: string): Promise<StoredToken | string | null | undefined> | StoredToken | string | null | undefined;
  set(key: string, value: StoredToken, ttlSeconds: number): Promise<unknown> | unknown;
}

/** The `fetch` the client calls: the platform's, or any function with its signature. */
export type FetchLike = (url: string, init: {
  method: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}) => Promise<{ status: number; text(): Promise<string> }>;

/** Options of {@link createWeChatClient}. */
export interface WeChatClientOptions {
  /** The mini program's AppID. */
  appId: string;
  /** Its AppSecret. Never appears in an error message. */
  secret: string;
  /** Default: the global `fetch` (looked up on each call). Called as a plain function. */
  fetch?: FetchLike;
  /**
   * Where requests go: the path and query of each request are appended to it. Default
   * `https://api.weixin.qq.com`; a local mock (`http://127.0.0.1:4000`) or an egress proxy with a
   * path prefix (`https://proxy.example.com/wechat`) work too.
   */
  baseUrl?: string;
  /** Abort a request (including reading its body) after this many milliseconds: `ERR_WX_TIMEOUT`. Default 10000. */
  timeoutMs?: number;
  /** Share the access_token between processes or Workers ({@link redisTokenStore}, {@link kvTokenStore}, or your own). */
  tokenStore?: TokenStore;
  /**
   * Called when the token store throws or rejects (`op` says which method). Such a failure never
   * fails the call: the client falls back to stable_token, which returns the same token anyway.
   */
  onTokenStoreError?: (error: unknown, op: 'get' | 'set') => void;
  /** The clock in milliseconds since the epoch (default `Date.now`; for tests). */
  now?: () => number;
}

/** Options of {@link WeChatClient.getAccessToken}. */
export interface GetAccessTokenOptions {
  /**
   * Ask WeChat for a new token (`force_refresh: true`) instead of the cached one. WeChat limits how
   * often this may be done; the client already refreshes on 40001/42001 by itself.
   */
  forceRefresh?: boolean;
}

/** Options of {@link WeChatClient.getPhoneNumber}. */
export interface GetPhoneNumberOptions {
  /** When `phone_info` carries an `openId`, it must equal this. */
  openId?: string;
  /** Reject a `phone_info.watermark.timestamp` older than this many seconds. */
  maxAgeSeconds?: number;
}

/** The answer of {@link WeChatClient.checkEncryptedMsg}. */
export interface CheckEncryptedMsgResult {
  /** Whether WeChat produced this encryptedData in the last 3 days (WeChat's field `vaild`). */
  valid: boolean;
  /** When WeChat produced it (unix seconds), or null when not valid. */
  createTime: number | null;
}

/**
 * A WeChat API client for one mini program. Every method rejects with a `WxOpenDataError`:
 * `ERR_INVALID_ARGUMENT`, `ERR_WX_API` (WeChat's `errcode`, `retryable`, `hint`), `ERR_INVALID_RESPONSE`,
 * or a {@link WxTransportError} (`ERR_WX_TIMEOUT`, `ERR_WX_NETWORK`, `ERR_WX_HTTP`). Calls that need
 * the access_token refresh it once and retry once when WeChat answers 40001 or 42001.
 */
export interface WeChatClient {
  /** `GET /sns/jscode2session` for a `wx.login()` code. */
  code2Session(code: string): Promise<Code2SessionResult>;
  /**
   * The access_token: from memory while it has more than 5 minutes left, else from the token store,
   * else from `POST /cgi-bin/stable_token`. Concurrent callers share one request.
   */
  getAccessToken(options?: GetAccessTokenOptions): Promise<string>;
  /** `POST /wxa/business/getuserphonenumber` with the phone button's code: `phone_info`, watermark appid checked. */
  getPhoneNumber(code: string, options?: GetPhoneNumberOptions): Promise<PhoneNumber>;
  /** `GET /wxa/checksession`: true while WeChat holds this session_key for the user, false on errcode 87009. */
  checkSession(input: { openId: string; sessionKey: string }): Promise<boolean>;
  /** `POST /wxa/business/checkencryptedmsg`: was this encryptedData produced by WeChat in the last 3 days? */
  checkEncryptedMsg(encryptedData: string | { encryptedData: string }): Promise<CheckEncryptedMsgResult>;
}

/**
 * Create a client. Checks the options at once (`ERR_INVALID_ARGUMENT` naming the field); makes no
 * request until a method is called.
 * @throws {WxOpenDataError}
 */
export function createWeChatClient(options: WeChatClientOptions): WeChatClient;

/** The part of a Workers KV namespace binding {@link kvTokenStore} uses. */
export interface KvNamespaceLike {
  get(key: string, type: 'text'): Promise<string | null>;
  put(key: string, value: string, options: { expirationTtl: number }): Promise<unknown>;
}

/**
 * A {@link TokenStore} over a Workers KV namespace (`env.MY_KV`). The TTL is raised to KV's minimum
 * of 60 seconds (the value's `expiresAt` still rules). KV is eventually consistent: two Workers may
 * both refresh, which stable_token makes harmless (docs/client.md).
 * @throws {WxOpenDataError} `ERR_INVALID_ARGUMENT` when `namespace` has no `get` and `put`.
 */
export function kvTokenStore(namespace: KvNamespaceLike): TokenStore;

/** The part of a connected node-redis (`redis` v4+) or ioredis client {@link redisTokenStore} uses. */
export interface RedisClientLike {
  get(key: string): Promise<unknown>;
  set(key: string, value: string, ...options: any[]): Promise<unknown>;
}

/**
 * A {@link TokenStore} over a connected Redis client: node-redis (`createClient()` from `redis`,
 * v4 and later) or ioredis (`new Redis()`); told apart by ioredis's `call` method. The value is
 * JSON text stored with `EX` (the token's remaining life).
 * @throws {WxOpenDataError} `ERR_INVALID_ARGUMENT` when `client` has no `get` and `set`.
 */
export function redisTokenStore(client: RedisClientLike): TokenStore;
