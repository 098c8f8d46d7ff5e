// Type declarations for wx-open-data (hand-written; the contract users program against).

/**
 * The login flow: open data and the typed decoders, several session_keys, rawData and login-state
 * signatures, WeChat API request builders and response parsers, `WXBizDataCrypt`.
 *
 * @module wx-open-data
 */

/** Every `code` a WxOpenDataError can carry. Match on these, never on messages. */
export type WxOpenDataErrorCode =
  | 'ERR_INVALID_ARGUMENT'
  | 'ERR_INPUT_TOO_LARGE'
  | 'ERR_INVALID_BASE64'
  | 'ERR_INVALID_SESSION_KEY'
  | 'ERR_INVALID_IV'
  | 'ERR_INVALID_CIPHERTEXT'
  | 'ERR_DECRYPT_FAILED'
  | 'ERR_WATERMARK_MISSING'
  | 'ERR_APPID_MISMATCH'
  | 'ERR_WATERMARK_EXPIRED'
  | 'ERR_OPENID_MISMATCH'
  | 'ERR_PAYLOAD_SHAPE'
  | 'ERR_WX_API'
  | 'ERR_WX_TIMEOUT'
  | 'ERR_WX_NETWORK'
  | 'ERR_WX_HTTP'
  | 'ERR_INVALID_RESPONSE'
  | 'ERR_SIGNATURE_MISMATCH'
  | 'ERR_INVALID_AES_KEY'
  | 'ERR_ALIPAY_API'
  // wx-open-data/api-security
  | 'ERR_INVALID_KEY'
  | 'ERR_API_UNSIGNED'
  | 'ERR_API_APPID_MISMATCH'
  | 'ERR_API_UNKNOWN_SERIAL'
  | 'ERR_API_SIGNATURE_INVALID'
  | 'ERR_API_RESPONSE_EXPIRED'
  | 'ERR_API_TIMESTAMP_MISMATCH'
  | 'ERR_API_DECRYPT_FAILED'
  | 'ERR_WEBCRYPTO_UNAVAILABLE'
  // wx-open-data/web called before init()
  | 'ERR_NOT_INITIALIZED'
  // sealed sessions
  | 'ERR_SESSION_INVALID'
  | 'ERR_SESSION_EXPIRED';

/** What every error this library throws has (a real `Error` instance). */
export interface WxOpenDataErrorBase<C extends WxOpenDataErrorCode = WxOpenDataErrorCode> extends Error {
  name: 'WxOpenDataError';
  code: C;
  /** The input field at fault, when one is (e.g. `'encryptedData'`, `'iv'`, `'appId'`). */
  field?: string;
}

/** The codes of {@link WxTransportError}: thrown only by the fetch client (`wx-open-data/client`). */
export type WxTransportErrorCode = 'ERR_WX_TIMEOUT' | 'ERR_WX_NETWORK' | 'ERR_WX_HTTP';

/**
 * The fetch client's (`wx-open-data/client`) failures to get an answer from WeChat at all:
 * `ERR_WX_TIMEOUT` (no complete answer within `timeoutMs`), `ERR_WX_NETWORK` (fetch failed: DNS,
 * connection, TLS), `ERR_WX_HTTP` (an HTTP status outside 200-299). The message names the method and
 * path, never the query (which carries the secret or the access_token).
 */
export interface WxTransportError extends WxOpenDataErrorBase<WxTransportErrorCode> {
  /** True for a timeout, a network failure and HTTP 408, 429 and 5xx. */
  retryable: boolean;
  /** The HTTP status (only on `ERR_WX_HTTP`). */
  status?: number;
  /** Only on {@link WxApiError}. */
  errcode?: undefined;
  /** Only on {@link WxApiError}. */
  errmsg?: undefined;
  /** Only on {@link WxApiError}. */
  hint?: undefined;
}

/**
 * Every error but `ERR_WX_API` (see {@link WxApiError}), `ERR_ALIPAY_API` (see {@link AlipayApiError})
 * and the transport errors ({@link WxTransportError}).
 */
