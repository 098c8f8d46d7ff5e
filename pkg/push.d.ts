// Type declarations for wx-open-data/push (message push, safe mode; hand-written).

/**
 * Message push (消息推送) in safe mode: signatures, AES-256-CBC, JSON/XML envelopes, replies.
 *
 * @module wx-open-data/push
 */
export type { WxOpenDataError, WxOpenDataErrorCode } from './index.js';
export { isWxOpenDataError } from './index.js';

/** Inputs longer than this many characters are rejected with ERR_INPUT_TOO_LARGE before decoding. */
export declare const MAX_INPUT_LENGTH: number;
// ---------------------------------------------------------------------------------------------
// Message push (消息推送), safe mode (WXBizMsgCrypt)
// ---------------------------------------------------------------------------------------------

/** Input of {@link verifyPushSignature}: the URL check's query parameters plus your Token. */
export interface PushSignatureInput {
  /** The Token configured in the WeChat console (开发管理 > 消息推送). */
  token: string;
  /** `timestamp` of the query string (digits; an integer number is accepted too). */
  timestamp: string | number;
  /** `nonce` of the query string. */
  nonce: string | number;
  /** `signature` of the query string (40 hex characters, either case). */
  signature: string;
}

/**
 * The URL check (and plaintext-mode) signature: `sha1(sort([token, timestamp, nonce]).join(''))`,
 * compared in constant time. A malformed signature is `false`. Answer the check with `echostr` verbatim.
 * @throws {WxOpenDataError} `ERR_INVALID_ARGUMENT` when a field is missing or has the wrong type.
 */
export function verifyPushSignature(input: PushSignatureInput): boolean;

/** Token, key(s) and appid(s) of a push endpoint. */
export interface PushConfig {
  /** The Token configured in the WeChat console. */
  token: string;
  /**
   * The 43-character EncodingAESKey, or a list `[current, previous]` while you change it
   * (each is tried in order).
   */
  encodingAESKey: string | readonly string[];
  /** The appid the pushes must be for, or a list (one endpoint serving several apps). */
  appId: string | readonly string[];
}

/** Input of {@link decryptPushMessage}: the query's timestamp, nonce, msg_signature and the body's Encrypt. */
export interface PushDecryptInput extends PushConfig {
  timestamp: string | number;
  nonce: string | number;
  /** `msg_signature` of the query string (NOT `signature`, which does not cover the body). */
  msgSignature: string;
  /** The body's `Encrypt` field (base64). */
  encrypt: string;
}

/**
 * Check `msg_signature` over token, timestamp, nonce and Encrypt (constant time) BEFORE decrypting,
 * then AES-256-CBC, strict PKCS#7 with a 32-byte block, the length field and the appid.
 * Returns the message text (JSON or XML) exactly as WeChat encrypted it.
 * @throws {WxOpenDataError} `ERR_SIGNATURE_MISMATCH`, `ERR_INVALID_AES_KEY`, `ERR_INVALID_BASE64`,
 *   `ERR_INVALID_CIPHERTEXT`, `ERR_DECRYPT_FAILED` (one message for every failure after decryption),
 *   `ERR_APPID_MISMATCH`, `ERR_INVALID_ARGUMENT`, `ERR_INPUT_TOO_LARGE`.
 */
export function decryptPushMessage(input: PushDecryptInput): string;

/** Input of {@link encryptPushReply}. */
export interface PushReplyInput {
  token: string;
  /** The EncodingAESKey; with a list, the first (current) key encrypts. */
  encodingAESKey: string | readonly string[];
  /** The one appid the reply is for (`openPushRequest` returns it as `appId`). */
  appId: string;
  /** The reply text (JSON or XML), or an object that is `JSON.stringify`'d. */
  message: string | object;
  /** Unix seconds (default: now). */
  timestamp?: string | number;
  /** Default: 10 random digits from `crypto.getRandomValues`. */
  nonce?: string | number;
  /**
   * The 16 bytes of text that start the plaintext, for deterministic tests only. Default: 16 random
   * alphanumerics from `crypto.getRandomValues` (Web Crypto).
   */
  random?: string;
}

/** An encrypted reply: send it as JSON (`JSON.stringify(reply)`) or as XML ({@link renderPushReplyXml}). */
export interface PushReply {
  Encrypt: string;
  /** Lowercase hex `sha1(sort([token, TimeStamp, Nonce, Encrypt]).join(''))`. */
  MsgSignature: string;
  TimeStamp: number;
  Nonce: string;
}

/**
 * Encrypt a passive reply: `random(16) || be_u32(len) || message || appId`, PKCS#7/32, AES-256-CBC,
 * base64, then sign.
 * @throws {WxOpenDataError}
 */
export function encryptPushReply(input: PushReplyInput): PushReply;

/**
 * The XML form of a reply: `<xml><Encrypt><![CDATA[...]]></Encrypt><MsgSignature><![CDATA[...]]></MsgSignature>
 * <TimeStamp>...</TimeStamp><Nonce><![CDATA[...]]></Nonce></xml>`.
 * @throws {WxOpenDataError}
 */
export function renderPushReplyXml(reply: PushReply): string;

