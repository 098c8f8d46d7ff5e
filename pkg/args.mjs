// Reading and checking the arguments of the API functions, shared by the modules' API files: each
// read goes through a `try` (a throwing getter or a revoked Proxy is ERR_INVALID_ARGUMENT, never a
// TypeError), strings are size-checked before they are copied into wasm memory, and the decoders'
// options are packed into the numbers src/wasm/args.rs unpacks.
import { MAX_INPUT_LENGTH, invalid, typeName, wxError } from './errors.mjs';

/** `obj[key]`; a throwing getter or Proxy trap becomes ERR_INVALID_ARGUMENT. */
export function get(obj, key) {
  try {
    return obj[key];
  } catch {
    throw invalid(key, `reading ${key} threw`);
  }
}

/** `Array.isArray(v)`; a revoked Proxy is ERR_INVALID_ARGUMENT. */
export function isArray(v, field) {
  try {
    return Array.isArray(v);
  } catch {
    throw invalid(field, `${field} is a revoked Proxy`);
  }
}

/** Check that `v` is a plain object with named fields (not null, not a primitive, not an array). */
export function requireObject(v, field) {
  if (typeof v === 'object' && v !== null && !isArray(v, field)) return;
  throw invalid(field, `${field} must be an object with named fields, got ${typeName(v)}`);
}

/** `v` as a string within the size limit. */
export function string(v, field) {
  if (typeof v !== 'string') throw invalid(field, `${field} must be a string, got ${typeName(v)}`);
  if (v.length > MAX_INPUT_LENGTH) {
    throw wxError(
      'ERR_INPUT_TOO_LARGE',
      `${field} is ${v.length} characters long; the limit is ${MAX_INPUT_LENGTH} (1 MiB). Real WeChat payloads are a few KiB at most`,
      field,
    );
  }
  return v;
}

/** A required string field of `obj`. */
export function reqString(obj, field) {
  const v = get(obj, field);
  if (v === undefined || v === null) throw invalid(field, `${field} is required`);
  return string(v, field);
}

/** An optional string field (`undefined`/`null` mean absent). */
export function optString(obj, field) {
  const v = get(obj, field);
  return v === undefined || v === null ? undefined : string(v, field);
}

/** An optional finite number field. */
export function optNumber(obj, field) {
  const v = get(obj, field);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw invalid(field, `${field} must be a finite number, got ${typeName(v)}`);
  }
  return v;
}

/** An optional boolean field. */
export function optBool(obj, field) {
  const v = get(obj, field);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw invalid(field, `${field} must be a boolean, got ${typeName(v)}`);
  return v;
}

/** The `length` of a caller-provided array, read as the wasm boundary reads it. */
export function arrayLength(arr, field) {
  let n;
  try {
    n = arr.length;
  } catch {
    throw invalid(field, `reading ${field}.length threw`);
  }
  if (typeof n !== 'number' || !(n >= 0 && n <= 0xffffffff)) {
    throw invalid(field, `${field}.length is not an array length`);
  }
  return Math.trunc(n);
}

/** Element `i` of a caller-provided array. */
export function arrayGet(arr, i, field) {
  try {
    return arr[i];
  } catch {
    throw invalid(field, `reading ${field}[${i}] threw`);
  }
}

const MAX_APP_IDS = 1000;
const APP_ID_REQUIRED = 'appId is required: the appid (or list of appids) this data must belong to';
// Option flags (src/wasm/args.rs).
const REPAIR_BASE64 = 1;
const WATERMARK_REQUIRED = 2;
const WATERMARK_OPTIONAL = 4;
export const MAX_AGE = 8;
/** `now` was given without `maxAgeSeconds` (diagnose reports the age then; the decoders ignore it). */
export const HAS_NOW = 16;

/** `appId`: a non-empty string or a non-empty array of them -> [joined, lengths or undefined]. */
export function appIds(obj) {
  const v = get(obj, 'appId');
  if (isArray(v, 'appId')) {
    const n = arrayLength(v, 'appId');
    if (n === 0 || n > MAX_APP_IDS) throw invalid('appId', `appId must list between 1 and ${MAX_APP_IDS} appids`);
    const ids = [];
    for (let i = 0; i < n; i++) ids.push(string(arrayGet(v, i, 'appId'), 'appId'));
    if (ids.some((s) => s === '')) throw invalid('appId', 'appId must not be empty');
    return n === 1 ? [ids[0], undefined] : [ids.join(''), ids.map((s) => s.length)];
  }
  if (v === undefined || v === null) throw invalid('appId', APP_ID_REQUIRED);
  const id = string(v, 'appId');
  if (id === '') throw invalid('appId', 'appId must not be empty');
  return [id, undefined];
}

/**
 * The options shared by the open-data decoders -> the arguments after the strings:
 * [openId, flags, maxAgeSeconds, now]. `now` is read from the clock (whole seconds) only when an age check
 * is asked; a `now` given without `maxAgeSeconds` is passed on with the HAS_NOW flag.
 */
export function options(o) {
  if (o === undefined || o === null) return [undefined, 0, 0, 0];
  requireObject(o, 'options');
  const maxAge = optNumber(o, 'maxAgeSeconds');
  if (maxAge !== undefined && maxAge < 0) throw invalid('maxAgeSeconds', 'maxAgeSeconds must not be negative');
  const now = optNumber(o, 'now');
  const openId = optString(o, 'openId');
  let flags = optBool(o, 'repairBase64') ? REPAIR_BASE64 : 0;
  const rw = optBool(o, 'requireWatermark');
  if (rw === true) flags |= WATERMARK_REQUIRED;
  else if (rw === false) flags |= WATERMARK_OPTIONAL;
  if (maxAge === undefined) return now === undefined ? [openId, flags, 0, 0] : [openId, flags | HAS_NOW, 0, now];
  return [openId, flags | MAX_AGE, maxAge, now === undefined ? Math.floor(Date.now() / 1000) : now];
}

