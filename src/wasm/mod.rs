//! The one boundary to JavaScript (compiled for `wasm32` only).
//!
//! Each `.wasm` the package ships is this crate built with one feature: `login` (the main
//! `wx-open-data` module), `push`, `diagnose`, `testing` or `api-security`; the modules below are compiled for the features that
//! need them. The hot login-flow functions ([`login`]) take strings and numbers that the JavaScript
//! entry has already read and type-checked; the colder ones read named fields from the caller's
//! object here (checking types and sizes *before* copying strings into wasm memory). Every core
//! [`Error`] becomes a thrown JS `Error` through `impl From<Error> for JsValue`: `name =
//! 'WxOpenDataError'`, `code`, `field` (and, for WeChat API errors, `errcode`, `errmsg`,
//! `retryable`, `hint`). Decrypted payloads are handed to `JSON.parse`, so the result is exactly
//! what a user's own `JSON.parse` of the plaintext gives (`__proto__` keys stay own properties).

// Each feature compiles a subset of these helpers.
#![cfg_attr(
    not(all(
        feature = "login",
        feature = "push",
        feature = "testing",
        feature = "diagnose",
        feature = "api-security"
    )),
    allow(dead_code, unused_imports)
)]

use js_sys::{JsString, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use zeroize::Zeroizing;

use crate::error::{Error, ErrorCode};
use crate::open_data;

#[cfg(feature = "api-security")]
mod api_security;
#[cfg(any(feature = "login", feature = "diagnose"))]
mod args;
#[cfg(feature = "diagnose")]
mod diagnose;
#[cfg(feature = "login")]
pub mod login;
#[cfg(feature = "push")]
mod push;
#[cfg(any(feature = "push", feature = "testing"))]
mod push_args;
#[cfg(feature = "login")]
pub mod session;
#[cfg(feature = "testing")]
mod testing;
#[cfg(feature = "login")]
mod wx_api;

/// Most appids accepted in one `appId` list.
const MAX_APP_IDS: u32 = 1000;

impl From<Error> for JsValue {
    /// What the wasm hands over for a core error: a string that the JavaScript entry
    /// (`pkg/errors.mjs`, `fromWasm`) turns into the `Error` with `name: 'WxOpenDataError'`. Created
    /// there, the Error's stack trace is the caller's, and V8 builds it in a third of the time a
    /// `new Error` called from inside wasm takes.
    ///
    /// The string: [`ERROR_MARK`], then `code`, `field` (empty when none) and
    /// the message separated by U+0001 (the message last: it is the only free text); for WeChat API
    /// errors the mark is followed by `{` and the whole error as JSON instead.
    fn from(e: Error) -> JsValue {
        let mut out = String::with_capacity(e.message().len() + 64);
        out.push_str(ERROR_MARK);
        // Only the login module's API parsers and the API security module (WeChat's security
        // layer refusing a request) produce platform API errors: the other modules leave this
        // branch (and the error's JSON writer) out.
        #[cfg(any(feature = "login", feature = "api-security"))]
        let details = e.wx_api_details();
        #[cfg(not(any(feature = "login", feature = "api-security")))]
        let details: Option<&crate::WxApiDetails> = None;
        if let Some(wx) = details {
            out.push_str("{\"code\":\"");
            out.push_str(e.code().as_str());
            out.push_str("\",\"message\":");
            crate::json::write_string(&mut out, e.message());
            out.push_str(",\"errcode\":");
            out.push_str(&wx.errcode.to_string());
            if let Some(text) = &wx.errcode_text {
                out.push_str(",\"error\":");
                crate::json::write_string(&mut out, text);
            }
            out.push_str(",\"platform\":\"");
            out.push_str(wx.platform.id());
            out.push('"');
            out.push_str(",\"errmsg\":");
            crate::json::write_string(&mut out, &wx.errmsg);
            out.push_str(if wx.retryable {
                ",\"retryable\":true"
            } else {
                ",\"retryable\":false"
            });
            out.push_str(",\"hint\":");
            crate::json::write_string(&mut out, wx.hint);
            if let Some(field) = e.field() {
                out.push_str(",\"field\":");
                crate::json::write_string(&mut out, field);
            }
            out.push('}');
        } else {
            out.push_str(e.code().as_str());
            out.push('\u{1}');
            out.push_str(e.field().unwrap_or(""));
            out.push('\u{1}');
            out.push_str(e.message());
        }
        JsValue::from_str(&out)
    }
}

/// The prefix that marks a thrown value as a core error (see `From<Error> for JsValue`).
pub(crate) const ERROR_MARK: &str = "\u{0}WxOpenDataError:";

#[wasm_bindgen]
extern "C" {
    /// The global `Number(text)`: `JSON.parse`'s value of a JSON number literal.
    #[wasm_bindgen(js_name = Number)]
    fn number_of(text: &str) -> f64;
    /// The global `String(n)`.
    #[wasm_bindgen(js_name = String)]
    fn string_of(n: f64) -> String;
}

/// The runtime's value of a JSON number literal that the core's exact fast path does not cover.
pub(crate) fn js_number(text: &str) -> f64 {
    number_of(text)
}

/// The runtime's text of a number that is not a small integer.
pub(crate) fn js_string(n: f64) -> String {
    string_of(n)
}

/// Set a property, ignoring the (impossible for a fresh Error) failure.
pub(crate) fn set(obj: &JsValue, key: &'static str, value: &JsValue) {
    let _ = Reflect::set(obj, &key_value(key), value);
}

pub(crate) fn invalid(field: &'static str, message: impl Into<String>) -> Error {
    Error::with_field(ErrorCode::InvalidArgument, field, message)
}

#[wasm_bindgen]
extern "C" {
    /// `Array.isArray`, declared with `catch`: it throws a TypeError for a revoked Proxy, and a JS
    /// exception that unwinds through wasm frames skips their epilogues (the shadow-stack pointer
    /// is never restored): a few hundred thousand such calls were seen to poison the instance.
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn is_array_catching(value: &JsValue) -> Result<bool, JsValue>;
}

/// `Array.isArray(value)`; a revoked Proxy is `ERR_INVALID_ARGUMENT`. Use this, never
/// `Array::is_array`, on caller-provided values. Read arrays with [`array_length`] and
/// [`array_get`] (both through `Reflect`, which catches throwing Proxy traps).
pub(crate) fn is_array(value: &JsValue, field: &'static str) -> Result<bool, Error> {
    is_array_catching(value).map_err(|_| invalid(field, format!("{field} is a revoked Proxy")))
}

/// The `length` of a caller-provided array (a throwing Proxy trap is `ERR_INVALID_ARGUMENT`).
pub(crate) fn array_length(arr: &JsValue, field: &'static str) -> Result<u32, Error> {
    let len =
        get(arr, "length").map_err(|_| invalid(field, format!("reading {field}.length threw")))?;
    match len.as_f64() {
        // Array lengths are integers in 0..2^32.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Some(n) if (0.0..=f64::from(u32::MAX)).contains(&n) => Ok(n as u32),
        _ => Err(invalid(
            field,
            format!("{field}.length is not an array length"),
        )),
    }
}

/// Element `i` of a caller-provided array (a throwing Proxy trap is `ERR_INVALID_ARGUMENT`).
pub(crate) fn array_get(arr: &JsValue, i: u32, field: &'static str) -> Result<JsValue, Error> {
    Reflect::get_u32(arr, i).map_err(|_| invalid(field, format!("reading {field}[{i}] threw")))
}

/// Check that `value` is a plain object (not null, not a primitive, not an array).
pub(crate) fn require_object(value: &JsValue, field: &'static str) -> Result<(), Error> {
    if value.is_object() && !is_array(value, field)? {
        Ok(())
    } else {
        Err(invalid(
            field,
            format!(
                "{field} must be an object with named fields, got {}",
                js_type(value)
            ),
        ))
    }
}

/// Read `obj[key]`; a throwing getter or proxy becomes `ERR_INVALID_ARGUMENT`.
pub(crate) fn get(obj: &JsValue, key: &'static str) -> Result<JsValue, Error> {
    Reflect::get(obj, &key_value(key)).map_err(|_| invalid(key, format!("reading {key} threw")))
}

thread_local! {
    /// Property names already converted to JS strings: each `JsValue::from_str` is a boundary
    /// crossing plus a `TextDecoder` call, measured as a visible share of a small decrypt call.
    static KEYS: core::cell::RefCell<Vec<(&'static str, JsValue)>> =
        const { core::cell::RefCell::new(Vec::new()) };
}

/// The JS string for a field name, created once per name (a small fixed set). No borrow is held
/// while JS runs (a getter may call back into the library), and `try_borrow` never panics.
fn key_value(key: &'static str) -> JsValue {
    let cached = KEYS.with(|keys| {
        let keys = keys.try_borrow().ok()?;
        keys.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone())
    });
    if let Some(v) = cached {
        return v;
    }
    let v = JsValue::from_str(key);
    KEYS.with(|keys| {
        if let Ok(mut keys) = keys.try_borrow_mut() {
            keys.push((key, v.clone()));
        }
    });
    v
}

/// A short description of a JS value's type for error messages (never its content).
pub(crate) fn js_type(v: &JsValue) -> &'static str {
    if v.is_undefined() {
        "undefined"
    } else if v.is_null() {
        "null"
    } else if v.is_string() {
        "a string"
    } else if v.as_f64().is_some() {
        "a number"
    } else if v.as_bool().is_some() {
        "a boolean"
    } else if is_array_catching(v).unwrap_or(false) {
        "an array"
    } else if v.is_function() {
        "a function"
    } else if v.is_bigint() {
        "a bigint"
    } else if v.is_symbol() {
        "a symbol"
    } else {
        "an object"
    }
}

