//! JS glue for `wx-open-data/testing`: `encryptOpenData({ sessionKey, iv?, data })`.

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use zeroize::Zeroizing;

use super::{get, invalid, opt_string, req_string, require_object, set, string_value};
use crate::encoding::encode_base64;
use crate::error::Error;
use crate::testing;

/// 16 random bytes from Web Crypto's `crypto.getRandomValues` (Node 19+, Workers, Deno, Bun,
/// browsers all provide `globalThis.crypto`).
fn random_iv() -> Result<[u8; 16], Error> {
    let unavailable = || {
        invalid(
            "iv",
            "no iv was given and globalThis.crypto.getRandomValues is not available in this runtime \
             (Node 18 without --experimental-global-webcrypto): pass an iv",
        )
    };
    let global = js_sys::global();
    let crypto = Reflect::get(&global, &JsValue::from_str("crypto")).map_err(|_| unavailable())?;
    if !crypto.is_object() {
        return Err(unavailable());
    }
    let grv =
        Reflect::get(&crypto, &JsValue::from_str("getRandomValues")).map_err(|_| unavailable())?;
    let Some(grv) = grv.dyn_ref::<js_sys::Function>() else {
        return Err(unavailable());
    };
    let arr = Uint8Array::new_with_length(16);
    grv.call1(&crypto, &arr).map_err(|_| unavailable())?;
    let mut iv = [0u8; 16];
    arr.copy_to(&mut iv);
    Ok(iv)
}

/// `encryptOpenData({ sessionKey, iv?, data })` -> `{ encryptedData, iv }` (test-only).
#[wasm_bindgen(js_name = encryptOpenData, skip_typescript)]
pub fn encrypt_open_data(input: JsValue) -> Result<JsValue, Error> {
    require_object(&input, "input")?;
    let session_key = req_string(&input, "sessionKey")?;
    let iv = match opt_string(&input, "iv")? {
        Some(text) => testing::decode_iv(&text)?,
        None => random_iv()?,
    };
    let data = get(&input, "data")?;
    let text: Zeroizing<String> = if data.is_string() {
        string_value(&data, "data")?
    } else if data.is_object() {
        let s = js_sys::JSON::stringify(&data)
            .map_err(|_| invalid("data", "data could not be serialised with JSON.stringify"))?;
        string_value(&s.into(), "data")?
    } else {
        return Err(invalid(
            "data",
            format!(
                "data must be an object (serialised with JSON.stringify) or a JSON string, got {}",
                super::js_type(&data)
            ),
        ));
    };
    let encrypted = testing::encrypt_open_data(&session_key, &iv, text.as_bytes())?;
    let out: JsValue = Object::new().into();
    set(&out, "encryptedData", &JsValue::from_str(&encrypted));
    set(&out, "iv", &JsValue::from_str(&encode_base64(&iv)));
    Ok(out)
}
