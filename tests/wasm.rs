//! Boundary tests, run inside a real JS engine by `wasm-pack test --node` (and, for the browser
//! job, `--headless --chrome` with WASM_BINDGEN_USE_BROWSER=1): the raw login-flow entry points the
//! JavaScript entry calls, and the thrown errors `impl From<Error> for JsValue` builds. Argument
//! reading lives in the JavaScript entry and is covered by the cross-runtime JS suite.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code
#![cfg(target_arch = "wasm32")]

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;
use wx_open_data::wasm::login::{
    open_data, open_data_with_keys, sign_with_session_key, verify_raw_data_signature, write_data,
};

const APPID: &str = "wx4f4bc4dec97d474b";
const KEY: &str = "tiihtNczf5v6AKRyjwEUhQ==";
const IV: &str = "r7BXXKkLb8qrSNn05n0qiA==";
const DATA: &str = "CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZMQmRzooG2xrDcvSnxIMXFufNstNGTyaGS9uT5geRa0W4oTOb1WT7fJlAC+oNPdbB+3hVbJSRgv+4lGOETKUQz6OYStslQ142dNCuabNPGBzlooOmB231qMM85d2/fV6ChevvXvQP8Hkue1poOFtnEtpyxVLW1zAo6/1Xx1COxFvrc2d7UL/lmHInNlxuacJXwu0fjpXfz/YqYzBIBzD6WUfTIF9GRHpOn/Hz7saL8xz+W//FRAUid1OksQaQx4CMs8LOddcQhULW4ucetDf96JcR3g0gfRK4PC7E/r7Z6xNrXd2UIeorGj5Ef7b1pJAYB6Y5anaHqZ9J6nKEBvB4DnNLIVWSgARns/8wR2SiRS7MNACwTyrGvt9ts8p12PKFdlqYTopNHR1Vf7XjfhQlVsAJdNiKdYmYVoKlaRv85IfVunYzO0IKXsyl7JCUjCpoG20f0a04COwfneQAGGwd5oa+T8yO5hzuyDb/XcxxmK01EpqOyuxINew==";
/// `flags` bit of a maxAgeSeconds check (src/wasm/login.rs).
const MAX_AGE: u32 = 8;

/// `(code, field, message)` of a thrown core error: the marked string `From<Error> for JsValue`
/// makes, which the JavaScript entry turns into the `WxOpenDataError`.
fn thrown(err: &JsValue) -> (String, String, String) {
    let text = err.as_string().expect("a core error crosses as a string");
    let rest = text
        .strip_prefix("\u{0}WxOpenDataError:")
        .expect("the core-error mark");
    let mut parts = rest.splitn(3, '\u{1}');
    let code = parts.next().unwrap().to_owned();
    let field = parts.next().unwrap().to_owned();
    let message = parts.next().unwrap().to_owned();
    (code, field, message)
}

fn prop(v: &JsValue, k: &str) -> JsValue {
    Reflect::get(v, &JsValue::from_str(k)).unwrap()
}

fn decrypt(data: &str, flags: u32, max_age: f64, now: f64) -> Result<JsValue, JsValue> {
    let len = write_data(data).map_err(JsValue::from)?;
    let out = open_data(
        0,
        APPID.into(),
        None,
        KEY.into(),
        IV.into(),
        len,
        None,
        flags,
        max_age,
        now,
    );
    // The payload is an object; a core error comes back as its string (not thrown).
    if out.is_string() {
        Err(out)
    } else {
        Ok(out)
    }
}

#[wasm_bindgen_test]
fn decrypts_the_official_vector_into_an_object() {
    let out = decrypt(DATA, 0, 0.0, 0.0).unwrap();
    assert_eq!(prop(&out, "nickName").as_string().as_deref(), Some("Band"));
    let wm = prop(&out, "watermark");
    assert_eq!(prop(&wm, "appid").as_string().as_deref(), Some(APPID));
    assert_eq!(prop(&wm, "timestamp").as_f64(), Some(1477314187.0));
    // The buffer is reused: a second call gives the same object.
    let again = decrypt(DATA, 0, 0.0, 0.0).unwrap();
    assert_eq!(
        prop(&again, "nickName").as_string().as_deref(),
        Some("Band")
    );
}

#[wasm_bindgen_test]
fn errors_cross_as_code_field_and_message() {
    let err = decrypt(&DATA.replace('+', " "), 0, 0.0, 0.0).unwrap_err();
    let (code, field, message) = thrown(&err);
    assert_eq!(code, "ERR_INVALID_BASE64");
    assert_eq!(field, "encryptedData");
    assert!(message.contains("spaces"), "{message}");
    assert!(!message.contains(KEY));
    // After a failure the next call still works (the buffer is rebuilt).
    assert!(decrypt(DATA, 0, 0.0, 0.0).is_ok());
}