export interface WxOpenDataOtherError extends WxOpenDataErrorBase<Exclude<WxOpenDataErrorCode, 'ERR_WX_API' | 'ERR_ALIPAY_API' | WxTransportErrorCode>> {
  /** Set only on `WXBizDataCrypt` errors: the legacy code (-41001..-41004). */
  errcode?: number;
  /** Only on {@link WxApiError}. */
  errmsg?: undefined;
  /** Only on {@link WxApiError}. */
  retryable?: undefined;
  /** Only on {@link WxApiError}. */
  hint?: undefined;
}

/**
 * The errors this library throws, a union that narrows by `code`:
 * `if (err.code === 'ERR_WX_API') err.errcode` is a number there. Check with {@link isWxOpenDataError}.
 */
export type WxOpenDataError = WxApiError | AlipayApiError | WxTransportError | WxOpenDataOtherError;

/** Whether `err` is an error thrown by this library (an `Error` named `WxOpenDataError` with a `code`). */
export function isWxOpenDataError(err: unknown): err is WxOpenDataError;

/** What WeChat put in the payload to bind it to an app and a time. */
export interface Watermark {
  appid: string;
  /** Unix seconds when WeChat produced the data. */
  timestamp: number;
  [key: string]: unknown;
}

/** The input of every open-data decoder. */
export interface OpenDataInput {
  /** The appid (or list of appids) the data must belong to. */
  appId: string | readonly string[];
  /** The session_key from jscode2session (base64, 24 characters). Keep it on the server. */
  sessionKey: string;
  /** `encryptedData` exactly as the mini program received it. */
  encryptedData: string;
  /** `iv` exactly as the mini program received it. */
  iv: string;
}

/** Options of every open-data decoder. */
export interface DecryptOptions {
  /** Reject a `watermark.timestamp` older than this many seconds, or that far in the future. */
  maxAgeSeconds?: number;
  /** The current time in unix seconds (default: now). */
  now?: number;
  /** When the payload carries `openId`, it must equal this. */
  openId?: string;
  /** Turn spaces back into `+` before base64 decoding (default false). */
  repairBase64?: boolean;
}

/** A decrypted payload: exactly what `JSON.parse` of the plaintext gives. */
export interface OpenData {
  watermark: Watermark;
  [key: string]: unknown;
}

/**
 * Decrypt `encryptedData` with the session_key (AES-128-CBC), check strict PKCS#7, UTF-8 and JSON,
 * then the watermark appid (and age / openId when asked). Returns the payload object.
 * @throws {WxOpenDataError}
 */
export function decryptOpenData<T extends object = OpenData>(input: OpenDataInput, options?: DecryptOptions): T;

/** Input of {@link verifyRawDataSignature}. */
export interface RawDataSignatureInput {
  /** `rawData` exactly as the mini program sent it (a JSON string). */
  rawData: string;
  /** `signature` as sent (40 hex characters, either case). */
  signature: string;
  /** The session_key text (base64). */
  sessionKey: string;
}

/**
 * Check `signature === sha1(rawData + sessionKey)` in constant time. A malformed signature is `false`.
 * @throws {WxOpenDataError} `ERR_INVALID_ARGUMENT` when a field is missing or not a string.
 */
export function verifyRawDataSignature(input: RawDataSignatureInput): boolean;

/**
 * The login-state signature: lowercase hex `hmac_sha256(key = sessionKey text, msg = body)`, used by
 * `/wxa/checksession` (body `''`), `set_user_storage` and similar APIs.
 * @throws {WxOpenDataError}
 */
export function signWithSessionKey(sessionKey: string, body?: string): string;
export function signWithSessionKey(input: { sessionKey: string; body?: string }): string;

/** Inputs longer than this many characters are rejected with `ERR_INPUT_TOO_LARGE` before decoding. */
export declare const MAX_INPUT_LENGTH: number;

// ---------------------------------------------------------------------------------------------
// Typed payload decoders, several session_keys, WeChat server API helpers, diagnose, WXBizDataCrypt
// ---------------------------------------------------------------------------------------------