/** Query parameters of a push request: an object (e.g. Express `req.query`), a `URLSearchParams`, or the URL string (`req.url`). */
export type PushQueryInput =
  | string
  | URLSearchParams
  | { get(name: string): string | null }
  | Readonly<Record<string, string | undefined>>;

/** Input of {@link openPushRequest}. */
export interface PushRequestInput extends PushConfig {
  query: PushQueryInput;
  /** The raw body (omit, `''`, `null` for the GET URL check). */
  body?: string | Uint8Array | ArrayBuffer | null;
  /** Body format; default `'auto'` (`{` = JSON, `<` = XML). */
  format?: 'json' | 'xml' | 'auto';
}

/** A verified URL check: answer `echostr` verbatim with status 200. */
export interface PushVerifyResult {
  kind: 'verify';
  echostr: string;
}

/** A verified, decrypted push. */
export interface PushMessageResult<T extends object = Record<string, unknown>> {
  kind: 'message';
  /** Format of the decrypted message. */
  format: 'json' | 'xml';
  /** The appid the message was for (one of `appId`). */
  appId: string;
  /** Which EncodingAESKey decrypted it: 0 = current, 1 = previous... */
  keyIndex: number;
  /** The decrypted message text. */
  text: string;
  /**
   * The message: `JSON.parse(text)` for JSON; for XML, the root's child elements as an object whose
   * values are strings (nested elements become objects, repeated names arrays).
   */
  message: T;
}

/**
 * Handle a whole push request: a URL check (no body, `echostr` in the query: the 3-field `signature`
 * is verified) or a safe-mode push (`msg_signature` verified, then decrypted and parsed). Bodies
 * without `Encrypt` (plaintext or compatible mode) are refused. XML with a DTD or custom entities is refused.
 * @throws {WxOpenDataError}
 */
export function openPushRequest<T extends object = Record<string, unknown>>(
  input: PushRequestInput,
): PushVerifyResult | PushMessageResult<T>;

// BEGIN user-lifecycle events

/** RevokeInfo numbers this library names (docs/sessions.md); other numbers keep `name: undefined`. */
export declare const REVOKE_INFO_NAMES: Readonly<Record<number, string>>;

/** Fields every typed view has. */
export interface UserLifecycleEventBase<T extends object> {
  /** `Event` of the message. */
  event: string | undefined;
  /** `FromUserName`: the user's openid. */
  openId: string | undefined;
  /** `ToUserName`: the mini program's original id (gh_...). */
  toUserName: string | undefined;
  /** `CreateTime`, Unix seconds (a number even when the XML form gave text). */
  createTime: number | undefined;
  /** `PluginID`, for plugin pushes. */
  pluginId?: string;
  /** `OpenPID`, for plugin pushes. */
  openPid?: string;
  /** The message as openPushRequest returned it, untouched. */
  message: T;
}

/** One revoked authorization: WeChat's number and, when this library knows it, a name. */
export interface RevokedItem {
  id: number;
  name: string | undefined;
}

/** `user_authorization_revoke`: the user withdrew authorizations. Bump the session version. */
export interface UserAuthorizationRevokeEvent<T extends object = Record<string, unknown>> extends UserLifecycleEventBase<T> {
  type: 'user_authorization_revoke';
  /** `RevokeInfo` (a number, a comma-separated string or repeated elements), in order, unknown numbers kept. */
  revoked: RevokedItem[];
}

/** `user_authorization_cancellation`: delete what you store about the user and bump the session version. */
export interface UserAuthorizationCancellationEvent<T extends object = Record<string, unknown>> extends UserLifecycleEventBase<T> {
  type: 'user_authorization_cancellation';
}

/** `user_info_modified`: the user changed authorized information. */
export interface UserInfoModifiedEvent<T extends object = Record<string, unknown>> extends UserLifecycleEventBase<T> {
  type: 'user_info_modified';
}

/** `wxa_punish_event`: a penalty against the mini program. */
export interface WxaPunishEvent<T extends object = Record<string, unknown>> extends UserLifecycleEventBase<T> {
  type: 'wxa_punish_event';
}

/** Any other push, untyped. */
export interface OtherPushEvent<T extends object = Record<string, unknown>> extends UserLifecycleEventBase<T> {
  type: 'other';
}

/** What {@link parseUserLifecycleEvent} returns: narrow on `type`. */
export type UserLifecycleEvent<T extends object = Record<string, unknown>> =
  | UserAuthorizationRevokeEvent<T>
  | UserAuthorizationCancellationEvent<T>
  | UserInfoModifiedEvent<T>
  | WxaPunishEvent<T>
  | OtherPushEvent<T>;

/**
 * The typed view of a verified push (`openPushRequest(...).message`, or the result itself): the four
 * user-lifecycle events by `type`, anything else as `type: 'other'`.
 * @throws {WxOpenDataError} `ERR_INVALID_ARGUMENT` (field `message`) when it is not an object.
 */
export function parseUserLifecycleEvent<T extends object = Record<string, unknown>>(
  message: T | PushMessageResult<T>,
): UserLifecycleEvent<T>;
// END user-lifecycle events