#[wasm_bindgen_test]
fn stale_data_is_rejected() {
    let now = js_sys::Date::now() / 1000.0;
    let err = decrypt(DATA, MAX_AGE, 600.0, now).unwrap_err();
    assert_eq!(thrown(&err).0, "ERR_WATERMARK_EXPIRED");
    assert!(decrypt(DATA, MAX_AGE, 600.0, 1477314187.0 + 60.0).is_ok());
}

#[wasm_bindgen_test]
fn several_keys_report_the_index() {
    let keys = format!("{}{}", "AAAAAAAAAAAAAAAAAAAAAA==", KEY);
    let out = open_data_with_keys(
        0,
        APPID.into(),
        None,
        keys,
        vec![-1, 24, 24],
        IV.into(),
        DATA.into(),
        None,
        0,
        0.0,
        0.0,
    )
    .map_err(JsValue::from)
    .unwrap();
    let pair: js_sys::Array = out.dyn_into().unwrap();
    assert_eq!(pair.get(1).as_f64(), Some(2.0));
    assert_eq!(
        prop(&pair.get(0), "nickName").as_string().as_deref(),
        Some("Band")
    );
}

#[wasm_bindgen_test]
fn signatures() {
    let raw = r#"{"nickName":"Band","gender":1,"language":"zh_CN","city":"Guangzhou","province":"Guangdong","country":"CN","avatarUrl":"http://wx.qlogo.cn/mmopen/vi_32/1vZvI39NWFQ9XM4LtQpFrQJ1xlgZxx3w7bQxKARol6503Iuswjjn6nIGBiaycAjAtpujxyzYsrztuuICqIM5ibXQ/0"}"#;
    assert!(verify_raw_data_signature(
        raw.into(),
        "75E81CEDA165F4FFA64F4068AF58C64B8F54B88C".into(),
        "HyVFkGl5F5OQWJZZaNzBBg==".into(),
    ));
    assert_eq!(
        sign_with_session_key(KEY.into(), String::new()),
        "7154f9f8b4b76b92f541cbf0e37d48840fa06e5e42da92a6f80168a1516a4735"
    );
}

/// The key list as the JavaScript entry packs it: ids and secrets joined, with their lengths.
fn session_keys() -> (String, Vec<i32>, String, Vec<i32>) {
    let secrets = [
        "AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o",
        "ZWxzeoGIj5adpKuyucDHztXc4+rx+P8GDRQbIikwNz4=",
    ];
    (
        "2026-112026-05".to_owned(),
        vec![7, 7],
        secrets.concat(),
        secrets.iter().map(|s| s.len() as i32).collect(),
    )
}

#[wasm_bindgen_test]
fn sealed_sessions_round_trip_and_fail_with_their_codes() {
    use wx_open_data::wasm::session::{open_session, seal_session};
    let (ids, id_lens, secrets, secret_lens) = session_keys();
    let claims = r#"{"sub":"o","appid":"wx","ver":2}"#;
    let token = seal_session(
        claims.to_owned(),
        ids.clone(),
        id_lens.clone(),
        secrets.clone(),
        secret_lens.clone(),
        60.0,
        1000.9,
        vec![5; 12],
    )
    .unwrap();
    let open = |token: &str, now: f64| {
        open_session(
            token.to_owned(),
            ids.clone(),
            id_lens.clone(),
            secrets.clone(),
            secret_lens.clone(),
            now,
            0.0,
        )
    };
    assert_eq!(
        open(&token, 1059.0).unwrap(),
        r#"{"sub":"o","appid":"wx","ver":2,"iat":1000,"exp":1060}"#
    );
    let expired = open(&token, 1060.0).unwrap_err();
    assert_eq!(thrown(&JsValue::from(expired)).0, "ERR_SESSION_EXPIRED");
    let invalid = open(&token.replace("..", ".x."), 1000.0).unwrap_err();
    let (code, field, _) = thrown(&JsValue::from(invalid));
    assert_eq!(
        (code.as_str(), field.as_str()),
        ("ERR_SESSION_INVALID", "token")
    );
    // A wrong IV length and a session_key claim are argument errors.
    let err = seal_session(
        claims.to_owned(),
        ids.clone(),
        id_lens.clone(),
        secrets.clone(),
        secret_lens.clone(),
        60.0,
        0.0,
        vec![5; 11],
    )
    .unwrap_err();
    assert_eq!(thrown(&JsValue::from(err)).1, "iv");
    let err = seal_session(
        r#"{"sub":"o","appid":"wx","Session_Key":"k"}"#.to_owned(),
        ids,
        id_lens,
        secrets,
        secret_lens,
        60.0,
        0.0,
        vec![5; 12],
    )
    .unwrap_err();
    assert_eq!(thrown(&JsValue::from(err)).1, "claims");
}
