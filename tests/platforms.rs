//! The other mini-program platforms (tests/vectors/platforms.json, generated with node:crypto by
//! scripts/gen-platform-vectors.mjs) against the pure-Rust core: code-to-session requests and
//! every response dialect, base URLs, open data of the platforms on WeChat's scheme, Baidu's
//! AES-192 framing, Alipay's decryption (its RSA signature is checked by the JavaScript entry
//! with WebCrypto: js-tests/suite-platforms.mjs), login-state and rawData signatures.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

mod common;

use serde_json::{json, Value};
use wx_open_data::open_data::{decrypt_open_data, OpenDataInput, Options};
use wx_open_data::payload::{decrypt_payload, PayloadKind};
use wx_open_data::platforms::{
    decrypt_alipay_response, decrypt_baidu_open_data, BaiduOpenDataInput,
    BAIDU_DECRYPT_FAILED_MESSAGE,
};
use wx_open_data::signature::{sign_with_session_key, verify_raw_data_signature};
use wx_open_data::wx_api::{self, Code2SessionParams, Method, Platform};
use wx_open_data::Error;

fn vectors() -> Value {
    common::load_vectors("platforms.json")
}

fn platform(v: &Value) -> Platform {
    match v.as_str() {
        None => Platform::WeChat,
        Some(id) => Platform::from_id(id).unwrap(),
    }
}

fn expect_error(name: &str, e: &Error, expect: &Value) {
    assert_eq!(
        e.code(),
        common::code_of(expect["code"].as_str().unwrap()),
        "{name}: {e}"
    );
    if let Some(f) = expect["field"].as_str() {
        assert_eq!(e.field(), Some(f), "{name}");
    }
}

fn request_json(r: &wx_api::ApiRequest) -> Value {
    let mut o =
        json!({ "url": r.url, "method": if r.method == Method::Get { "GET" } else { "POST" } });
    if let Some(t) = r.content_type {
        o["headers"] = json!({ "content-type": t });
    }
    if let Some(b) = &r.body {
        o["body"] = Value::String(b.clone());
    }
    o
}

#[test]
fn code2session_requests() {
    let v = vectors();
    let cases = v["requests"].as_array().unwrap();
    assert!(cases.len() >= 10);
    for t in cases {
        let name = t["name"].as_str().unwrap();
        let i = &t["input"];
        let s = |k: &str| i[k].as_str();
        let r = wx_api::code2session_request(&Code2SessionParams {
            platform: platform(&i["platform"]),
            app_id: s("appId"),
            secret: s("secret"),
            code: s("code"),
            anonymous_code: s("anonymousCode"),
            access_token: s("accessToken"),
            base_url: s("baseUrl"),
        });
        if t["expect"]["url"].is_string() {
            assert_eq!(request_json(&r.unwrap()), t["expect"], "{name}");
        } else {
            expect_error(name, &r.unwrap_err(), &t["expect"]);
        }
    }
}

#[test]
fn every_builder_takes_a_base_url() {
    let v = vectors();
    for t in v["builders"].as_array().unwrap() {
        let i = &t["input"];
        let s = |k: &str| i[k].as_str().unwrap();
        let base = i["baseUrl"].as_str();
        let e = &t["expect"];
        let name = t["fn"].as_str().unwrap();
        let result: Result<Value, Error> = match name {
            "code2SessionUrl" => {
                wx_api::code2session_url_at(base, s("appId"), s("secret"), s("code")).map(Value::from)
            }
            "accessTokenUrl" => {
                wx_api::access_token_url_at(base, s("appId"), s("secret")).map(Value::from)
            }
            "checkSessionUrl" => {
                wx_api::check_session_url_at(base, s("accessToken"), s("openId"), s("sessionKey"))
                    .map(Value::from)
            }
            f => match f {
                "stableTokenRequest" => {
                    wx_api::stable_token_request_at(base, s("appId"), s("secret"), false)
                }
                "phoneNumberRequest" => {
                    wx_api::phone_number_request_at(base, s("accessToken"), s("code"))
                }
                "checkEncryptedMsgRequest" => {
                    wx_api::check_encrypted_msg_request_at(base, s("accessToken"), s("encryptedData"))
                }
                other => panic!("unknown builder {other}"),
            }
            .map(|r| {
                json!({ "url": r.url, "method": "POST", "headers": { "content-type": "application/json" }, "body": r.body })
            }),
        };
        if e.get("code").is_some() {
            expect_error(name, &result.unwrap_err(), e);
        } else {
            assert_eq!(&result.unwrap(), e, "{name}");
        }
    }
}