/// Copy a JS string into Rust after checking its length (UTF-16 units) against the limit.
pub(crate) fn string_value(v: &JsValue, field: &'static str) -> Result<Zeroizing<String>, Error> {
    let Some(js) = v.dyn_ref::<JsString>() else {
        return Err(invalid(
            field,
            format!("{field} must be a string, got {}", js_type(v)),
        ));
    };
    let len = js.length() as usize;
    crate::encoding::check_size(field, len)?;
    Ok(copy_string(js, len))
}

#[wasm_bindgen]
extern "C" {
    /// The runtime's `TextEncoder` (every supported runtime has one; the glue uses it too).
    type Utf8Encoder;
    #[wasm_bindgen(constructor, js_class = "TextEncoder")]
    fn new() -> Utf8Encoder;
    /// `encoder.encodeInto(s, view)`: writes UTF-8 straight into wasm memory.
    #[wasm_bindgen(method, js_class = "TextEncoder", js_name = encodeInto)]
    fn encode_into(this: &Utf8Encoder, s: &JsString, dest: &mut [u8]) -> EncodeIntoResult;
    type EncodeIntoResult;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeIntoResult) -> u32;
}

thread_local! {
    static ENCODER: Utf8Encoder = Utf8Encoder::new();
}

/// Copy a JS string (at most `MAX_INPUT_LEN` UTF-16 units, checked by the caller) into Rust as
/// UTF-8 with one `TextEncoder.encodeInto` into a zeroizing buffer: measured faster than
/// wasm-bindgen's per-character copy loop for the base64 fields, which was a sixth of a 393-byte
/// decrypt call. Lone surrogates become U+FFFD, as with wasm-bindgen's own conversion.
fn copy_string(js: &JsString, len: usize) -> Zeroizing<String> {
    // A UTF-16 code unit is at most 3 bytes of UTF-8.
    let cap = len.saturating_mul(3);
    let mut buf = Zeroizing::new(vec![0u8; cap]);
    let written = ENCODER.with(|e| e.encode_into(js, &mut buf).written()) as usize;
    buf.truncate(written);
    match String::from_utf8(core::mem::take(&mut *buf)) {
        Ok(s) => Zeroizing::new(s),
        // encodeInto always writes valid UTF-8; keep wasm-bindgen's conversion as the fallback.
        Err(e) => {
            drop(Zeroizing::new(e.into_bytes()));
            Zeroizing::new(js.as_string().unwrap_or_default())
        }
    }
}

