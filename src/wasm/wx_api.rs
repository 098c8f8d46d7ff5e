//! JS glue for the WeChat server API helpers (src/wx_api.rs): URL/request builders and response
//! parsers. Bodies are accepted as the response text or as an already-parsed object.

use js_sys::Object;
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use super::{
    app_ids, invalid, js_type, opt_bool, parse_json, read_options, req_string, require_object, set,
    string_value,
};
use crate::error::Error;
use crate::wx_api::{self, PostRequest};

/// The response body as text: a string as is, an object through `JSON.stringify`.
fn body_text(body: &JsValue) -> Result<Zeroizing<String>, Error> {
    if body.is_string() {
        return string_value(body, "body");
    }
    if body.is_object() {
        let s = js_sys::JSON::stringify(body).map_err(|_| {
            invalid(
                "body",
                "body could not be serialised with JSON.stringify (a BigInt or a cycle?)",
            )
        })?;
        return string_value(&s.into(), "body");
    }
    Err(invalid(
        "body",
        format!(
            "body must be the response text or the parsed JSON object, got {}",
            js_type(body)
        ),
    ))
}

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

fn input_object(input: &JsValue) -> Result<(), Error> {
    require_object(input, "input")
}

/// `code2SessionUrl({ appId, secret, code })` -> the `jscode2session` URL.
#[wasm_bindgen(js_name = code2SessionUrl, skip_typescript)]
pub fn code2session_url(input: JsValue) -> Result<String, Error> {
    input_object(&input)?;
    let app_id = req_string(&input, "appId")?;
    let secret = req_string(&input, "secret")?;
    let code = req_string(&input, "code")?;
    wx_api::code2session_url(&app_id, &secret, &code)
}

/// `parseCode2SessionResponse(body)` -> `{ openId, sessionKey, unionId? }`.
#[wasm_bindgen(js_name = parseCode2SessionResponse, skip_typescript)]
pub fn parse_code2session_response(body: JsValue) -> Result<JsValue, Error> {
    let text = body_text(&body)?;
    let r = wx_api::parse_code2session_response(&text)?;
    let out: JsValue = Object::new().into();
    set(&out, "openId", &JsValue::from_str(&r.open_id));
    set(&out, "sessionKey", &JsValue::from_str(&r.session_key));
    if let Some(u) = &r.union_id {
        set(&out, "unionId", &JsValue::from_str(u));
    }
    Ok(out)
}

/// `parsePhoneNumberResponse(body, { appId, maxAgeSeconds?, now? })` -> `phone_info`.
#[wasm_bindgen(js_name = parsePhoneNumberResponse, skip_typescript)]
pub fn parse_phone_number_response(body: JsValue, options: JsValue) -> Result<JsValue, Error> {
    if options.is_undefined() || options.is_null() {
        return Err(invalid(
            "appId",
            "parsePhoneNumberResponse(body, { appId }): appId is required to check phone_info.watermark",
        ));
    }
    require_object(&options, "options")?;
    let ids = app_ids(&options)?;
    let opts = read_options(&options)?;
    let text = body_text(&body)?;
    let ids: Vec<&str> = ids.iter().map(|s| s.as_str()).collect();
    let info = wx_api::parse_phone_number_response(&text, &ids, &opts)?;
    parse_json(info)
        .ok_or_else(|| Error::new(crate::ErrorCode::InvalidResponse, "phone_info is not JSON"))
}

/// `accessTokenUrl({ appId, secret })` -> the `/cgi-bin/token` URL.
#[wasm_bindgen(js_name = accessTokenUrl, skip_typescript)]
pub fn access_token_url(input: JsValue) -> Result<String, Error> {
    input_object(&input)?;
    let app_id = req_string(&input, "appId")?;
    let secret = req_string(&input, "secret")?;
    wx_api::access_token_url(&app_id, &secret)
}

