// The errors the JavaScript entries throw themselves (argument checks before the wasm is called),
// shaped exactly like the ones the wasm throws: an `Error` with `name: 'WxOpenDataError'`, a stable
// `code` and, where an input is at fault, `field`. Shared by every module's API file.

/** Inputs longer than this many characters are rejected with ERR_INPUT_TOO_LARGE before decoding. */
export const MAX_INPUT_LENGTH = 1024 * 1024;

/** A WxOpenDataError. */
export function wxError(code, message, field) {
  const err = new Error(message);
  err.name = 'WxOpenDataError';
  err.code = code;
  if (field !== undefined) err.field = field;
  return err;
}

/** Whether `err` is an error thrown by this library (an `Error` named `WxOpenDataError` with a `code`). */
export function isWxOpenDataError(err) {
  try {
    return err instanceof Error && err.name === 'WxOpenDataError' && typeof err.code === 'string';
  } catch {
    // A revoked Proxy or a throwing getter: not one of ours, and never a throw from here.
    return false;
  }
}

/** ERR_INVALID_ARGUMENT naming `field`. */
export const invalid = (field, message) => wxError('ERR_INVALID_ARGUMENT', message, field);

/** A short description of a value's type for error messages (never its content). */
export function typeName(v) {
  if (v === undefined) return 'undefined';
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string': return 'a string';
    case 'number': return 'a number';
    case 'boolean': return 'a boolean';
    case 'function': return 'a function';
    case 'bigint': return 'a bigint';
    case 'symbol': return 'a symbol';
  }
  try {
    if (Array.isArray(v)) return 'an array';
  } catch {
    // a revoked Proxy
  }
  return 'an object';
}

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

// What the wasm throws for a core error (src/wasm/mod.rs, `From<Error> for JsValue`): this mark,
// then `code`, `field` and the message separated by U+0001, or, for WeChat API errors, the error as
// JSON. The Error itself is created here, in JavaScript: its stack trace is the caller's, and V8
// builds it in a third of the time `new Error` takes when called from inside wasm.
const MARK = '\u0000WxOpenDataError:';

/** The thrown `Error` for what a wasm call threw (anything that is not a core error is returned as is). */
export function fromWasm(thrown) {
  if (typeof thrown !== 'string' || !thrown.startsWith(MARK)) return thrown;
  if (thrown.charCodeAt(MARK.length) === 0x7b) {
    const d = JSON.parse(thrown.slice(MARK.length));
    const err = wxError(d.code, d.message, d.field);
    err.errcode = d.errcode;
    err.errmsg = d.errmsg;
    err.retryable = d.retryable;
    err.hint = d.hint;
    return err;
  }
  const a = thrown.indexOf('\u0001', MARK.length);
  const b = thrown.indexOf('\u0001', a + 1);
  const field = thrown.slice(a + 1, b);
  return wxError(thrown.slice(MARK.length, a), thrown.slice(b + 1), field === '' ? undefined : field);
}

/** `fn` (a wasm-bindgen export), throwing its core errors as WxOpenDataErrors. */
export function wrap(fn) {
  return (...args) => {
    try {
      return fn(...args);
    } catch (e) {
      throw fromWasm(e);
    }
  };
}