/// A required string field of `obj`.
pub(crate) fn req_string(obj: &JsValue, field: &'static str) -> Result<Zeroizing<String>, Error> {
    let v = get(obj, field)?;
    if v.is_undefined() || v.is_null() {
        return Err(invalid(field, format!("{field} is required")));
    }
    string_value(&v, field)
}

/// An optional string field (`undefined`/`null` mean absent).
pub(crate) fn opt_string(
    obj: &JsValue,
    field: &'static str,
) -> Result<Option<Zeroizing<String>>, Error> {
    let v = get(obj, field)?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    string_value(&v, field).map(Some)
}

/// `appId`: a non-empty string or a non-empty array of non-empty strings.
pub(crate) fn app_ids(obj: &JsValue) -> Result<Vec<Zeroizing<String>>, Error> {
    const FIELD: &str = "appId";
    let v = get(obj, FIELD)?;
    let mut out = Vec::new();
    if is_array(&v, FIELD)? {
        let n = array_length(&v, FIELD)?;
        if n == 0 || n > MAX_APP_IDS {
            return Err(invalid(
                FIELD,
                format!("appId must list between 1 and {MAX_APP_IDS} appids"),
            ));
        }
        for i in 0..n {
            out.push(string_value(&array_get(&v, i, FIELD)?, FIELD)?);
        }
    } else if v.is_undefined() || v.is_null() {
        return Err(invalid(FIELD, open_data::APP_ID_REQUIRED));
    } else {
        out.push(string_value(&v, FIELD)?);
    }
    if out.iter().any(|s| s.is_empty()) {
        return Err(invalid(FIELD, "appId must not be empty"));
    }
    Ok(out)
}

/// `JSON.parse` the validated plaintext (cannot fail: the core validated the grammar).
pub(crate) fn parse_json(text: &str) -> Option<JsValue> {
    js_sys::JSON::parse(text).ok()
}

/// The decrypted payload as a JS object (`JSON.parse` of its validated text).
pub(crate) fn open_data_object(data: &open_data::OpenData) -> Result<JsValue, Error> {
    parse_json(data.text()).ok_or_else(Error::decrypt_failed)
}
