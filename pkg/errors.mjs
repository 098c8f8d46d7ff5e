// The errors of every module's API file: the ones the entries throw themselves (argument checks
// before the wasm is called) and the ones the wasm hands over, all an `Error` with
// `name: 'WxOpenDataError'`, a stable `code` and, where an input is at fault, `field`.

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

// What the wasm throws for a core error (src/wasm/mod.rs, `From<Error> for JsValue`): this mark,
// then `code`, `field` and the message separated by U+0001, or, for WeChat API errors, the error as
// JSON. The Error itself is created here, in JavaScript: its stack trace is the caller's, and V8
// builds it in a third of the time `new Error` takes when called from inside wasm.
const MARK = '\u0000WxOpenDataError:';

/** The thrown `Error` for what a wasm call threw (anything that is not a core error is returned as is). */
/**
 * `wx-open-data/web` sets `pending` until its `init()` or `initSync()` has loaded the module: a call
 * before that fails inside the glue with a TypeError, reported as ERR_NOT_INITIALIZED instead.
 */
export const webLoad = { pending: false };

export function fromWasm(thrown) {
  if (typeof thrown !== 'string' || !thrown.startsWith(MARK)) {
    if (webLoad.pending && thrown instanceof TypeError) {
      return wxError('ERR_NOT_INITIALIZED', 'wx-open-data/web: call await init() (or initSync) once before any other function');
    }
    return thrown;
  }
  if (thrown.charCodeAt(MARK.length) === 0x7b) {
    const d = JSON.parse(thrown.slice(MARK.length));
    const err = wxError(d.code, d.message, d.field);
    err.platform = d.platform;
    err.errcode = d.errcode;
    if (d.error !== undefined) err.error = d.error;
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
