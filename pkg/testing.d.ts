// Type declarations for wx-open-data/testing (TEST-ONLY helpers).

/**
 * TEST-ONLY helpers: produce real `encryptedData` under a session_key for your own tests.
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
