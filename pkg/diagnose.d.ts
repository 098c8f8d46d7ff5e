// Type declarations for wx-open-data/diagnose (hand-written).

/**
 * `diagnose()`: every check on an open-data input, with the likely cause in English and Chinese.
 * For logs and developers only.
 *
 * @module wx-open-data/diagnose
 */
import type { PayloadKind, TypedDecryptOptions, WxOpenDataErrorCode } from './index.js';
export type { WxOpenDataError, WxOpenDataErrorCode } from './index.js';
export { isWxOpenDataError } from './index.js';

/** Inputs longer than this many characters are rejected with ERR_INPUT_TOO_LARGE before decoding. */
export declare const MAX_INPUT_LENGTH: number;

/**
 * Options of {@link diagnose}: those of decryptOpenData (`maxAgeSeconds`, `now`, `openId`,
 * `repairBase64`, `requireWatermark`); the verdict is the one decryptOpenData reaches with them.
 */
export type DiagnoseOptions = TypedDecryptOptions;

/** One check of a {@link DiagnoseReport}. */
export interface DiagnoseCheck {
  /**
   * `appId`, `sessionKey.base64`, `iv.base64`, `encryptedData.base64`, `sessionKey.length`,
   * `iv.length`, `encryptedData.length`, `decrypt.padding`, `decrypt.utf8`, `decrypt.json`,
   * `payload.shape`, `watermark.present`, `watermark.appid`, `watermark.age`, `openId`.
   */
  id: string;
  status: 'pass' | 'fail' | 'warn' | 'skip';
  /** What was found (English). */
  detail: string;
}

/** Facts about one base64 input of a {@link DiagnoseReport}. */
export interface DiagnoseField {
  present: boolean;
  /** Length in characters. */
  length: number;
  /** `'ok'` or the transport damage found. */
  base64: 'ok' | 'missing' | 'spaces' | 'double-url-encoded' | 'url-safe-alphabet' | 'line-breaks' | 'missing-padding' | 'empty' | 'invalid';
  /** Decoded length in bytes (of the repaired value when `repairable`). */
  decodedBytes: number | null;
  /** True when turning spaces back into `+` makes it decode. */
  repairable: boolean;
}

/**
 * The report of {@link diagnose}. Never contains key material or payload values: lengths, check
 * results, top-level key names, the watermark appid and timestamp.
 */
export interface DiagnoseReport {
  /** True when `decryptOpenData` would succeed with these inputs and options. */
  ok: boolean;
  /** The code `decryptOpenData` would throw (null when ok). */
  code: WxOpenDataErrorCode | null;
  /** The field it would name. */
  field: string | null;
  /** The likely cause in English and Chinese. */
  cause: { en: string; zh: string };
  checks: DiagnoseCheck[];
  sessionKey: DiagnoseField;
  iv: DiagnoseField;
  encryptedData: DiagnoseField;
  /** Present when decryption was attempted. */
  plaintext: {
    ciphertextBytes: number;
    paddingOk: boolean;
    paddingBytes: number | null;
    utf8: boolean;
    json: 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null' | 'invalid' | 'skipped';
    /** Top-level key names (at most 50). */
    keys: string[];
    /** The payload kind the keys suggest. */
    kind: PayloadKind | null;
  } | null;
  /** Present when the payload parsed as a JSON object. */
  watermark: {
    present: boolean;
    appid: string | null;
    /** null when no appId was given. */
    appidMatches: boolean | null;
    timestamp: number | null;
    ageSeconds: number | null;
  } | null;
}

/**
 * Run every check on an open-data input and explain the likely cause in English and Chinese.
 * Every input field is optional (missing ones are reported). FOR LOGS AND DEVELOPERS ONLY: answer
 * clients with the uniform error of the decoders, never with this report (it would be a padding oracle).
 * @throws {WxOpenDataError} `ERR_INVALID_ARGUMENT` when `input` is not an object or a field has the wrong type.
 */
export function diagnose(
  input: { appId?: string | readonly string[]; sessionKey?: string; encryptedData?: string; iv?: string },
  options?: DiagnoseOptions,
): DiagnoseReport;
