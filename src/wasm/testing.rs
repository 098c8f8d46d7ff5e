//! JS glue for `wx-open-data/testing`: `encryptOpenData({ sessionKey, iv?, data })`,
//! `buildPushRequest({ token, encodingAESKey, appId, message, format?, ... })` and
//! `buildPushVerifyRequest({ token, echostr?, ... })`.

use js_sys::{Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use zeroize::Zeroizing;

use super::push_args::{
    aes_keys, borrow_all, fill_random, reply_app_id, reply_message, timestamp_and_nonce, SealParams,
};
use super::{get, invalid, opt_string, req_string, require_object, set, string_value};
use crate::encoding::encode_base64;
use crate::error::Error;
use crate::push::{self, Format};
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

/// `application/x-www-form-urlencoded` serialisation of `pairs` (what `URLSearchParams` writes):
/// ASCII alphanumerics and `*-._` as is, space as `+`, every other byte `%XX`.
fn form_encode(pairs: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (name, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        for (j, part) in [name, value].into_iter().enumerate() {
            if j > 0 {
                out.push('=');
            }
            for b in part.bytes() {
                match b {
                    b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                        out.push(char::from(b));
                    }
                    b' ' => out.push('+'),
                    _ => out.push_str(&format!("%{b:02X}")),
                }
            }
        }
    }
    out
}

/// `url` with the query appended (`?`, or `&` when it already has a query); without `url`, the
/// search part alone (`?a=b`).
fn url_with_query(input: &JsValue, pairs: &[(&str, &str)]) -> Result<String, Error> {
    let base = opt_string(input, "url")?;
    let base = base.as_deref().map(String::as_str).unwrap_or("");
    let sep = if base.contains('?') { '&' } else { '?' };
    Ok(format!("{base}{sep}{}", form_encode(pairs)))
}

/// An object with string properties, in order.
fn string_object(pairs: &[(&'static str, &str)]) -> JsValue {
    let obj: JsValue = Object::new().into();
    for (name, value) in pairs {
        set(&obj, name, &JsValue::from_str(value));
    }
    obj
}

/// `buildPushRequest({ token, encodingAESKey, appId, message, format?, toUserName?, timestamp?,
/// nonce?, random?, contentType?, url? })` -> `{ method, url, query, headers, body, contentType,
/// format, encrypt }` (test-only): the safe-mode push WeChat would send.
#[wasm_bindgen(js_name = buildPushRequest, skip_typescript)]
pub fn build_push_request(input: JsValue) -> Result<JsValue, Error> {
    require_object(&input, "input")?;
    let token = req_string(&input, "token")?;
    let keys = aes_keys(&input)?;
    let app_id = reply_app_id(&input)?;
    let format = match opt_string(&input, "format")? {
        None => Format::Json,
        Some(f) => Format::from_name(&f)
            .ok_or_else(|| invalid("format", "format must be 'json' (the default) or 'xml'"))?,
    };
    let message = get(&input, "message")?;
    let is_text = message.is_string();
    let message = reply_message(&message)?;
    let to_user_name = match opt_string(&input, "toUserName")? {
        Some(to) => Some(to),
        None if !is_text => testing::to_user_name(&message).map(Zeroizing::new),
        None => None,
    };
    // An object is rendered in the push's format; a string is encrypted as given.
    let text = match format {
        Format::Xml if !is_text => Zeroizing::new(testing::message_xml(&message)?),
        _ => message,
    };
    let content_type = opt_string(&input, "contentType")?;
    let seal = SealParams::read(&input)?;
    let keys_ref = borrow_all(&keys);
    let built = testing::build_push_request(&testing::PushRequestSpec {
        token: &token,
        encoding_aes_key: push::current_key(&keys_ref)?,
        app_id: &app_id,
        message: &text,
        format,
        to_user_name: to_user_name.as_deref().map(String::as_str),
        timestamp: seal.timestamp,
        nonce: &seal.nonce,
        random: &seal.random,
    })?;
    let content_type = content_type
        .as_deref()
        .map(String::as_str)
        .unwrap_or(built.content_type());
    let query = built.query();
    let out: JsValue = Object::new().into();
    set(&out, "method", &JsValue::from_str("POST"));
    set(
        &out,
        "url",
        &JsValue::from_str(&url_with_query(&input, &query)?),
    );
    set(&out, "query", &string_object(&query));
    set(
        &out,
        "headers",
        &string_object(&[("content-type", content_type)]),
    );
    set(&out, "body", &JsValue::from_str(&built.body));
    set(&out, "contentType", &JsValue::from_str(content_type));
    set(&out, "format", &JsValue::from_str(built.format.as_str()));
    set(&out, "encrypt", &JsValue::from_str(&built.encrypt));
    Ok(out)
}

/// `buildPushVerifyRequest({ token, echostr?, timestamp?, nonce?, url? })` -> `{ method, url,
/// query, echostr }` (test-only): the URL check WeChat sends when the push URL is saved.
#[wasm_bindgen(js_name = buildPushVerifyRequest, skip_typescript)]
pub fn build_push_verify_request(input: JsValue) -> Result<JsValue, Error> {
    require_object(&input, "input")?;
    let token = req_string(&input, "token")?;
    let (timestamp, nonce) = timestamp_and_nonce(&input)?;
    let echostr = match opt_string(&input, "echostr")? {
        Some(e) => e.to_string(),
        None => push::random_digits(fill_random)?,
    };
    let query = testing::build_push_verify_query(&token, timestamp, &nonce, &echostr)?;
    let pairs = query.each_ref().map(|(k, v)| (*k, v.as_str()));
    let out: JsValue = Object::new().into();
    set(&out, "method", &JsValue::from_str("GET"));
    set(
        &out,
        "url",
        &JsValue::from_str(&url_with_query(&input, &pairs)?),
    );
    set(&out, "query", &string_object(&pairs));
    set(&out, "echostr", &JsValue::from_str(&echostr));
    Ok(out)
}
