// Type declarations for wx-open-data/testing (TEST-ONLY helpers).

/**
 * TEST-ONLY helpers: produce what WeChat sends, for your own tests: real `encryptedData` under a
 * session_key, and signed, encrypted message push requests (and the push URL check).
 *
 * @module wx-open-data/testing
 */

/** Input of {@link encryptOpenData}. */
export interface EncryptOpenDataInput {
  /** The session_key to encrypt under (base64 of 16 bytes, 24 characters). */
  sessionKey: string;
  /** The iv (base64 of 16 bytes). Omitted: 16 random bytes from `crypto.getRandomValues`. */
  iv?: string;
  /**
   * The payload: an object (serialised with `JSON.stringify`) or a string encrypted as is (any
   * string, so invalid JSON can be produced for negative tests). Include a `watermark`
   * (`{ appid, timestamp }`) when the decoder under test requires one.
   */
  data: object | string;
}

/** What {@link encryptOpenData} returns: the two values a mini program would send. */
export interface EncryptedOpenData {
  /** Base64 AES-128-CBC ciphertext with PKCS#7 padding, exactly as WeChat produces it. */
  encryptedData: string;
  /** The base64 iv used (the one given, or the random one). */
  iv: string;
}

/**
 * TEST-ONLY. Encrypt `data` the way WeChat produces `encryptedData` (AES-128-CBC, PKCS#7, under the
 * base64-decoded session_key), so tests can feed real payloads to your own server.
 * @throws {WxOpenDataError} (from 'wx-open-data') `ERR_INVALID_ARGUMENT`, `ERR_INVALID_BASE64`,
 *   `ERR_INVALID_SESSION_KEY`, `ERR_INVALID_IV`, `ERR_INPUT_TOO_LARGE`.
 */
export function encryptOpenData(input: EncryptOpenDataInput): EncryptedOpenData;

/** Input of {@link buildPushRequest}: what WeChat encrypts and how it sends it. */
export interface BuildPushRequestInput {
  /** The Token configured in the WeChat console (the one your endpoint checks). */
  token: string;
  /**
   * The EncodingAESKey to encrypt under (43 characters). With a list (your endpoint's
   * `[current, previous]`), the first one encrypts; pass the previous key alone to test a rotation.
   */
  encodingAESKey: string | readonly string[];
  /** The appid the message is for (one appid: it ends the encrypted plaintext). */
  appId: string;
  /**
   * The message. An object is serialised in the push's format: `JSON.stringify` for `'json'`; for
   * `'xml'`, WeChat's XML (`<xml><ToUserName><![CDATA[gh_..]]></ToUserName><CreateTime>1714112445</CreateTime>...</xml>`:
   * strings in CDATA, numbers and booleans as text, nested objects as nested elements, arrays as
   * repeated elements; `null`, nested arrays and keys that are not XML names are refused). A string
   * is encrypted exactly as given (any text, so malformed messages can be produced for negative tests).
   */
  message: object | string;
  /** The body's format: `'json'` (default, `{"ToUserName":..,"Encrypt":..}`) or `'xml'` (`<xml><ToUserName/><Encrypt/></xml>`). */
  format?: 'json' | 'xml';
  /** `ToUserName` of the body envelope. Default: the message object's `ToUserName` (none for a string message). */
  toUserName?: string;
  /** Unix seconds (default: now). */
  timestamp?: string | number;
  /** Default: 10 random digits, like WeChat's. */
  nonce?: string | number;
  /** The 16 bytes of text that start the plaintext, for reproducible requests. Default: 16 random alphanumerics. */
  random?: string;
  /** The `content-type` header. Default: `application/json` for JSON, `text/xml` for XML (what WeChat sends). */
  contentType?: string;
  /** Your endpoint's URL (absolute or a path); `url` of the result appends the query to it. */
  url?: string;
}

/** The query WeChat puts on a safe-mode push (all strings; a type alias, so `new URLSearchParams(query)` accepts it). */
export type PushRequestQuery = {
  /** `sha1(sort([token, timestamp, nonce]).join(''))`: sent by WeChat, but it does not cover the body. */
  signature: string;
  timestamp: string;
  nonce: string;
  encrypt_type: 'aes';
  /** `sha1(sort([token, timestamp, nonce, Encrypt]).join(''))`: the signature to check. */
  msg_signature: string;
};

/**
 * A push request as WeChat sends it. `method`, `headers` and `body` are `fetch`'s init fields, so
 * `fetch(req.url, req)` sends it (with `url` given); `query` and `body` are what
 * `openPushRequest` from `wx-open-data/push` takes.
 */
export interface BuiltPushRequest {
  method: 'POST';
  /** `url` with the query appended (`?`, or `&` when it already has one); without `url`, `'?signature=...'`. */
  url: string;
  query: PushRequestQuery;
  headers: { 'content-type': string };
  /** The raw body: the JSON or XML envelope carrying `Encrypt`. */
  body: string;
  /** The same value as `headers['content-type']`. */
  contentType: string;
  format: 'json' | 'xml';
  /** The body's `Encrypt` (base64), for tests of `decryptPushMessage`. */
  encrypt: string;
}

/**
 * TEST-ONLY. Build the safe-mode message push WeChat would send to your endpoint: the message is
 * encrypted with the library's push encryption (AES-256-CBC under the EncodingAESKey, `random(16) ||
 * be_u32(len) || message || appId`, PKCS#7 to 32 bytes) and signed (`msg_signature`, `signature`).
 * @throws {WxOpenDataError} (from 'wx-open-data') `ERR_INVALID_ARGUMENT`, `ERR_INVALID_AES_KEY`,
 *   `ERR_INPUT_TOO_LARGE`.
 */
export function buildPushRequest(input: BuildPushRequestInput): BuiltPushRequest;

/** Input of {@link buildPushVerifyRequest}. */
export interface BuildPushVerifyRequestInput {
  /** The Token configured in the WeChat console. */
  token: string;
  /** The challenge your endpoint must answer verbatim. Default: 10 random digits. */
  echostr?: string;
  /** Unix seconds (default: now). */
  timestamp?: string | number;
  /** Default: 10 random digits. */
  nonce?: string | number;
  /** Your endpoint's URL (absolute or a path); `url` of the result appends the query to it. */
  url?: string;
}

/** The URL check WeChat sends when you save the push URL: answer `echostr` verbatim with status 200. */
export interface BuiltPushVerifyRequest {
  method: 'GET';
  /** `url` with the query appended; without `url`, `'?signature=...'`. */
  url: string;
  query: { signature: string; timestamp: string; nonce: string; echostr: string };
  /** The value a correct endpoint answers. */
  echostr: string;
}

/**
 * TEST-ONLY. Build the URL check (GET with `signature`, `timestamp`, `nonce`, `echostr`;
 * `signature = sha1(sort([token, timestamp, nonce]).join(''))`) WeChat sends when the push URL is saved.
 * @throws {WxOpenDataError} (from 'wx-open-data') `ERR_INVALID_ARGUMENT`, `ERR_INPUT_TOO_LARGE`.
 */
export function buildPushVerifyRequest(input: BuildPushVerifyRequestInput): BuiltPushVerifyRequest;
