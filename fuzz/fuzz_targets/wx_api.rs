//! WeChat API helpers (src/wx_api.rs): the response parsers with arbitrary text, the URL and body
//! builders with arbitrary strings. Never panic; a JSON string literal built by json_string reads
//! back (serde_json) as the same string; a built body is valid JSON; url_encode is RFC 3986.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wx_open_data::json;
use wx_open_data::open_data::Options;
use wx_open_data::wx_api;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((flags, f)) = common::fields(data) else {
        return;
    };
    let text = common::field(&f, 0);
    let a = common::field(&f, 1);
    let b = common::field(&f, 2);
    let c = common::field(&f, 3);
    let _ = wx_api::parse_response(text);
    let _ = wx_api::parse_code2session_response(text);
    let _ = wx_api::parse_access_token_response(text);
    let options = Options {
        now: Some(1_700_000_000.0),
        max_age_seconds: (flags & 1 == 1).then_some(600.0),
        ..Options::default()
    };
    if let Ok(info) = wx_api::parse_phone_number_response(text, &[common::APPID], &options) {
        assert!(json::object_members(info).is_some());
    }
    if let Err(e) = wx_api::parse_code2session_response(text) {
        common::check_error(&e, &[]);
    }
    let lit = wx_api::json_string(a);
    assert_eq!(serde_json::from_str::<String>(&lit).ok().as_deref(), Some(a), "json_string");
    let enc = wx_api::url_encode(a);
    assert!(enc.bytes().all(|x| x.is_ascii_alphanumeric() || b"-._~%".contains(&x)), "url_encode: {enc}");
    let _ = wx_api::code2session_url(a, b, c);
    let _ = wx_api::access_token_url(a, b);
    let _ = wx_api::check_session_url(a, b, c);
    for req in [
        wx_api::stable_token_request(a, b, flags & 2 == 2),
        wx_api::phone_number_request(a, b),
        wx_api::check_encrypted_msg_request(a, b),
    ]
    .into_iter()
    .flatten()
    {
        assert!(json::parse(&req.body).is_some(), "request body is not JSON: {}", req.body);
    }
    assert_eq!(wx_api::encrypted_msg_hash(a).len(), 64);
    let code = i64::from(flags) - 128;
    let _ = wx_api::hint(code);
    let _ = wx_api::is_retryable(code);
    let e = wx_api::wx_api_error(code, b);
    assert!(!e.message().is_empty());
    // The other platforms: every dialect reader on the same text; a request for each platform
    // (base URL from the input): Douyin's body is JSON.
    for &platform in wx_api::Platform::ALL {
        if let Err(e) = wx_api::parse_code2session_response_for(platform, text) {
            common::check_error(&e, &[]);
        }
        let params = wx_api::Code2SessionParams {
            platform,
            app_id: Some(a),
            secret: Some(b),
            code: Some(c),
            anonymous_code: (platform == wx_api::Platform::Douyin).then_some(b),
            access_token: (platform == wx_api::Platform::WeCom).then_some(a),
            base_url: (flags & 4 == 4).then_some(text),
        };
        if let Ok(req) = wx_api::code2session_request(&params) {
            if req.content_type == Some("application/json") {
                assert!(json::parse(req.body.as_deref().unwrap_or("")).is_some(), "Douyin body is not JSON");
            }
        }
    }
});