/**
 * A `WxOpenDataError` with `code === 'ERR_WX_API'`: WeChat answered with a non-zero `errcode`, or
 * another platform with an error in its dialect (see {@link parseCode2SessionResponse}).
 */
export interface WxApiError extends WxOpenDataErrorBase<'ERR_WX_API'> {
  /** The platform that answered (`'wechat'` for every WeChat API parser). */
  platform: Platform;
  /**
   * The platform's numeric code as given: WeChat's, QQ's and WeCom's `errcode` (e.g. 40029, 45011,
   * -1), Douyin's `err_no` (or v1 `errcode`), Baidu's `errno`, Kuaishou's `result`; 0 when the body
   * carries only a textual code (then see {@link WxApiError.error}).
   */
  errcode: number;
  /** Baidu's and Kuaishou's textual code (`error`, e.g. `'invalid_client'`), when the body has one. */
  error?: string;
  /** The platform's message: `errmsg`, `err_tips`, `error_description`, `error_msg` (may be empty). */
  errmsg: string;
  /**
   * True when retrying later can succeed, where the platform documents it: WeChat and QQ -1 (busy)
   * and 45011 (rate limit), WeCom -1; false otherwise.
   */
  retryable: boolean;
  /** What to do about it, in plain English. */
  hint: string;
}

/** Options of the typed decoders: the shared options plus the watermark rule. */
export interface TypedDecryptOptions extends DecryptOptions {
  /**
   * Whether a payload without `watermark` is rejected with `ERR_WATERMARK_MISSING`. Default: `true`
   * for user info and phone number; `false` for share, group-enter and WeRun payloads (WeChat does not
   * document their watermark). A watermark that is present is always checked.
   */
  requireWatermark?: boolean;
}

/** `wx.getUserInfo` (and, without `openId`/`unionId`, `wx.getUserProfile`). */
export interface UserInfo {
  /** Absent in `wx.getUserProfile` payloads. */
  openId?: string;
  /** Only when the mini program is bound to an Open Platform account. */
  unionId?: string;
  /** Since 2021 anonymised to "微信用户" for most apps. May hold 4-byte emoji: store as utf8mb4. */
  nickName: string;
  /** 0 unknown, 1 male, 2 female (0 since the 2021 anonymisation). */
  gender: number;
  language: string;
  city: string;
  province: string;
  country: string;
  avatarUrl: string;
  watermark: Watermark;
  [key: string]: unknown;
}

/** The phone-number button payload (old flow) or `phone_info` of the new flow. */
export interface PhoneNumber {
  /** With the country code, e.g. "+8613800138000" (or without, for mainland numbers). */
  phoneNumber: string;
  /** Without the country code. */
  purePhoneNumber: string;
  /** A string in the old flow, documented as string but shown as a number in the new flow. */
  countryCode: string | number;
  watermark: Watermark;
  [key: string]: unknown;
}

/** `wx.getShareInfo`. */
export interface ShareInfo {
  /** The group's id for this mini program. */
  openGId: string;
  watermark?: Watermark;
  [key: string]: unknown;
}

/** `wx.getGroupEnterInfo` (field names as WeChat spells them: lower case `opengid`). */
export interface GroupEnterInfo {
  /** The group's id (absent in a single chat, where `open_single_roomid` is given). */
  opengid?: string;
  /** 1 WeChat single chat, 2 WeCom single chat, 3 WeChat group, 4 WeCom group. */
  chat_type: number;
  open_single_roomid?: string;
  group_openid?: string;
  watermark?: Watermark;
  [key: string]: unknown;
}

/** One day of `wx.getWeRunData`. */
export interface StepInfo {
  /** Unix seconds, midnight of the day. */
  timestamp: number;
  step: number;
  [key: string]: unknown;
}

/** `wx.getWeRunData`: the last 31 days. */
export interface WeRunData {
  stepInfoList: StepInfo[];
  watermark?: Watermark;
  [key: string]: unknown;
}

