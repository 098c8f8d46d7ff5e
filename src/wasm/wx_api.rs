//! The WeChat server API helpers (src/wx_api.rs): URL and request builders, response parsers. The
//! JavaScript entry (`pkg/api.mjs`) reads and checks the caller's arguments (a response body given
//! as an object arrives here as its `JSON.stringify` text) and passes strings straight in.

use js_sys::Object;
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use super::args::{app_id_list, options};
use super::{parse_json, set};
use crate::error::Error;
use crate::payload::PayloadKind;
use crate::wx_api::{self, PostRequest};

fn request_object(r: &PostRequest) -> JsValue {
    let out: JsValue = Object::new().into();
    set(&out, "url", &JsValue::from_str(&r.url));
    set(&out, "method", &JsValue::from_str("POST"));
    let headers: JsValue = Object::new().into();
    set(
        &headers,
        "content-type",
        &JsValue::from_str("application/json"),
    );
    set(&out, "headers", &headers);
    set(&out, "body", &JsValue::from_str(&r.body));
    out
}

/// The `jscode2session` URL.
#[wasm_bindgen(js_name = rawCode2SessionUrl, skip_typescript)]
pub fn code2session_url(app_id: &str, secret: String, code: &str) -> Result<String, Error> {
    let secret = Zeroizing::new(secret);
    wx_api::code2session_url(app_id, &secret, code)
}

/// `{ openId, sessionKey, unionId? }` of a `jscode2session` response.
#[wasm_bindgen(js_name = rawParseCode2SessionResponse, skip_typescript)]
pub fn parse_code2session_response(body: String) -> Result<JsValue, Error> {
    let text = Zeroizing::new(body);
    let r = wx_api::parse_code2session_response(&text)?;
    let out: JsValue = Object::new().into();
    set(&out, "openId", &JsValue::from_str(&r.open_id));
    set(&out, "sessionKey", &JsValue::from_str(&r.session_key));
    if let Some(u) = &r.union_id {
        set(&out, "unionId", &JsValue::from_str(u));
    }
    Ok(out)
}

/// `phone_info` of a `getuserphonenumber` response, after its watermark check (options as packed
/// by the entry for the open-data decoders).
#[wasm_bindgen(js_name = rawParsePhoneNumberResponse, skip_typescript)]
#[allow(clippy::too_many_arguments)]
pub fn parse_phone_number_response(
    body: String,
    app_ids: String,
    app_id_lens: Option<Vec<i32>>,
    open_id: Option<String>,
    flags: u32,
    max_age: f64,
    now: f64,
) -> Result<JsValue, Error> {
    let text = Zeroizing::new(body);
    let ids = app_id_list(&app_ids, app_id_lens.as_deref())?;
    let opts = options(PayloadKind::PhoneNumber, open_id, flags, max_age, now);
    let info = wx_api::parse_phone_number_response(&text, &ids, &opts)?;
    parse_json(info)
        .ok_or_else(|| Error::new(crate::ErrorCode::InvalidResponse, "phone_info is not JSON"))
}

/// The `/cgi-bin/token` URL.
#[wasm_bindgen(js_name = rawAccessTokenUrl, skip_typescript)]
pub fn access_token_url(app_id: &str, secret: String) -> Result<String, Error> {
    let secret = Zeroizing::new(secret);
    wx_api::access_token_url(app_id, &secret)
}

/// The `/cgi-bin/stable_token` request.
#[wasm_bindgen(js_name = rawStableTokenRequest, skip_typescript)]
pub fn stable_token_request(
    app_id: &str,
    secret: String,
    force_refresh: bool,
) -> Result<JsValue, Error> {
    let secret = Zeroizing::new(secret);
    Ok(request_object(&wx_api::stable_token_request(
        app_id,
        &secret,
        force_refresh,
    )?))
}

/// `{ accessToken, expiresIn }` of a token response.
#[wasm_bindgen(js_name = rawParseAccessTokenResponse, skip_typescript)]
pub fn parse_access_token_response(body: String) -> Result<JsValue, Error> {
    let text = Zeroizing::new(body);
    let t = wx_api::parse_access_token_response(&text)?;
    let out: JsValue = Object::new().into();
    set(&out, "accessToken", &JsValue::from_str(&t.access_token));
    set(&out, "expiresIn", &JsValue::from_f64(t.expires_in));
    Ok(out)
}

/// The `getuserphonenumber` request.
#[wasm_bindgen(js_name = rawPhoneNumberRequest, skip_typescript)]
pub fn phone_number_request(access_token: String, code: &str) -> Result<JsValue, Error> {
    let token = Zeroizing::new(access_token);
    Ok(request_object(&wx_api::phone_number_request(&token, code)?))
}

/// The signed `/wxa/checksession` URL.
#[wasm_bindgen(js_name = rawCheckSessionUrl, skip_typescript)]
pub fn check_session_url(
    access_token: String,
    open_id: &str,
    session_key: String,
) -> Result<String, Error> {
    let token = Zeroizing::new(access_token);
    let key = Zeroizing::new(session_key);
    wx_api::check_session_url(&token, open_id, &key)
}

/// Lowercase hex SHA-256 of the encryptedData text.
#[wasm_bindgen(js_name = rawEncryptedMsgHash, skip_typescript)]
pub fn encrypted_msg_hash(encrypted_data: &str) -> String {
    wx_api::encrypted_msg_hash(encrypted_data)
}

/// The `checkencryptedmsg` request.
#[wasm_bindgen(js_name = rawCheckEncryptedMsgRequest, skip_typescript)]
pub fn check_encrypted_msg_request(
    access_token: String,
    encrypted_data: &str,
) -> Result<JsValue, Error> {
    let token = Zeroizing::new(access_token);
    Ok(request_object(&wx_api::check_encrypted_msg_request(
        &token,
        encrypted_data,
    )?))
}

/// Any WeChat response after the `errcode` check, as `JSON.parse` gives it.
#[wasm_bindgen(js_name = rawParseWxApiResponse, skip_typescript)]
pub fn parse_wx_api_response(body: String) -> Result<JsValue, Error> {
    let text = Zeroizing::new(body);
    wx_api::parse_response(&text)?;
    parse_json(&text).ok_or_else(|| {
        Error::with_field(
            crate::ErrorCode::InvalidResponse,
            "body",
            "the WeChat response body is not JSON",
        )
    })
}
