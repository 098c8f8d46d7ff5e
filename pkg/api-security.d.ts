// Type declarations for wx-open-data/api-security (hand-written).

/**
 * WeChat server API security (服务端 API 签名加密, "API 安全"): requests to WeChat's server APIs
 * encrypted with AES-256-GCM and signed with RSA-PSS (SHA-256, salt 32), responses verified
 * against the platform certificate and decrypted. The RSA operations use the platform's WebCrypto,
 * so both functions return promises. The SM4-GCM / SM2withSM3 variant is not supported.
 *
 * ```js
 * import { sealApiRequest, openApiResponse } from 'wx-open-data/api-security';
 * const req = await sealApiRequest({ url, appId, symmetricKey, symmetricKeySn, privateKey, params: { code } });
 * const res = await fetch(req.url, req);
 * const data = await openApiResponse({ url: req.url, appId, symmetricKey, symmetricKeySn,
 *   certificates: { [certSn]: certPem }, headers: res.headers, body: await res.text() });
 * ```
 *
 * @module wx-open-data/api-security
 */
export type { WxOpenDataError, WxOpenDataErrorCode } from './index.js';
export { isWxOpenDataError } from './index.js';

/** Inputs longer than this many characters are rejected with ERR_INPUT_TOO_LARGE before decoding. */
export declare const MAX_INPUT_LENGTH: number;

/** The API security configuration of the console (开发管理 > 开发设置 > API 安全). */
export interface ApiSecurityKeys {
  /** The mini program's appid (a third-party platform: its component appid). */
  appId: string;
  /** API 对称密钥: base64 of the 32-byte AES256_GCM key (44 characters). */
  symmetricKey: string;
  /** 对称密钥编号 (32 hex characters): goes into the AAD. */
  symmetricKeySn: string;
}

/** Input of {@link sealApiRequest}. */
export interface SealApiRequestInput extends ApiSecurityKeys {
  /**
   * The URL to call, `?access_token=…` included (the query stays in the URL; the AAD and the
   * signature cover scheme, host and path only).
   */
  url: string;
  /**
   * The RSA private key of API 非对称密钥 (RSAwithSHA256) as the console gives it
   * (`-----BEGIN RSA PRIVATE KEY-----`, PKCS#1) or PKCS#8 (`-----BEGIN PRIVATE KEY-----`).
   */
  privateKey: string;
  /**
   * The API's parameters (what the body would be without API security), kept in their order:
   * an object, or the JSON text of one. Must not hold `_n`, `_appid` or `_timestamp`. Default `{}`.
   */
  params?: Record<string, unknown> | string;
  /** For tests only: Unix seconds (default: now). */
  timestamp?: number;
  /** For tests only: `_n` (default: 16 random bytes, base64 without padding). */
  nonce?: string;
  /** For tests only: the 12-byte AES-GCM IV, bytes or base64 (default: random, never reuse one). */
  iv?: Uint8Array | string;
}

/** What {@link sealApiRequest} returns: pass it to `fetch(req.url, req)`. */
export interface SealedApiRequest {
  url: string;
  method: 'POST';
  /** `content-type`, `Wechatmp-Appid`, `Wechatmp-TimeStamp`, `Wechatmp-Signature`. */
  headers: Record<string, string>;
  /** `{"iv":…,"data":…,"authtag":…}`: send it exactly as it is (it is what was signed). */
  body: string;
}

/**
 * Encrypt a request (AES-256-GCM, AAD `urlpath|appid|timestamp|sn`) and sign it (RSA-PSS SHA-256,
 * salt 32, over `urlpath\nappid\ntimestamp\nbody`, with WebCrypto).
 * @throws {WxOpenDataError} `ERR_INVALID_ARGUMENT` (a missing or malformed field), `ERR_INVALID_AES_KEY`
 *   / `ERR_INVALID_BASE64` (`symmetricKey`), `ERR_INVALID_KEY` (`privateKey`), `ERR_INVALID_IV`.
 */
export function sealApiRequest(input: SealApiRequestInput): Promise<SealedApiRequest>;

/** The response headers: a `Headers` object (`res.headers`) or a plain object, names in any case. */
export type ResponseHeadersInput =
  | { get(name: string): string | null; has(name: string): boolean }
  | Record<string, string | undefined>;

/** Input of {@link openApiResponse}. */
export interface OpenApiResponseInput extends ApiSecurityKeys {
  /** The URL that was called (`req.url`). */
  url: string;
  /**
   * The platform certificates (开放平台证书, X.509 PEM) by their 证书编号 (not the X.509 serial).
   * Keep the old and the new one while WeChat rolls its certificate over.
   */
  certificates: Record<string, string>;
  /** `res.headers`. */
  headers: ResponseHeadersInput;
  /** `await res.text()`: the raw body (the signature covers it byte for byte). */
  body: string;
  /** Unix seconds (default: now). */
  now?: number;
  /** The oldest response accepted, in seconds (default 300). */
  maxAgeSeconds?: number;
}

/** The decrypted response without `_n`, `_appid`, `_timestamp`. */
export type OpenedApiResponse<T = Record<string, unknown>> = T & {
  /**
   * Set (not enumerable) only when the response was verified with the `Wechatmp-Serial-Deprecated`
   * pair: WeChat signs with a new certificate that `certificates` lacks; add it.
   */
  readonly warning?: string;
};

/**
 * Check, verify and decrypt a response: a plain `{errcode, errmsg}` body is `ERR_WX_API`; otherwise
 * `Wechatmp-Appid` must be `appId`, `Wechatmp-Serial` (or, during rollover, the `-Deprecated`
 * pair) must name a given certificate, the signature must verify over the raw body, the response
 * must be at most `maxAgeSeconds` old, it must decrypt under the response's timestamp, and its
 * `_appid` and `_timestamp` must match.
 * @throws {WxOpenDataError} `ERR_WX_API`, `ERR_API_UNSIGNED`, `ERR_API_APPID_MISMATCH`,
 *   `ERR_API_UNKNOWN_SERIAL`, `ERR_API_SIGNATURE_INVALID`, `ERR_API_RESPONSE_EXPIRED`,
 *   `ERR_API_DECRYPT_FAILED`, `ERR_API_TIMESTAMP_MISMATCH`, `ERR_INVALID_RESPONSE`, `ERR_INVALID_KEY`,
 *   `ERR_INVALID_ARGUMENT`.
 */
export function openApiResponse<T = Record<string, unknown>>(input: OpenApiResponseInput): Promise<OpenedApiResponse<T>>;