/** The payload kinds, as named by `decryptOpenDataWithKeys`'s `kind` option and the CLI's `--kind`. */
export type PayloadKind = 'openData' | 'userInfo' | 'phoneNumber' | 'shareInfo' | 'groupEnterInfo' | 'weRunData';

/** Maps a {@link PayloadKind} to its payload type. */
export interface PayloadTypes {
  openData: OpenData;
  userInfo: UserInfo;
  phoneNumber: PhoneNumber;
  shareInfo: ShareInfo;
  groupEnterInfo: GroupEnterInfo;
  weRunData: WeRunData;
}

/**
 * Decrypt user info and check its fields (`ERR_PAYLOAD_SHAPE` with `field` otherwise). Watermark required.
 * @throws {WxOpenDataError}
 */
export function decryptUserInfo(input: OpenDataInput, options?: TypedDecryptOptions): UserInfo;
/**
 * Decrypt a phone number (old flow) and check its fields. Watermark required.
 * @throws {WxOpenDataError}
 */
export function decryptPhoneNumber(input: OpenDataInput, options?: TypedDecryptOptions): PhoneNumber;
/**
 * Decrypt share info (`openGId`). A missing watermark is accepted unless `requireWatermark: true`.
 * @throws {WxOpenDataError}
 */
export function decryptShareInfo(input: OpenDataInput, options?: TypedDecryptOptions): ShareInfo;
/**
 * Decrypt group-enter info (`opengid`, `chat_type`). A missing watermark is accepted unless `requireWatermark: true`.
 * @throws {WxOpenDataError}
 */
export function decryptGroupEnterInfo(input: OpenDataInput, options?: TypedDecryptOptions): GroupEnterInfo;
/**
 * Decrypt WeRun data (`stepInfoList`). A missing watermark is accepted unless `requireWatermark: true`.
 * @throws {WxOpenDataError}
 */
export function decryptWeRunData(input: OpenDataInput, options?: TypedDecryptOptions): WeRunData;

/** Input of {@link decryptOpenDataWithKeys}: like {@link OpenDataInput} with several candidate keys. */
export interface OpenDataWithKeysInput {
  appId: string | readonly string[];
  /**
   * Candidate session_keys, current first (at most 8). `null`/`undefined` entries (e.g. "no previous
   * key stored") are skipped; indexes still refer to positions in this array.
   */
  sessionKeys: ReadonlyArray<string | null | undefined>;
  encryptedData: string;
  iv: string;
}

/** Options of {@link decryptOpenDataWithKeys}. */
export interface DecryptWithKeysOptions<K extends PayloadKind = 'openData'> extends TypedDecryptOptions {
  /** The payload kind to check (default `'openData'`: no shape check, watermark required). */
  kind?: K;
}

/** The result of {@link decryptOpenDataWithKeys}. */
export interface DecryptedWithKey<T> {
  /** The payload. */
  data: T;
  /** Index in `sessionKeys` of the key that decrypted it (0 = current). */
  keyIndex: number;
}

/**
 * Try each candidate session_key in order and report which one decrypted the data (servers that keep
 * the previous key after a re-login). When none decrypts: the one uniform `ERR_DECRYPT_FAILED`.
 * Malformed keys (`field: 'sessionKeys'`) and validation failures of a decrypted payload throw at once.
 * @throws {WxOpenDataError}
 */
export function decryptOpenDataWithKeys<K extends PayloadKind = 'openData'>(
  input: OpenDataWithKeysInput,
  options?: DecryptWithKeysOptions<K>,
): DecryptedWithKey<PayloadTypes[K]>;

/** A WeChat response: the body text, or the object `JSON.parse` / `response.json()` gave. */
export type WxResponseBody = string | object;

/** A POST request ready for `fetch(req.url, req)`. */
export interface WxPostRequest {
  url: string;
  method: 'POST';
  headers: { 'content-type': 'application/json' };
  /** The JSON body text. */
  body: string;
}

/**
 * What every request builder accepts besides its own fields: another origin than the platform's
 * (a proxy, a mirror of WeChat's paths, a mock). `http://` or `https://`, optionally with a path
 * prefix; a trailing `/` is dropped; no query or fragment (`ERR_INVALID_ARGUMENT`, field `baseUrl`).
 */
