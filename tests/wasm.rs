//! Boundary tests, run inside a real JS engine by `wasm-pack test --node` (and, for the browser
//! job, `--headless --chrome` with WASM_BINDGEN_USE_BROWSER=1).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code
#![cfg(target_arch = "wasm32")]

use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use wx_open_data::wasm::{decrypt_open_data, sign_with_session_key, verify_raw_data_signature};

const APPID: &str = "wx4f4bc4dec97d474b";
const KEY: &str = "tiihtNczf5v6AKRyjwEUhQ==";
const IV: &str = "r7BXXKkLb8qrSNn05n0qiA==";
const DATA: &str = "CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZMQmRzooG2xrDcvSnxIMXFufNstNGTyaGS9uT5geRa0W4oTOb1WT7fJlAC+oNPdbB+3hVbJSRgv+4lGOETKUQz6OYStslQ142dNCuabNPGBzlooOmB231qMM85d2/fV6ChevvXvQP8Hkue1poOFtnEtpyxVLW1zAo6/1Xx1COxFvrc2d7UL/lmHInNlxuacJXwu0fjpXfz/YqYzBIBzD6WUfTIF9GRHpOn/Hz7saL8xz+W//FRAUid1OksQaQx4CMs8LOddcQhULW4ucetDf96JcR3g0gfRK4PC7E/r7Z6xNrXd2UIeorGj5Ef7b1pJAYB6Y5anaHqZ9J6nKEBvB4DnNLIVWSgARns/8wR2SiRS7MNACwTyrGvt9ts8p12PKFdlqYTopNHR1Vf7XjfhQlVsAJdNiKdYmYVoKlaRv85IfVunYzO0IKXsyl7JCUjCpoG20f0a04COwfneQAGGwd5oa+T8yO5hzuyDb/XcxxmK01EpqOyuxINew==";

fn obj(fields: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in fields {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.into()
}

fn input(data: &str) -> JsValue {
    obj(&[
        ("appId", APPID.into()),
        ("sessionKey", KEY.into()),
        ("iv", IV.into()),
        ("encryptedData", data.into()),
    ])
}

fn prop(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(k)).unwrap()
}

#[wasm_bindgen_test]
fn decrypts_the_official_vector_into_an_object() {
    let out = decrypt_open_data(input(DATA), JsValue::UNDEFINED).unwrap();
    assert_eq!(prop(&out, "nickName").as_string().as_deref(), Some("Band"));
    let wm = prop(&out, "watermark");
    assert_eq!(prop(&wm, "appid").as_string().as_deref(), Some(APPID));
    assert_eq!(prop(&wm, "timestamp").as_f64(), Some(1477314187.0));
}

#[wasm_bindgen_test]
fn errors_are_js_errors_with_name_code_field() {
    let err = decrypt_open_data(input(&DATA.replace('+', " ")), JsValue::UNDEFINED).unwrap_err();
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(
        prop(&err, "name").as_string().as_deref(),
        Some("WxOpenDataError")
    );
    assert_eq!(
        prop(&err, "code").as_string().as_deref(),
        Some("ERR_INVALID_BASE64")
    );
    assert_eq!(
        prop(&err, "field").as_string().as_deref(),
        Some("encryptedData")
    );
}

#[wasm_bindgen_test]
fn stale_data_is_rejected_with_default_now() {
    let opts = obj(&[("maxAgeSeconds", JsValue::from_f64(600.0))]);
    let err = decrypt_open_data(input(DATA), opts).unwrap_err();
    assert_eq!(
        prop(&err, "code").as_string().as_deref(),
        Some("ERR_WATERMARK_EXPIRED")
    );
}

#[wasm_bindgen_test]
fn wrong_types_are_invalid_argument() {
    for bad in [
        JsValue::NULL,
        JsValue::from_f64(1.0),
        JsValue::from_str("x"),
    ] {
        let err = decrypt_open_data(bad, JsValue::UNDEFINED).unwrap_err();
        assert_eq!(
            prop(&err, "code").as_string().as_deref(),
            Some("ERR_INVALID_ARGUMENT")
        );
    }
}

#[wasm_bindgen_test]
fn signatures() {
    let raw = r#"{"nickName":"Band","gender":1,"language":"zh_CN","city":"Guangzhou","province":"Guangdong","country":"CN","avatarUrl":"http://wx.qlogo.cn/mmopen/vi_32/1vZvI39NWFQ9XM4LtQpFrQJ1xlgZxx3w7bQxKARol6503Iuswjjn6nIGBiaycAjAtpujxyzYsrztuuICqIM5ibXQ/0"}"#;
    let good = obj(&[
        ("rawData", raw.into()),
        (
            "signature",
            "75E81CEDA165F4FFA64F4068AF58C64B8F54B88C".into(),
        ),
        ("sessionKey", "HyVFkGl5F5OQWJZZaNzBBg==".into()),
    ]);
    assert_eq!(verify_raw_data_signature(good).ok(), Some(true));
    assert_eq!(
        sign_with_session_key(KEY.into(), JsValue::UNDEFINED)
            .ok()
            .as_deref(),
        Some("7154f9f8b4b76b92f541cbf0e37d48840fa06e5e42da92a6f80168a1516a4735")
    );
}
