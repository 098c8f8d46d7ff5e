// Type declarations for wx-open-data (hand-written; the contract users program against).

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
  | 'ERR_INVALID_RESPONSE'
  | 'ERR_SIGNATURE_MISMATCH'
  | 'ERR_INVALID_AES_KEY';

/** The shape of every error this library throws (a real `Error` instance). */
export interface WxOpenDataError extends Error {
  name: 'WxOpenDataError';
  code: WxOpenDataErrorCode;
  /** The input field at fault, when one is (e.g. `'encryptedData'`, `'iv'`, `'appId'`). */
  field?: string;
}

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
