//! JS boundary of message push (消息推送, safe mode): `verifyPushSignature`, `decryptPushMessage`,
//! `encryptPushReply`, `renderPushReplyXml`, `openPushRequest`.
//!
//! This file only reads JS values (strings, numbers, arrays, bytes, query objects) and builds JS
//! results; every rule (what a valid timestamp is, how many keys, reply defaults, result shapes)
//! lives in `crate::push`. Errors are returned as [`Error`] and become the thrown JS `Error`
//! through `From<Error> for JsValue`.

use js_sys::{ArrayBuffer, JsString, Object, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use zeroize::Zeroizing;

use super::push_args::{
    aes_keys, borrow_all, reply_app_id, reply_message, req_text_or_number, timestamp_scalar,
    SealParams,
};
use super::{
    app_ids, get, invalid, js_type, opt_string, parse_json, req_string, require_object, set,
    string_value,
};
use crate::error::Error;
use crate::push::{self, FieldValue, Format, PushQuery, PushReplyInput, PushRequest};

#[wasm_bindgen]
extern "C" {
    /// The platform's query-string parser (WHATWG URL standard), for `query` given as a string.
    type UrlSearchParams;
    #[wasm_bindgen(constructor, js_class = "URLSearchParams", catch)]
    fn new(init: &str) -> Result<UrlSearchParams, JsValue>;
    #[wasm_bindgen(method, js_class = "URLSearchParams")]
    fn get(this: &UrlSearchParams, name: &str) -> Option<String>;
}

/// A JS object with the core's result fields, in order. A JSON field is `JSON.parse`d (its text
/// was validated by the core, so this cannot fail in practice).
fn fields_object(fields: &[(&'static str, FieldValue<'_>)]) -> Result<JsValue, Error> {
    let obj: JsValue = Object::new().into();
    for &(name, value) in fields {
        let v = match value {
            FieldValue::Text(s) => JsValue::from_str(s),
            // Timestamps are at most 2^53 and key indexes tiny: f64 holds them exactly.
            #[allow(clippy::cast_precision_loss)]
            FieldValue::Number(n) => JsValue::from_f64(n as f64),
            FieldValue::Json(text) => {
                parse_json(text).ok_or_else(|| push::decrypt_failed().in_field("body"))?
            }
        };
        set(&obj, name, &v);
    }
    Ok(obj)
}

/// `verifyPushSignature({ token, timestamp, nonce, signature })` -> boolean.
#[wasm_bindgen(js_name = verifyPushSignature, skip_typescript)]
pub fn verify_push_signature(input: JsValue) -> Result<bool, Error> {
    require_object(&input, "input")?;
    let token = req_string(&input, "token")?;
    let timestamp = req_text_or_number(&input, "timestamp")?;
    let timestamp = timestamp.core().signed_text("timestamp")?;
    let nonce = req_text_or_number(&input, "nonce")?;
    let nonce = nonce.core().signed_text("nonce")?;
    let sig = get(&input, "signature")?;
    if sig.is_undefined() || sig.is_null() {
        return Err(invalid("signature", "signature is required"));
    }
    // A signature of the wrong type or size is malformed: simply not a match (not copied).
    let Some(sig) = sig.dyn_ref::<JsString>().filter(|s| s.length() <= 128) else {
        return Ok(false);
    };
    let sig: String = sig.into();
    Ok(push::verify_push_signature(
        &token, &timestamp, &nonce, &sig,
    ))
}

/// `decryptPushMessage({ token, encodingAESKey, appId, timestamp, nonce, msgSignature, encrypt })`
/// -> the message text.
#[wasm_bindgen(js_name = decryptPushMessage, skip_typescript)]
pub fn decrypt_push_message(input: JsValue) -> Result<String, Error> {
    require_object(&input, "input")?;
    let token = req_string(&input, "token")?;
    let keys = aes_keys(&input)?;
    let ids = app_ids(&input)?;
    let timestamp = req_text_or_number(&input, "timestamp")?;
    let timestamp = timestamp.core().signed_text("timestamp")?;
    let nonce = req_text_or_number(&input, "nonce")?;
    let nonce = nonce.core().signed_text("nonce")?;
    let msg_signature = req_string(&input, "msgSignature")?;
    let encrypt = req_string(&input, "encrypt")?;
    let keys_ref = borrow_all(&keys);
    let ids_ref = borrow_all(&ids);
    let msg = push::decrypt_push_message(&push::PushDecryptInput {
        token: &token,
        encoding_aes_keys: &keys_ref,
        app_ids: &ids_ref,
        timestamp: &timestamp,
        nonce: &nonce,
        msg_signature: &msg_signature,
        encrypt: &encrypt,
    })?;
    Ok(msg.text().to_owned())
}

/// `encryptPushReply({ token, encodingAESKey, appId, message, timestamp?, nonce?, random? })`
/// -> `{ Encrypt, MsgSignature, TimeStamp, Nonce }`.
#[wasm_bindgen(js_name = encryptPushReply, skip_typescript)]
pub fn encrypt_push_reply(input: JsValue) -> Result<JsValue, Error> {
    require_object(&input, "input")?;
    let token = req_string(&input, "token")?;
    let keys = aes_keys(&input)?;
    let app_id = reply_app_id(&input)?;
    let message = reply_message(&get(&input, "message")?)?;
    let seal = SealParams::read(&input)?;
    let keys_ref = borrow_all(&keys);
    let reply = push::encrypt_push_reply(&PushReplyInput {
        token: &token,
        encoding_aes_key: push::current_key(&keys_ref)?,
        app_id: &app_id,
        message: &message,
        timestamp: seal.timestamp,
        nonce: &seal.nonce,
        random: &seal.random,
    })?;
    fields_object(&reply.fields())
}

/// `renderPushReplyXml({ Encrypt, MsgSignature, TimeStamp, Nonce })` -> the XML reply.
#[wasm_bindgen(js_name = renderPushReplyXml, skip_typescript)]
pub fn render_push_reply_xml(reply: JsValue) -> Result<String, Error> {
    require_object(&reply, "reply")?;
    let encrypt = req_string(&reply, "Encrypt")?;
    let signature = req_string(&reply, "MsgSignature")?;
    let ts = get(&reply, "TimeStamp")?;
    if ts.is_undefined() || ts.is_null() {
        return Err(invalid("TimeStamp", "TimeStamp is required"));
    }
    let timestamp = timestamp_scalar(&ts, "TimeStamp")?
        .core()
        .timestamp("TimeStamp")?;
    let nonce = req_text_or_number(&reply, "Nonce")?;
    let nonce = nonce.core().signed_text("Nonce")?;
    Ok(push::render_reply_xml(
        &encrypt,
        &signature,
        &timestamp.to_string(),
        &nonce,
    ))
}

/// The query parameters of [`PushQuery::NAMES`], read from an object, a `URLSearchParams` (or
/// anything with a `get(name)` method) or a string (`req.url`, `'?a=b'` or `'a=b'`).
fn read_query(query: &JsValue) -> Result<[Option<Zeroizing<String>>; 5], Error> {
    let mut values: [Option<Zeroizing<String>>; 5] = Default::default();
    if query.is_undefined() || query.is_null() {
        return Err(invalid(
            "query",
            "query is required: the request's query parameters (an object, URLSearchParams, or the URL string)",
        ));
    }
    if query.is_string() {
        let s = string_value(query, "query")?;
        let params = UrlSearchParams::new(push::query_string(&s))
            .map_err(|_| invalid("query", "query could not be parsed as a query string"))?;
        for (slot, name) in values.iter_mut().zip(PushQuery::NAMES) {
            *slot = params.get(name).map(Zeroizing::new);
        }
    } else if query.is_object() {
        let getter = get(query, "get")?;
        let getter = getter.dyn_ref::<js_sys::Function>();
        for (slot, name) in values.iter_mut().zip(PushQuery::NAMES) {
            let v = match getter {
                Some(f) => f
                    .call1(query, &JsValue::from_str(name))
                    .map_err(|_| invalid("query", "query.get threw"))?,
                None => get(query, name)?,
            };
            if v.is_undefined() || v.is_null() {
                continue;
            }
            if !v.is_string() {
                return Err(invalid(
                    "query",
                    format!(
                        "query.{name} must be a string, got {} (a repeated parameter?)",
                        js_type(&v)
                    ),
                ));
            }
            *slot = Some(string_value(&v, "query")?);
        }
    } else {
        return Err(invalid(
            "query",
            format!(
                "query must be an object, URLSearchParams or a URL string, got {}",
                js_type(query)
            ),
        ));
    }
    Ok(values)
}

/// The raw body: a string, a `Uint8Array` (Node `Buffer`), an `ArrayBuffer`, or absent.
fn body_text(body: &JsValue) -> Result<Option<Zeroizing<String>>, Error> {
    if body.is_undefined() || body.is_null() {
        return Ok(None);
    }
    if body.is_string() {
        return string_value(body, "body").map(Some);
    }
    let bytes: Option<Uint8Array> = if let Some(u8s) = body.dyn_ref::<Uint8Array>() {
        Some(u8s.clone())
    } else {
        body.dyn_ref::<ArrayBuffer>()
            .map(|b| Uint8Array::new(b.as_ref()))
    };
    let Some(bytes) = bytes else {
        return Err(invalid(
            "body",
            format!(
                "body must be the raw request body (a string, Uint8Array/Buffer or ArrayBuffer), got {}{}",
                js_type(body),
                if body.is_object() {
                    ": pass the body as received (e.g. express.text() or express.raw()), not parsed JSON"
                } else {
                    ""
                }
            ),
        ));
    };
    let len = bytes.length() as usize;
    // Checked before copying anything into wasm memory.
    crate::encoding::check_size("body", len)?;
    let mut buf = Zeroizing::new(vec![0u8; len]);
    bytes.copy_to(&mut buf);
    push::body_from_bytes(buf).map(Some)
}

/// `openPushRequest({ token, encodingAESKey, appId, query, body, format? })`: a URL check or an
/// encrypted push, verified and decrypted.
#[wasm_bindgen(js_name = openPushRequest, skip_typescript)]
pub fn open_push_request(input: JsValue) -> Result<JsValue, Error> {
    require_object(&input, "input")?;
    let token = req_string(&input, "token")?;
    let keys = aes_keys(&input)?;
    let ids = app_ids(&input)?;
    let query = read_query(&get(&input, "query")?)?;
    let body = body_text(&get(&input, "body")?)?;
    let format = match opt_string(&input, "format")? {
        Some(f) => Format::from_setting(&f)?,
        None => None,
    };
    let keys_ref = borrow_all(&keys);
    let ids_ref = borrow_all(&ids);
    let outcome = push::open_push_request(&PushRequest {
        token: &token,
        encoding_aes_keys: &keys_ref,
        app_ids: &ids_ref,
        query: PushQuery::from_values(query.each_ref().map(|v| v.as_deref().map(String::as_str))),
        body: body.as_deref().map(String::as_str),
        format,
    })?;
    fields_object(&outcome.fields(&ids_ref))
}