export interface BaseUrlOption {
  /** Default: the platform's API origin (`https://api.weixin.qq.com` for the WeChat builders). */
  baseUrl?: string;
}

/** `GET https://api.weixin.qq.com/sns/jscode2session?...` with every value URL-encoded. @throws {WxOpenDataError} */
export function code2SessionUrl(input: { appId: string; secret: string; code: string } & BaseUrlOption): string;

/** A successful code-to-session answer, in one shape for every platform. */
export interface Code2SessionResult {
  /**
   * `openid` (Kuaishou `open_id`). WeCom has none: `open_userid` when given (third-party apps), else
   * `userid`. Douyin: `''` when only an `anonymousCode` was exchanged (see `anonymousOpenId`).
   */
  openId: string;
  /**
   * base64 of 16 bytes (Baidu: 24), checked. Keep it on the server, never send it to the client.
   * Douyin: `''` when only an `anonymousCode` was exchanged.
   */
  sessionKey: string;
  /** Present only when the app is bound to an Open Platform account. */
  unionId?: string;
  /** Douyin's `anonymous_openid`. */
  anonymousOpenId?: string;
  /** WeCom's `corpid`. */
  corpId?: string;
  /** WeCom's `userid` (unique within `corpId`). */
  userId?: string;
}

/**
 * Parse a code-to-session response: WeChat's `jscode2session` by default, another platform's with
 * `{ platform }`. Errors in the platform's dialect: `ERR_WX_API` ({@link WxApiError}, with
 * `platform`); not JSON / missing fields / a session_key of the wrong size: `ERR_INVALID_RESPONSE`.
 * @throws {WxOpenDataError}
 */
export function parseCode2SessionResponse(body: WxResponseBody, options?: { platform?: Platform }): Code2SessionResult;

/** Options of {@link parsePhoneNumberResponse}. */
export interface PhoneNumberResponseOptions {
  /** The appid (or list) `phone_info.watermark.appid` must match. */
  appId: string | readonly string[];
  /** Reject a `watermark.timestamp` older than this many seconds. */
  maxAgeSeconds?: number;
  /** The current time in unix seconds (default: now). */
  now?: number;
}

/** `POST /wxa/business/getuserphonenumber` with the phone button's `code` (new flow). @throws {WxOpenDataError} */
export function phoneNumberRequest(input: { accessToken: string; code: string } & BaseUrlOption): WxPostRequest;

/**
 * Parse the `getuserphonenumber` response and return its `phone_info` (watermark appid checked, shape
 * checked, unknown fields kept).
 * @throws {WxOpenDataError}
 */
export function parsePhoneNumberResponse(body: WxResponseBody, options: PhoneNumberResponseOptions): PhoneNumber;

/** `GET https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&...`. @throws {WxOpenDataError} */
export function accessTokenUrl(input: { appId: string; secret: string } & BaseUrlOption): string;

/** `POST https://api.weixin.qq.com/cgi-bin/stable_token` (recommended). @throws {WxOpenDataError} */
export function stableTokenRequest(input: { appId: string; secret: string; forceRefresh?: boolean } & BaseUrlOption): WxPostRequest;

/** A successful access_token answer. */
export interface AccessTokenResult {
  accessToken: string;
  /** Seconds the token stays valid (7200 usually). */
  expiresIn: number;
}

/** Parse a `/cgi-bin/token` or `/cgi-bin/stable_token` response. @throws {WxOpenDataError} */
export function parseAccessTokenResponse(body: WxResponseBody): AccessTokenResult;

/**
 * `GET https://api.weixin.qq.com/wxa/checksession?...`: `signature` = hmac_sha256(sessionKey, ''),
 * `sig_method=hmac_sha256`. Parse the answer with {@link parseWxApiResponse} (87009: key no longer valid).
 * @throws {WxOpenDataError}
 */
export function checkSessionUrl(input: { accessToken: string; openId: string; sessionKey: string } & BaseUrlOption): string;

