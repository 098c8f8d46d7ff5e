//! JS boundary of message push (消息推送, safe mode): `verifyPushSignature`, `decryptPushMessage`,
//! `encryptPushReply`, `renderPushReplyXml`, `openPushRequest`. The rules live in `crate::push`.

use js_sys::{ArrayBuffer, JsString, Object, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use zeroize::Zeroizing;

use super::{
    app_ids, array_get, array_length, get, invalid, is_array, js_error, js_type, opt_string,
    parse_json, req_string, require_object, set, string_value,
};
use crate::error::Error;
use crate::push::{self, Format, PushOutcome, PushQuery, PushReplyInput, PushRequest};

#[wasm_bindgen]
extern "C" {
    /// Web Crypto's CSPRNG (`globalThis.crypto`), present on Node >= 19, Workers, Deno, Bun, browsers.
    #[wasm_bindgen(js_namespace = crypto, js_name = getRandomValues, catch)]
    fn get_random_values(buf: &Uint8Array) -> Result<JsValue, JsValue>;

    /// The platform's query-string parser (WHATWG URL standard), for `query` given as a string.
    type UrlSearchParams;
    #[wasm_bindgen(constructor, js_class = "URLSearchParams", catch)]
    fn new(init: &str) -> Result<UrlSearchParams, JsValue>;
    #[wasm_bindgen(method, js_class = "URLSearchParams")]
    fn get(this: &UrlSearchParams, name: &str) -> Option<String>;
}

/// Fill `buf` from `crypto.getRandomValues`.
fn fill_random(buf: &mut [u8]) -> Result<(), Error> {
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

/// A timestamp given as a string of digits or a non-negative integer number.
fn timestamp_value(v: &JsValue, field: &'static str) -> Result<u64, Error> {
    if let Some(n) = v.as_f64() {
        // 2^53: the largest integer a JS number holds exactly.
        if n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n <= 9_007_199_254_740_992.0 {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            return Ok(n as u64);
        }
        return Err(invalid(
            field,
            format!("{field} must be a non-negative integer (unix seconds)"),
        ));
    }
    if v.is_string() {
        let s = string_value(v, field)?;
        if !s.is_empty() && s.len() <= 16 && s.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(n) = s.parse::<u64>() {
                return Ok(n);
            }
        }
        return Err(invalid(
            field,
            format!("{field} must be unix seconds: digits only"),
        ));
    }
    Err(invalid(
        field,
        format!(
            "{field} must be a string of digits or a number, got {}",
            js_type(v)
        ),
    ))
}

/// A required field that is a string, or a number that stands for its decimal text (timestamp,
/// nonce). Numbers keep the text WeChat signed only when they are integers.
fn text_or_integer(obj: &JsValue, field: &'static str) -> Result<Zeroizing<String>, Error> {
    let v = get(obj, field)?;
    if v.is_undefined() || v.is_null() {
        return Err(invalid(field, format!("{field} is required")));
    }
    if v.as_f64().is_some() {
        return Ok(Zeroizing::new(timestamp_value(&v, field)?.to_string()));
    }
    string_value(&v, field)
}

/// `encodingAESKey`: one key or a list (current first, then previous).
fn aes_keys(obj: &JsValue) -> Result<Vec<Zeroizing<String>>, Error> {
    const FIELD: &str = "encodingAESKey";
    let v = get(obj, FIELD)?;
    if v.is_undefined() || v.is_null() {
        return Err(invalid(
            FIELD,
            "encodingAESKey is required: the 43-character EncodingAESKey of the WeChat console (or [current, previous])",
        ));
    }
    if is_array(&v, FIELD)? {
        let n = array_length(&v, FIELD)?;
        if n == 0 || n as usize > push::MAX_KEYS {
            return Err(invalid(
                FIELD,
                format!(
                    "encodingAESKey must list 1 to {} keys (current first, then previous)",
                    push::MAX_KEYS
                ),
            ));
        }
        (0..n)
            .map(|i| string_value(&array_get(&v, i, FIELD)?, FIELD))
            .collect()
    } else {
        Ok(vec![string_value(&v, FIELD)?])
    }
}

fn borrow_all(v: &[Zeroizing<String>]) -> Vec<&str> {
    v.iter().map(|s| s.as_str()).collect()
}

/// `verifyPushSignature({ token, timestamp, nonce, signature })` -> boolean.
#[wasm_bindgen(js_name = verifyPushSignature, skip_typescript)]
pub fn verify_push_signature(input: JsValue) -> Result<bool, JsValue> {
    let run = || -> Result<bool, Error> {
        require_object(&input, "input")?;
        let token = req_string(&input, "token")?;
        let timestamp = text_or_integer(&input, "timestamp")?;
        let nonce = text_or_integer(&input, "nonce")?;
        let sig = get(&input, "signature")?;
        if sig.is_undefined() || sig.is_null() {
            return Err(invalid("signature", "signature is required"));
        }
        // A signature of the wrong type or size is malformed: simply not a match.
        let Some(sig) = sig.dyn_ref::<JsString>().filter(|s| s.length() <= 128) else {
            return Ok(false);
        };
        let sig: String = sig.into();
        Ok(push::verify_push_signature(
            &token, &timestamp, &nonce, &sig,
        ))
    };
    run().map_err(|e| js_error(&e))
}

/// `decryptPushMessage({ token, encodingAESKey, appId, timestamp, nonce, msgSignature, encrypt })`
/// -> the message text.
#[wasm_bindgen(js_name = decryptPushMessage, skip_typescript)]
pub fn decrypt_push_message(input: JsValue) -> Result<String, JsValue> {
    let run = || -> Result<String, Error> {
        require_object(&input, "input")?;
        let token = req_string(&input, "token")?;
        let keys = aes_keys(&input)?;
        let ids = app_ids(&input)?;
        let timestamp = text_or_integer(&input, "timestamp")?;
        let nonce = text_or_integer(&input, "nonce")?;
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
    };
    run().map_err(|e| js_error(&e))
}

fn reply_object(reply: &push::PushReply) -> JsValue {
    let obj: JsValue = Object::new().into();
    set(&obj, "Encrypt", &JsValue::from_str(&reply.encrypt));
    set(
        &obj,
        "MsgSignature",
        &JsValue::from_str(&reply.msg_signature),
    );
    // Timestamps were checked to be <= 2^53, so the conversion is exact.
    #[allow(clippy::cast_precision_loss)]
    set(
        &obj,
        "TimeStamp",
        &JsValue::from_f64(reply.timestamp as f64),
    );
    set(&obj, "Nonce", &JsValue::from_str(&reply.nonce));
    obj
}

/// `encryptPushReply({ token, encodingAESKey, appId, message, timestamp?, nonce?, random? })`
/// -> `{ Encrypt, MsgSignature, TimeStamp, Nonce }`.
#[wasm_bindgen(js_name = encryptPushReply, skip_typescript)]
pub fn encrypt_push_reply(input: JsValue) -> Result<JsValue, JsValue> {
    let run = || -> Result<JsValue, Error> {
        require_object(&input, "input")?;
        let token = req_string(&input, "token")?;
        let keys = aes_keys(&input)?;
        let app_id_value = get(&input, "appId")?;
        if is_array(&app_id_value, "appId")? {
            return Err(invalid(
                "appId",
                "appId of a reply must be one appid (the one the push was for: openPushRequest returns it as appId)",
            ));
        }
        let app_id = req_string(&input, "appId")?;
        let message_value = get(&input, "message")?;
        let message: Zeroizing<String> = if message_value.is_string() {
            string_value(&message_value, "message")?
        } else if message_value.is_object() && !message_value.is_function() {
            let text = js_sys::JSON::stringify(&message_value)
                .map_err(|_| invalid("message", "message could not be JSON.stringify'd"))?;
            string_value(&text.into(), "message")?
        } else {
            return Err(invalid(
                "message",
                format!(
                    "message must be the reply text (JSON or XML) or an object to JSON.stringify, got {}",
                    js_type(&message_value)
                ),
            ));
        };
        let ts_value = get(&input, "timestamp")?;
        let timestamp = if ts_value.is_undefined() || ts_value.is_null() {
            let now = (js_sys::Date::now() / 1000.0).floor();
            timestamp_value(&JsValue::from_f64(now), "timestamp")?
        } else {
            timestamp_value(&ts_value, "timestamp")?
        };
        let nonce_value = get(&input, "nonce")?;
        let nonce: Zeroizing<String> = if nonce_value.is_undefined() || nonce_value.is_null() {
            // Ten random digits, like WeChat's own nonces.
            let mut digits = String::with_capacity(10);
            // Each byte is kept with probability 250/256: 64 rounds of 16 cannot all fail in practice.
            for _ in 0..64 {
                if digits.len() >= 10 {
                    break;
                }
                let mut pool = [0u8; 16];
                fill_random(&mut pool)?;
                for b in pool {
                    if b < 250 && digits.len() < 10 {
                        digits.push(char::from(b'0' + b % 10));
                    }
                }
            }
            if digits.len() < 10 {
                return Err(invalid(
                    "nonce",
                    "the random number generator returned degenerate output",
                ));
            }
            Zeroizing::new(digits)
        } else {
            text_or_integer(&input, "nonce")?
        };
        let random: Zeroizing<[u8; 16]> = match opt_string(&input, "random")? {
            Some(r) => {
                let bytes: [u8; 16] = r.as_bytes().try_into().map_err(|_| {
                    invalid(
                        "random",
                        "random must be exactly 16 bytes of text (for tests; omit it in production)",
                    )
                })?;
                Zeroizing::new(bytes)
            }
            None => push::random_alphanumeric(fill_random)?,
        };
        let key = keys
            .first()
            .ok_or_else(|| invalid("encodingAESKey", "encodingAESKey is required"))?;
        let reply = push::encrypt_push_reply(&PushReplyInput {
            token: &token,
            encoding_aes_key: key,
            app_id: &app_id,
            message: &message,
            timestamp,
            nonce: &nonce,
            random: &random,
        })?;
        Ok(reply_object(&reply))
    };
    run().map_err(|e| js_error(&e))
}

/// `renderPushReplyXml({ Encrypt, MsgSignature, TimeStamp, Nonce })` -> the XML reply.
#[wasm_bindgen(js_name = renderPushReplyXml, skip_typescript)]
pub fn render_push_reply_xml(reply: JsValue) -> Result<String, JsValue> {
    let run = || -> Result<String, Error> {
        require_object(&reply, "reply")?;
        let encrypt = req_string(&reply, "Encrypt")?;
        let signature = req_string(&reply, "MsgSignature")?;
        let ts = get(&reply, "TimeStamp")?;
        if ts.is_undefined() || ts.is_null() {
            return Err(invalid("TimeStamp", "TimeStamp is required"));
        }
        let timestamp = timestamp_value(&ts, "TimeStamp")?;
        let nonce = text_or_integer(&reply, "Nonce")?;
        Ok(push::render_reply_xml(
            &encrypt,
            &signature,
            &timestamp.to_string(),
            &nonce,
        ))
    };
    run().map_err(|e| js_error(&e))
}

/// The query parameters a push handler needs, from an object, a `URLSearchParams` (or anything
/// with a `get(name)` method) or a string (`req.url`, `'?a=b'` or `'a=b'`).
struct OwnedQuery {
    signature: Option<Zeroizing<String>>,
    timestamp: Option<Zeroizing<String>>,
    nonce: Option<Zeroizing<String>>,
    echostr: Option<Zeroizing<String>>,
    msg_signature: Option<Zeroizing<String>>,
}

const QUERY_NAMES: [&str; 5] = [
    "signature",
    "timestamp",
    "nonce",
    "echostr",
    "msg_signature",
];

impl OwnedQuery {
    fn read(query: &JsValue) -> Result<Self, Error> {
        let mut values: [Option<Zeroizing<String>>; 5] = Default::default();
        if query.is_undefined() || query.is_null() {
            return Err(invalid(
                "query",
                "query is required: the request's query parameters (an object, URLSearchParams, or the URL string)",
            ));
        }
        if query.is_string() {
            let s = string_value(query, "query")?;
            let search = match s.find('?') {
                Some(i) => s.get(i + 1..).unwrap_or(""),
                None => s.as_str(),
            };
            let search = search.split('#').next().unwrap_or("");
            let params = UrlSearchParams::new(search)
                .map_err(|_| invalid("query", "query could not be parsed as a query string"))?;
            for (slot, name) in values.iter_mut().zip(QUERY_NAMES) {
                *slot = params.get(name).map(Zeroizing::new);
            }
        } else if query.is_object() {
            let getter = get(query, "get")?;
            let getter = getter.dyn_ref::<js_sys::Function>();
            for (slot, name) in values.iter_mut().zip(QUERY_NAMES) {
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
        let [signature, timestamp, nonce, echostr, msg_signature] = values;
        Ok(OwnedQuery {
            signature,
            timestamp,
            nonce,
            echostr,
            msg_signature,
        })
    }

    fn borrow(&self) -> PushQuery<'_> {
        PushQuery {
            signature: self.signature.as_deref().map(String::as_str),
            timestamp: self.timestamp.as_deref().map(String::as_str),
            nonce: self.nonce.as_deref().map(String::as_str),
            echostr: self.echostr.as_deref().map(String::as_str),
            msg_signature: self.msg_signature.as_deref().map(String::as_str),
        }
    }
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
    crate::encoding::check_size("body", len)?;
    let mut buf = Zeroizing::new(vec![0u8; len]);
    bytes.copy_to(&mut buf);
    let text =
        String::from_utf8(buf.to_vec()).map_err(|_| invalid("body", "body is not UTF-8 text"))?;
    Ok(Some(Zeroizing::new(text)))
}

/// `openPushRequest({ token, encodingAESKey, appId, query, body, format? })`: a URL check or an
/// encrypted push, verified and decrypted.
#[wasm_bindgen(js_name = openPushRequest, skip_typescript)]
pub fn open_push_request(input: JsValue) -> Result<JsValue, JsValue> {
    let run = || -> Result<JsValue, Error> {
        require_object(&input, "input")?;
        let token = req_string(&input, "token")?;
        let keys = aes_keys(&input)?;
        let ids = app_ids(&input)?;
        let query = OwnedQuery::read(&get(&input, "query")?)?;
        let body = body_text(&get(&input, "body")?)?;
        let format = match opt_string(&input, "format")? {
            None => None,
            Some(f) if f.eq_ignore_ascii_case("auto") => None,
            Some(f) => Some(Format::from_name(&f).ok_or_else(|| {
                invalid(
                    "format",
                    "format must be 'json', 'xml' or 'auto' (the default)",
                )
            })?),
        };
        let keys_ref = borrow_all(&keys);
        let ids_ref = borrow_all(&ids);
        let outcome = push::open_push_request(&PushRequest {
            token: &token,
            encoding_aes_keys: &keys_ref,
            app_ids: &ids_ref,
            query: query.borrow(),
            body: body.as_deref().map(String::as_str),
            format,
        })?;
        let obj: JsValue = Object::new().into();
        match outcome {
            PushOutcome::Verify { echostr } => {
                set(&obj, "kind", &JsValue::from_str("verify"));
                set(&obj, "echostr", &JsValue::from_str(&echostr));
            }
            PushOutcome::Message {
                format,
                message,
                json,
            } => {
                let parsed =
                    parse_json(&json).ok_or_else(|| push::decrypt_failed().in_field("body"))?;
                set(&obj, "kind", &JsValue::from_str("message"));
                set(&obj, "format", &JsValue::from_str(format.as_str()));
                let app_id = ids_ref.get(message.app_id_index()).copied().unwrap_or("");
                set(&obj, "appId", &JsValue::from_str(app_id));
                // Key indexes are tiny (<= MAX_KEYS).
                #[allow(clippy::cast_precision_loss)]
                set(
                    &obj,
                    "keyIndex",
                    &JsValue::from_f64(message.key_index() as f64),
                );
                set(&obj, "text", &JsValue::from_str(message.text()));
                set(&obj, "message", &parsed);
            }
        }
        Ok(obj)
    };
    run().map_err(|e| js_error(&e))
}
