//! The argument readers `wx-open-data/push` and `wx-open-data/testing` share (the push reply and
//! the test request builder take the same token, key, timestamp, nonce and message fields), and
//! the Web Crypto random source their defaults draw from.

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use super::{array_get, array_length, get, invalid, is_array, js_type, opt_string, string_value};
use crate::error::Error;
use crate::push::{self, TextOrNumber};

#[wasm_bindgen]
extern "C" {
    /// Web Crypto's CSPRNG (`globalThis.crypto`), present on Node >= 19, Workers, Deno, Bun, browsers.
    #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues, catch)]
    fn get_random_values(buf: &Uint8Array) -> Result<JsValue, JsValue>;

}

/// Fill `buf` from `crypto.getRandomValues`.
pub(crate) fn fill_random(buf: &mut [u8]) -> Result<(), Error> {
    let len = u32::try_from(buf.len()).unwrap_or(0);
    let arr = Uint8Array::new_with_length(len);
    get_random_values(&arr).map_err(|_| {
        invalid(
            "random",
            "globalThis.crypto.getRandomValues is not available on this runtime (Node 18 needs \
             --experimental-global-webcrypto; Node >= 19, Workers, Deno, Bun and browsers have it)",
        )
    })?;
    arr.copy_to(buf);
    Ok(())
}

/// A JS value that is a string (copied, size-checked) or a number.
pub(crate) enum Scalar {
    Text(Zeroizing<String>),
    Number(f64),
}

impl Scalar {
    /// The core's view of the value.
    pub(crate) fn core(&self) -> TextOrNumber<'_> {
        match self {
            Scalar::Text(s) => TextOrNumber::Text(s),
            Scalar::Number(n) => TextOrNumber::Number(*n),
        }
    }
}

/// A timestamp value as read: a number or a string; any other type is an error naming it.
pub(crate) fn timestamp_scalar(v: &JsValue, field: &'static str) -> Result<Scalar, Error> {
    if let Some(n) = v.as_f64() {
        return Ok(Scalar::Number(n));
    }
    if v.is_string() {
        return string_value(v, field).map(Scalar::Text);
    }
    Err(invalid(
        field,
        format!(
            "{field} must be a string of digits or a number, got {}",
            js_type(v)
        ),
    ))
}

/// A string or number value that is present (timestamp, nonce); other types must be strings.
pub(crate) fn text_or_number(v: &JsValue, field: &'static str) -> Result<Scalar, Error> {
    match v.as_f64() {
        Some(n) => Ok(Scalar::Number(n)),
        None => string_value(v, field).map(Scalar::Text),
    }
}

/// A required field that is a string or a number (timestamp, nonce).
pub(crate) fn req_text_or_number(obj: &JsValue, field: &'static str) -> Result<Scalar, Error> {
    let v = get(obj, field)?;
    if v.is_undefined() || v.is_null() {
        return Err(invalid(field, format!("{field} is required")));
    }
    text_or_number(&v, field)
}

/// `encodingAESKey`: one key or a list (the list length is checked before any key is read).
pub(crate) fn aes_keys(obj: &JsValue) -> Result<Vec<Zeroizing<String>>, Error> {
    const FIELD: &str = "encodingAESKey";
    let v = get(obj, FIELD)?;
    if v.is_undefined() || v.is_null() {
        return Err(push::keys_required());
    }
    if is_array(&v, FIELD)? {
        let n = array_length(&v, FIELD)?;
        push::check_key_list_len(usize::try_from(n).unwrap_or(usize::MAX))?;
        (0..n)
            .map(|i| string_value(&array_get(&v, i, FIELD)?, FIELD))
            .collect()
    } else {
        Ok(vec![string_value(&v, FIELD)?])
    }
}

pub(crate) fn borrow_all(v: &[Zeroizing<String>]) -> Vec<&str> {
    v.iter().map(|s| s.as_str()).collect()
}

/// `message` of a reply: text, or an object to `JSON.stringify`.
pub(crate) fn reply_message(v: &JsValue) -> Result<Zeroizing<String>, Error> {
    if v.is_string() {
        string_value(v, "message")
    } else if v.is_object() && !v.is_function() {
        let text = js_sys::JSON::stringify(v)
            .map_err(|_| invalid("message", "message could not be JSON.stringify'd"))?;
        string_value(&text.into(), "message")
    } else {
        Err(invalid(
            "message",
            format!(
                "message must be the reply text (JSON or XML) or an object to JSON.stringify, got {}",
                js_type(v)
            ),
        ))
    }
}

/// `appId` of something encrypted for one app (a reply, a test push): one non-empty string; a list
/// is refused (the reply goes to the one app the push was for).
pub(crate) fn reply_app_id(input: &JsValue) -> Result<Zeroizing<String>, Error> {
    let app_id = get(input, "appId")?;
    if is_array(&app_id, "appId")? {
        return Err(push::reply_app_id_list_error());
    }
    if app_id.is_undefined() || app_id.is_null() {
        return Err(invalid("appId", "appId is required"));
    }
    string_value(&app_id, "appId")
}

/// The optional `timestamp`, `nonce` and `random` of an encryption, with the core's defaults (now,
/// ten random digits, sixteen random alphanumerics).
pub(crate) struct SealParams {
    pub(crate) timestamp: u64,
    pub(crate) nonce: String,
    pub(crate) random: Zeroizing<[u8; 16]>,
}

impl SealParams {
    pub(crate) fn read(input: &JsValue) -> Result<SealParams, Error> {
        let (timestamp, nonce) = timestamp_and_nonce(input)?;
        let random = opt_string(input, "random")?;
        let random = push::reply_random(random.as_deref().map(String::as_str), fill_random)?;
        Ok(SealParams {
            timestamp,
            nonce,
            random,
        })
    }
}

/// The optional `timestamp` (default now) and `nonce` (default ten random digits) of a signature.
pub(crate) fn timestamp_and_nonce(input: &JsValue) -> Result<(u64, String), Error> {
    let timestamp = get(input, "timestamp")?;
    let timestamp = if timestamp.is_undefined() || timestamp.is_null() {
        None
    } else {
        Some(timestamp_scalar(&timestamp, "timestamp")?)
    };
    let timestamp = push::reply_timestamp(timestamp.as_ref().map(Scalar::core), || {
        js_sys::Date::now() / 1000.0
    })?;
    let nonce = get(input, "nonce")?;
    let nonce = if nonce.is_undefined() || nonce.is_null() {
        None
    } else {
        Some(text_or_number(&nonce, "nonce")?)
    };
    let nonce = push::reply_nonce(nonce.as_ref().map(Scalar::core), fill_random)?.into_owned();
    Ok((timestamp, nonce))
}