/** `encrypted_msg_hash` for `/wxa/business/checkencryptedmsg`: hex sha256 of the encryptedData text. @throws {WxOpenDataError} */
export function encryptedMsgHash(encryptedData: string | { encryptedData: string }): string;

/** `POST /wxa/business/checkencryptedmsg` (was this encryptedData produced by WeChat recently?). @throws {WxOpenDataError} */
export function checkEncryptedMsgRequest(input: { accessToken: string; encryptedData: string } & BaseUrlOption): WxPostRequest;

/**
 * Parse any WeChat API response: throws `ERR_WX_API` for a non-zero `errcode`, `ERR_INVALID_RESPONSE`
 * when it is not a JSON object; otherwise returns the parsed object.
 * @throws {WxOpenDataError}
 */
export function parseWxApiResponse<T extends object = Record<string, unknown>>(body: WxResponseBody): T;


/** An error thrown by {@link WXBizDataCrypt}: message `'Illegal Buffer'` like the official sample. */
export interface WXBizDataCryptError extends WxOpenDataOtherError {
  message: 'Illegal Buffer';
  /** The official samples' code: -41001 IllegalAesKey, -41002 IllegalIv, -41003 IllegalBuffer, -41004 DecodeBase64Error. */
  errcode: -41001 | -41002 | -41003 | -41004;
  /** Our developer message (what `message` would say elsewhere in this library). */
  detail: string;
}

/**
 * Drop-in replacement for WeChat's official Node sample `WXBizDataCrypt`: same constructor, same
 * `decryptData(encryptedData, iv)` result, errors with message `'Illegal Buffer'` plus `code`,
 * `errcode` (-41001..-41004) and `detail`. Strict where the sample is lax (padding, UTF-8, JSON,
 * missing watermark). No age check: use `decryptOpenData` with `maxAgeSeconds` for that.
 */
export class WXBizDataCrypt {
  /** @throws {WXBizDataCryptError} when an argument is not a string. */
  constructor(appId: string, sessionKey: string);
  readonly appId: string;
  /** @throws {WXBizDataCryptError} */
  decryptData<T extends object = OpenData>(encryptedData: string, iv: string): T;
  /** Release the wasm memory now (otherwise the garbage collector does it). */
  free(): void;
}
// END wx-open-data flow declarations

// ---------------------------------------------------------------------------------------------
// BEGIN other platforms: QQ, Douyin, Kuaishou, WeCom, Baidu, Alipay (pkg/platforms-api.mjs)
// ---------------------------------------------------------------------------------------------

/**
 * The mini-program platforms whose login server API this library speaks. Open data of `'qq'`,
 * `'douyin'`, `'kuaishou'` and `'wecom'` is WeChat's scheme: decrypt it with {@link decryptOpenData}
 * and the typed decoders (the watermark appid is the mini program's appid). Baidu's is not: see
 * {@link decryptBaiduOpenData}.
 */
export type Platform = 'wechat' | 'qq' | 'douyin' | 'kuaishou' | 'wecom' | 'baidu';

/** Input of {@link code2SessionRequest}; which fields a platform needs is in each member's note. */
export interface Code2SessionRequestInput extends BaseUrlOption {
  /** Default `'wechat'`. */
  platform?: Platform;
  /** The appid (Baidu: the App Key). Required except for WeCom, which ignores it. */
  appId?: string;
  /** The AppSecret (Baidu: the App Secret). Required except for WeCom, which ignores it. */
  secret?: string;
  /** The login code (`wx.login`, `qq.login`, `tt.login`, `ks.login`, `wx.qy.login`, `swan.getLoginCode`). */
  code?: string;
  /** Douyin only: `tt.login`'s `anonymousCode` (with or instead of `code`). */
  anonymousCode?: string;
  /** WeCom only, required there: the corp application's access_token. */
  accessToken?: string;
}

/** A request ready for `fetch(req.url, req)`: GET without body, or POST with its `content-type`. */
export interface PlatformRequest {
  url: string;
  method: 'GET' | 'POST';
  /** POST only: `application/json` (Douyin) or `application/x-www-form-urlencoded` (Kuaishou, Baidu). */
  headers?: { 'content-type': string };
  /** POST only. */
  body?: string;
}