#[test]
fn code2session_responses_in_every_dialect() {
    let v = vectors();
    let cases = v["responses"].as_array().unwrap();
    for id in ["wechat", "qq", "douyin", "kuaishou", "wecom", "baidu"] {
        assert!(cases.iter().any(|t| t["platform"] == id), "{id}");
    }
    for t in cases {
        let p = platform(&t["platform"]);
        let name = format!("{} {}", p.id(), t["name"].as_str().unwrap());
        let r = wx_api::parse_code2session_response_for(p, t["body"].as_str().unwrap());
        let expect = &t["expect"];
        if let Some(want) = expect.get("result") {
            let r = r.unwrap();
            let mut o = json!({ "openId": r.open_id, "sessionKey": r.session_key.as_str() });
            for (k, val) in [
                ("unionId", &r.union_id),
                ("anonymousOpenId", &r.anonymous_open_id),
                ("corpId", &r.corp_id),
                ("userId", &r.user_id),
            ] {
                if let Some(x) = val {
                    o[k] = Value::String(x.clone());
                }
            }
            assert_eq!(&o, want, "{name}");
            assert!(!format!("{r:?}").contains(r.session_key.as_str()) || r.session_key.is_empty());
            continue;
        }
        let e = r.unwrap_err();
        expect_error(&name, &e, expect);
        if expect["code"] == "ERR_WX_API" {
            let d = e.wx_api_details().unwrap();
            assert_eq!(d.platform, p, "{name}");
            assert_eq!(Some(d.errcode), expect["errcode"].as_i64(), "{name}");
            assert_eq!(
                d.errcode_text.as_deref(),
                expect["error"].as_str(),
                "{name}"
            );
            assert_eq!(d.errmsg, expect["errmsg"].as_str().unwrap(), "{name}");
            assert_eq!(
                d.retryable,
                expect["retryable"].as_bool().unwrap(),
                "{name}"
            );
            assert!(e.message().starts_with(p.name()), "{name}: {}", e.message());
        }
    }
}

#[test]
fn wechat_parsing_is_the_platform_parser_for_wechat() {
    let body = r#"{"errcode":40029,"errmsg":"invalid code"}"#;
    assert_eq!(
        wx_api::parse_code2session_response(body).unwrap_err(),
        wx_api::parse_code2session_response_for(Platform::WeChat, body).unwrap_err()
    );
    let e = wx_api::parse_code2session_response(body).unwrap_err();
    assert_eq!(
        e.message(),
        "WeChat API error 40029 (invalid code): invalid code (expired after 5 minutes, forged, or issued for another appid): call wx.login again and send the new code"
    );
}

#[test]
fn platform_ids_round_trip() {
    for p in Platform::ALL {
        assert_eq!(Platform::from_id(p.id()), Some(*p));
        assert!(p.api_base().starts_with("https://"));
    }
    assert_eq!(Platform::from_id("alipay"), None);
    assert_eq!(Platform::default(), Platform::WeChat);
}

fn kind(name: &str) -> Option<PayloadKind> {
    match name {
        "decryptOpenData" => None,
        "decryptUserInfo" => Some(PayloadKind::UserInfo),
        "decryptPhoneNumber" => Some(PayloadKind::PhoneNumber),
        other => panic!("unknown decoder {other}"),
    }
}

