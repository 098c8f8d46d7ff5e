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
use crate::platforms;
use crate::wx_api::{self, ApiRequest, Code2SessionParams, Method, Platform, PostRequest};

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

/// The platform of its number at this boundary (the order of [`Platform::ALL`]; the entry maps
/// the names).
fn platform(n: u32) -> Platform {
    Platform::ALL
        .get(n as usize)
        .copied()
        .unwrap_or(Platform::WeChat)
}

/// The `jscode2session` URL.
#[wasm_bindgen(js_name = rawCode2SessionUrl, skip_typescript)]
pub fn code2session_url(
    app_id: &str,
    secret: String,
    code: &str,
    base_url: Option<String>,
) -> Result<String, Error> {
    let secret = Zeroizing::new(secret);
    wx_api::code2session_url_at(base_url.as_deref(), app_id, &secret, code)
}

/// `{ url, method, headers?, body? }` of a platform's code-to-session request.
#[wasm_bindgen(js_name = rawCode2SessionRequest, skip_typescript)]
#[allow(clippy::too_many_arguments)]
pub fn code2session_request(
    platform_number: u32,
    app_id: Option<String>,
    secret: Option<String>,
    code: Option<String>,
    anonymous_code: Option<String>,
    access_token: Option<String>,
    base_url: Option<String>,
) -> Result<JsValue, Error> {
    let secret = secret.map(Zeroizing::new);
    let access_token = access_token.map(Zeroizing::new);
    let r = wx_api::code2session_request(&Code2SessionParams {
        platform: platform(platform_number),
        app_id: app_id.as_deref(),
        secret: secret.as_deref().map(String::as_str),
        code: code.as_deref(),
        anonymous_code: anonymous_code.as_deref(),
        access_token: access_token.as_deref().map(String::as_str),
        base_url: base_url.as_deref(),
    })?;
    Ok(api_request_object(&r))
}

fn api_request_object(r: &ApiRequest) -> JsValue {
    let out: JsValue = Object::new().into();
    set(&out, "url", &JsValue::from_str(&r.url));
    let method = match r.method {
        Method::Get => "GET",
        Method::Post => "POST",
    };
    set(&out, "method", &JsValue::from_str(method));
    if let Some(t) = r.content_type {
        let headers: JsValue = Object::new().into();
        set(&headers, "content-type", &JsValue::from_str(t));
        set(&out, "headers", &headers);
    }
    if let Some(b) = &r.body {
        set(&out, "body", &JsValue::from_str(b));
    }
    out
}

/// `{ openId, sessionKey, unionId?, anonymousOpenId?, corpId?, userId? }` of a code-to-session
/// response.
#[wasm_bindgen(js_name = rawParseCode2SessionResponse, skip_typescript)]
pub fn parse_code2session_response(body: String, platform_number: u32) -> Result<JsValue, Error> {
    let text = Zeroizing::new(body);
    let r = wx_api::parse_code2session_response_for(platform(platform_number), &text)?;
    let out: JsValue = Object::new().into();
    set(&out, "openId", &JsValue::from_str(&r.open_id));
    set(&out, "sessionKey", &JsValue::from_str(&r.session_key));
    let optional = [
        ("unionId", &r.union_id),
        ("anonymousOpenId", &r.anonymous_open_id),
        ("corpId", &r.corp_id),
        ("userId", &r.user_id),
    ];
    for (key, value) in optional {
        if let Some(v) = value {
            set(&out, key, &JsValue::from_str(v));
        }
    }
    Ok(out)
}

/// Baidu open data (`data` of the framed plaintext, as `JSON.parse` gives it).
#[wasm_bindgen(js_name = rawDecryptBaiduOpenData, skip_typescript)]
pub fn decrypt_baidu_open_data(
    app_key: &str,
    session_key: String,
    encrypted_data: &str,
    iv: &str,
) -> Result<JsValue, Error> {
    let session_key = Zeroizing::new(session_key);
    let data = platforms::decrypt_baidu_open_data(&platforms::BaiduOpenDataInput {
        app_key,
        session_key: &session_key,
        encrypted_data,
        iv,
    })?;
    parse_json(data.text()).ok_or_else(Error::decrypt_failed)
}

/// The decrypted `response` of Alipay's `my.getPhoneNumber` (signature checked by the entry).
#[wasm_bindgen(js_name = rawDecryptAlipayResponse, skip_typescript)]
pub fn decrypt_alipay_response(aes_key: String, response: &str) -> Result<JsValue, Error> {
    let aes_key = Zeroizing::new(aes_key);
    let data = platforms::decrypt_alipay_response(&aes_key, response)?;
    parse_json(data.text()).ok_or_else(Error::decrypt_failed)
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
pub fn access_token_url(
    app_id: &str,
    secret: String,
    base_url: Option<String>,
) -> Result<String, Error> {
    let secret = Zeroizing::new(secret);
    wx_api::access_token_url_at(base_url.as_deref(), app_id, &secret)
}

/// The `/cgi-bin/stable_token` request.
#[wasm_bindgen(js_name = rawStableTokenRequest, skip_typescript)]
pub fn stable_token_request(
    app_id: &str,
    secret: String,
    force_refresh: bool,
    base_url: Option<String>,
) -> Result<JsValue, Error> {
    let secret = Zeroizing::new(secret);
    Ok(request_object(&wx_api::stable_token_request_at(
        base_url.as_deref(),
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
pub fn phone_number_request(
    access_token: String,
    code: &str,
    base_url: Option<String>,
) -> Result<JsValue, Error> {
    let token = Zeroizing::new(access_token);
    Ok(request_object(&wx_api::phone_number_request_at(
        base_url.as_deref(),
        &token,
        code,
    )?))
}

/// The signed `/wxa/checksession` URL.
#[wasm_bindgen(js_name = rawCheckSessionUrl, skip_typescript)]
pub fn check_session_url(
    access_token: String,
    open_id: &str,
    session_key: String,
    base_url: Option<String>,
) -> Result<String, Error> {
    let token = Zeroizing::new(access_token);
    let key = Zeroizing::new(session_key);
    wx_api::check_session_url_at(base_url.as_deref(), &token, open_id, &key)
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
    base_url: Option<String>,
) -> Result<JsValue, Error> {
    let token = Zeroizing::new(access_token);
    Ok(request_object(&wx_api::check_encrypted_msg_request_at(
        base_url.as_deref(),
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