/**
 * The code-to-session request of `platform`: WeChat `GET /sns/jscode2session`, QQ the same on
 * `api.q.qq.com`, Douyin `POST /api/apps/v2/jscode2session` (JSON), Kuaishou `POST
 * /oauth2/mp/code2session` (form), WeCom `GET /cgi-bin/miniprogram/jscode2session` (corp
 * access_token), Baidu `POST /oauth/jscode2sessionkey` (form). Parse the answer with
 * {@link parseCode2SessionResponse} and the same `platform`.
 * @throws {WxOpenDataError} `ERR_INVALID_ARGUMENT` for a missing field, a field the platform does
 * not take (`anonymousCode`, `accessToken`), an unknown platform or a bad `baseUrl`.
 */
export function code2SessionRequest(input: Code2SessionRequestInput): PlatformRequest;

/** Input of {@link decryptBaiduOpenData}. */
export interface BaiduOpenDataInput {
  /** The mini program's App Key: the plaintext ends with it (checked). */
  appKey: string;
  /** The session_key from `jscode2sessionkey` (base64 of 24 bytes). Keep it on the server. */
  sessionKey: string;
  encryptedData: string;
  iv: string;
}

/**
 * Decrypt Baidu open data: AES-192-CBC, PKCS#7 padding of up to 32 bytes, the framing
 * `random(16) || length || data || App Key` with the App Key tail checked. Every failure after the
 * cipher is the one `ERR_DECRYPT_FAILED`. The IV only changes the discarded random prefix: the App
 * Key tail is the only integrity check (a known-plaintext check, not a MAC). No watermark.
 * @throws {WxOpenDataError}
 */
export function decryptBaiduOpenData<T extends object = Record<string, unknown>>(input: BaiduOpenDataInput): T;

/** Input of {@link decryptAlipayPhoneNumber}. */
export interface AlipayPhoneNumberInput {
  /** The app's content encryption (接口内容加密) AES key: base64 of 16 bytes. */
  aesKey: string;
  /**
   * The Alipay public key (支付宝公钥, not the app's own): the bare base64 the console shows or a PEM
   * `PUBLIC KEY` block. Required unless the response is unsigned and `allowUnsigned` is set.
   */
  alipayPublicKey?: string;
  /** `response` of `my.getPhoneNumber` (base64), or the whole JSON text it returned (then `sign` is read from it). */
  response: string;
  /** Alipay's RSA2 signature (base64) over `'"' + response + '"'`. */
  sign?: string;
  /** Accept a response without `sign` (an app without signing configured). Default false. */
  allowUnsigned?: boolean;
}

/** A decrypted Alipay phone number. */
export interface AlipayPhoneNumber {
  code: '10000';
  msg: string;
  /** The phone number (the field is `mobile`, not `phoneNumber`). */
  mobile: string;
  [key: string]: unknown;
}

/** A `WxOpenDataError` with `code === 'ERR_ALIPAY_API'`: the decrypted answer's code is not `'10000'`. */
export interface AlipayApiError extends WxOpenDataErrorBase<'ERR_ALIPAY_API'> {
  platform: 'alipay';
  /** Alipay's code as given (a string, e.g. `'40003'`). */
  errcode: string;
  /** Alipay's `msg`. */
  errmsg: string;
  /** Alipay's `sub_code` (e.g. `'isv.invalid-auth-relations'`), when given. */
  subCode?: string;
  /** Alipay's `sub_msg`, when given. */
  subMsg?: string;
  /** True for 20000 (service currently unavailable), which Alipay documents as worth a retry. */
  retryable: boolean;
  /** Only on {@link WxApiError}. */
  hint?: undefined;
}