#[test]
fn open_data_of_qq_douyin_kuaishou_and_wecom_is_wechats_scheme() {
    let v = vectors();
    let now = v["now"].as_f64().unwrap();
    for t in v["openData"].as_array().unwrap() {
        let name = t["name"].as_str().unwrap();
        let i = &t["input"];
        let ids = [i["appId"].as_str().unwrap()];
        let input = OpenDataInput {
            app_ids: &ids,
            session_key: i["sessionKey"].as_str().unwrap(),
            encrypted_data: i["encryptedData"].as_str().unwrap(),
            iv: i["iv"].as_str().unwrap(),
        };
        let options = Options {
            now: Some(now),
            ..Options::default()
        };
        let r = match kind(t["fn"].as_str().unwrap()) {
            None => decrypt_open_data(&input, &options),
            Some(k) => decrypt_payload(k, &input, &options),
        };
        match t["expect"]["plaintext"].as_str() {
            Some(p) => assert_eq!(r.unwrap().text(), p, "{name}"),
            None => expect_error(name, &r.unwrap_err(), &t["expect"]),
        }
    }
}

#[test]
fn login_state_and_raw_data_signatures() {
    let v = vectors();
    for t in v["signatures"].as_array().unwrap() {
        assert_eq!(
            sign_with_session_key(
                t["sessionKey"].as_str().unwrap(),
                t["body"].as_str().unwrap()
            ),
            t["expect"].as_str().unwrap(),
            "{}",
            t["platform"]
        );
    }
    for t in v["rawDataSignatures"].as_array().unwrap() {
        assert!(verify_raw_data_signature(
            t["rawData"].as_str().unwrap(),
            t["signature"].as_str().unwrap(),
            t["sessionKey"].as_str().unwrap()
        ));
    }
}

#[test]
fn baidu_open_data() {
    let v = vectors();
    let cases = v["baidu"].as_array().unwrap();
    assert!(cases.len() >= 20);
    let mut pads = 0;
    for t in cases {
        let name = t["name"].as_str().unwrap();
        let i = &t["input"];
        let r = decrypt_baidu_open_data(&BaiduOpenDataInput {
            app_key: i["appKey"].as_str().unwrap(),
            session_key: i["sessionKey"].as_str().unwrap(),
            encrypted_data: i["encryptedData"].as_str().unwrap(),
            iv: i["iv"].as_str().unwrap(),
        });
        match t["expect"]["plaintext"].as_str() {
            Some(p) => {
                pads += usize::from(name.starts_with("padding of"));
                let d = r.unwrap();
                assert_eq!(d.text(), p, "{name}");
                assert!(!format!("{d:?}").contains("openid"));
            }
            None => {
                let e = r.unwrap_err();
                expect_error(name, &e, &t["expect"]);
                if t["expect"]["code"] == "ERR_DECRYPT_FAILED" {
                    // One message for padding, framing, tail, UTF-8 and JSON failures.
                    assert_eq!(e.message(), BAIDU_DECRYPT_FAILED_MESSAGE, "{name}");
                }
                for s in v["secrets"].as_array().unwrap() {
                    assert!(!e.message().contains(s.as_str().unwrap()), "{name}");
                }
            }
        }
    }
    assert!(pads >= 5, "the vectors cover several padding lengths");
}

#[test]
fn alipay_decryption() {
    let v = vectors();
    let mut n = 0;
    for t in v["alipay"].as_array().unwrap() {
        let name = t["name"].as_str().unwrap();
        let i = &t["input"];
        let response = i["response"].as_str().unwrap();
        // The signature and the response-envelope forms are the JavaScript entry's part.
        if response.starts_with('{')
            || matches!(
                t["expect"]["code"].as_str(),
                Some("ERR_SIGNATURE_MISMATCH" | "ERR_INVALID_ARGUMENT" | "ERR_INVALID_BASE64")
            )
        {
            continue;
        }
        n += 1;
        let r = decrypt_alipay_response(i["aesKey"].as_str().unwrap(), response);
        let expect = &t["expect"];
        if let Some(want) = expect.get("result") {
            let got: Value = serde_json::from_str(r.unwrap().text()).unwrap();
            assert_eq!(&got, want, "{name}");
        } else if expect["code"] == "ERR_ALIPAY_API" {
            // Decrypts fine: the entry turns the code into the error.
            let got: Value = serde_json::from_str(r.unwrap().text()).unwrap();
            assert_eq!(got["code"], expect["errcode"], "{name}");
        } else {
            expect_error(name, &r.unwrap_err(), expect);
        }
    }
    assert!(n >= 5);
}