/// `stableTokenRequest({ appId, secret, forceRefresh? })` -> `{ url, method, headers, body }`.
#[wasm_bindgen(js_name = stableTokenRequest, skip_typescript)]
pub fn stable_token_request(input: JsValue) -> Result<JsValue, Error> {
    input_object(&input)?;
    let app_id = req_string(&input, "appId")?;
    let secret = req_string(&input, "secret")?;
    let force = opt_bool(&input, "forceRefresh")?.unwrap_or(false);
    Ok(request_object(&wx_api::stable_token_request(
        &app_id, &secret, force,
    )?))
}

/// `parseAccessTokenResponse(body)` -> `{ accessToken, expiresIn }`.
#[wasm_bindgen(js_name = parseAccessTokenResponse, skip_typescript)]
pub fn parse_access_token_response(body: JsValue) -> Result<JsValue, Error> {
    let text = body_text(&body)?;
    let t = wx_api::parse_access_token_response(&text)?;
    let out: JsValue = Object::new().into();
    set(&out, "accessToken", &JsValue::from_str(&t.access_token));
    set(&out, "expiresIn", &JsValue::from_f64(t.expires_in));
    Ok(out)
}

/// `phoneNumberRequest({ accessToken, code })` -> `{ url, method, headers, body }`.
#[wasm_bindgen(js_name = phoneNumberRequest, skip_typescript)]
pub fn phone_number_request(input: JsValue) -> Result<JsValue, Error> {
    input_object(&input)?;
    let token = req_string(&input, "accessToken")?;
    let code = req_string(&input, "code")?;
    Ok(request_object(&wx_api::phone_number_request(
        &token, &code,
    )?))
}

/// `checkSessionUrl({ accessToken, openId, sessionKey })` -> the signed `/wxa/checksession` URL.
#[wasm_bindgen(js_name = checkSessionUrl, skip_typescript)]
pub fn check_session_url(input: JsValue) -> Result<String, Error> {
    input_object(&input)?;
    let token = req_string(&input, "accessToken")?;
    let open_id = req_string(&input, "openId")?;
    let key = req_string(&input, "sessionKey")?;
    wx_api::check_session_url(&token, &open_id, &key)
}

/// `encryptedMsgHash(encryptedData)` (or `({ encryptedData })`) -> lowercase hex SHA-256.
#[wasm_bindgen(js_name = encryptedMsgHash, skip_typescript)]
pub fn encrypted_msg_hash(input: JsValue) -> Result<String, Error> {
    let data = if input.is_object() {
        req_string(&input, "encryptedData")?
    } else if input.is_undefined() || input.is_null() {
        return Err(invalid("encryptedData", "encryptedData is required"));
    } else {
        string_value(&input, "encryptedData")?
    };
    if data.is_empty() {
        return Err(invalid("encryptedData", "encryptedData must not be empty"));
    }
    Ok(wx_api::encrypted_msg_hash(&data))
}

/// `checkEncryptedMsgRequest({ accessToken, encryptedData })` -> `{ url, method, headers, body }`.
#[wasm_bindgen(js_name = checkEncryptedMsgRequest, skip_typescript)]
pub fn check_encrypted_msg_request(input: JsValue) -> Result<JsValue, Error> {
    input_object(&input)?;
    let token = req_string(&input, "accessToken")?;
    let data = req_string(&input, "encryptedData")?;
    Ok(request_object(&wx_api::check_encrypted_msg_request(
        &token, &data,
    )?))
}

/// `parseWxApiResponse(body)` -> the parsed object, after the `errcode` check (any endpoint).
#[wasm_bindgen(js_name = parseWxApiResponse, skip_typescript)]
pub fn parse_wx_api_response(body: JsValue) -> Result<JsValue, Error> {
    let text = body_text(&body)?;
    wx_api::parse_response(&text)?;
    js_sys::JSON::parse(&text).map_err(|_| {
        Error::with_field(
            crate::ErrorCode::InvalidResponse,
            "body",
            "the WeChat response body is not JSON",
        )
    })
}