/**
 * Alipay's `my.getPhoneNumber`: verify Alipay's RSA2 signature (RSASSA-PKCS1-v1_5 SHA-256, with the
 * runtime's WebCrypto) over `'"' + response + '"'`, then decrypt `response` (AES-128-CBC, zero IV).
 * Returns a promise on every runtime. A bad signature: `ERR_SIGNATURE_MISMATCH` (nothing decrypted);
 * no `sign` without `allowUnsigned: true`: `ERR_INVALID_ARGUMENT`; a code other than `'10000'`:
 * `ERR_ALIPAY_API` ({@link AlipayApiError}).
 * @throws {WxOpenDataError} as a rejection.
 */
export function decryptAlipayPhoneNumber(input: AlipayPhoneNumberInput): Promise<AlipayPhoneNumber>;
// END other platforms

// BEGIN wx-open-data session declarations (sealed session tokens)

/** One secret of a key list: `id` becomes the token's `kid`. */
export interface SessionKey {
  /** A non-empty id of at most 128 bytes, e.g. `'2026-11'`. Not secret. */
  id: string;
  /** 32 random bytes in base64url or base64 (`openssl rand -base64 32`). Keep it secret. */
  secret: string;
}

/** A non-empty key list: the first key seals, every key opens, the token's `kid` picks. */
export type SessionKeys = readonly [SessionKey, ...SessionKey[]] | readonly SessionKey[];

/** The claims given to {@link sealSession}: who the user is and which session, plus your own JSON members. */
export interface SessionClaimsInput {
  /** The openid. */
  sub: string;
  /** The appid the user signed in to. */
  appid: string;
  /** The unionid, when WeChat gave one. */
  unionid?: string | null;
  /** A session id (e.g. random, to tell a user's devices apart). */
  sid?: string | null;
  /** The user's session version when sealed: compare with the database to refuse revoked tokens. */
  ver?: number | null;
  /** Replaced: the library sets `iat` and `exp`. */
  iat?: number;
  /** Replaced: the library sets `iat` and `exp`. */
  exp?: number;
  /** Never in a token (refused in any spelling, at any depth): session_key stays on the server. */
  session_key?: never;
  /** Never in a token: see `session_key`. */
  sessionKey?: never;
}

/** The claims {@link openSession} returns. */
export interface SessionClaims extends SessionClaimsInput {
  /** Unix seconds when the token was sealed. */
  iat: number;
  /** Unix seconds when it expires. */
  exp: number;
}

/** Options of {@link sealSession}. */
export interface SealSessionOptions {
  keys: SessionKeys;
  /** Lifetime in seconds (a positive whole number): `exp = iat + ttlSeconds`. */
  ttlSeconds: number;
  /** Unix seconds, for tests (default: the clock). `iat` is its whole part. */
  now?: number;
}

/** Options of {@link openSession}. */
export interface OpenSessionOptions {
  keys: SessionKeys;
  /** Unix seconds, for tests (default: the clock). */
  now?: number;
  /** Seconds a token stays valid past its `exp` (clock skew between servers). Default 0. */
  clockToleranceSeconds?: number;
}

/**
 * Seal the login state into a compact JWE (`alg: "dir"`, `enc: "A256GCM"`, `kid` = the first key's
 * id) that `jose` can open. `iat` and `exp` are set from `now` and `ttlSeconds`; a claim named
 * session_key in any spelling, at any depth, is refused.
 * @throws {WxOpenDataError} `ERR_INVALID_ARGUMENT` (field `claims`, `keys`, `ttlSeconds` or `now`).
 */
export function sealSession<T extends object = {}>(claims: SessionClaimsInput & T, options: SealSessionOptions): string;

/**
 * Open a sealed session token and return its claims. The token's own checks only: compare `ver`
 * with the database where you read it anyway, to refuse revoked sessions.
 * @throws {WxOpenDataError} `ERR_SESSION_INVALID` (field `token`: malformed, non-canonical, unknown
 * kid, wrong secret, tampered, wrong claims), `ERR_SESSION_EXPIRED` (authentic but past `exp`),
 * `ERR_INVALID_ARGUMENT` for a bad `keys` list or option.
 */
export function openSession<T extends object = {}>(token: string | null | undefined, options: OpenSessionOptions): SessionClaims & T;
// END wx-open-data session declarations
