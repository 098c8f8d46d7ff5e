//! Property tests of the core: decrypt(encrypt(x)) == x for arbitrary JSON objects with a
//! watermark, and arbitrary bytes and strings never panic through any core entry point. Errors never
//! carry the key or the plaintext; Debug output is redacted.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
#![cfg(not(target_arch = "wasm32"))] // proptest is a native-only dev-dependency (see Cargo.toml)

use proptest::prelude::*;
use serde_json::{Map, Value};
use wx_open_data::crypto::{aes128_cbc_decrypt, aes128_cbc_encrypt, pkcs7_unpadded_len};
use wx_open_data::encoding::{
    classify_damage, decode_base64, decode_base64_repair, encode_base64, from_hex,
};
use wx_open_data::json;
use wx_open_data::open_data::{decrypt_open_data, OpenDataInput, Options};
use wx_open_data::signature::{
    raw_data_signature, sign_with_session_key, verify_raw_data_signature,
};
use wx_open_data::WatermarkRule;
use wx_open_data::{Error, ErrorCode};

const APPID: &str = "wx4f4bc4dec97d474b";
const NOW: f64 = 1_700_000_000.0;

/// Strings with the characters that break naive code: emoji, U+2028/2029, quotes, controls, NUL.
fn tricky_string() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,12}",
        proptest::collection::vec(
            prop_oneof![
                Just('\u{2028}'),
                Just('\u{2029}'),
                Just('😀'),
                Just('你'),
                Just('"'),
                Just('\\'),
                Just('\0'),
                Just('\u{1f}'),
                Just('\u{feff}'),
                any::<char>(),
            ],
            0..8
        )
        .prop_map(|v| v.into_iter().collect()),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        tricky_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((tricky_string(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// An arbitrary JSON object that carries a valid watermark for APPID.
fn payload() -> impl Strategy<Value = String> {
    (
        proptest::collection::vec((tricky_string(), json_value()), 0..8),
        0u32..600,
        any::<bool>(),
    )
        .prop_map(|(members, age, pretty)| {
            let mut map: Map<String, Value> = members
                .into_iter()
                .filter(|(k, _)| k != "watermark")
                .collect();
            let mut wm = Map::new();
            wm.insert("timestamp".into(), Value::from(NOW as i64 - i64::from(age)));
            wm.insert("appid".into(), Value::from(APPID));
            map.insert("watermark".into(), Value::Object(wm));
            let v = Value::Object(map);
            if pretty {
                serde_json::to_string_pretty(&v).unwrap()
            } else {
                serde_json::to_string(&v).unwrap()
            }
        })
}

fn options() -> Options {
    Options {
        max_age_seconds: Some(600.0),
        now: Some(NOW),
        ..Options::default()
    }
}

fn check_error(e: &Error, secrets: &[&str]) {
    assert!(e.code().as_str().starts_with("ERR_"));
    assert!(!e.message().is_empty());
    for s in secrets.iter().filter(|s| s.len() >= 8) {
        assert!(!e.message().contains(s), "{e:?} contains a secret");
        assert!(!format!("{e:?}").contains(s));
        assert!(!e.to_string().contains(s));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn decrypt_of_encrypt_is_identity(text in payload(), key in any::<[u8; 16]>(), iv in any::<[u8; 16]>()) {
        let ct = aes128_cbc_encrypt(&key, &iv, text.as_bytes(), 16);
        let key_b64 = encode_base64(&key);
        let input = OpenDataInput {
            app_ids: &[APPID],
            session_key: &key_b64,
            encrypted_data: &encode_base64(&ct),
            iv: &encode_base64(&iv),
        };
        let out = decrypt_open_data(&input, &options()).unwrap();
        prop_assert_eq!(out.text(), text.as_str());
        // The members the scanner sees are the members serde_json sees (last key wins).
        let parsed: Map<String, Value> = serde_json::from_str(&text).unwrap();
        let members = out.members();
        for (k, v) in &parsed {
            let m = members.get(k).unwrap();
            let _ = m.kind;
            if let Value::String(s) = v {
                let got = m.as_str().map(|c| c.into_owned());
                prop_assert_eq!(got.as_deref(), Some(s.as_str()));
            }
        }
        // Redaction: Debug of the result and the input never shows the plaintext or the key.
        let shown_out = format!("{out:?}");
        let shown_in = format!("{input:?}");
        prop_assert!(!shown_out.contains(&text));
        prop_assert!(!shown_in.contains(&key_b64));
    }

    #[test]
    fn wrong_key_fails_uniformly_without_leaking(text in payload(), key in any::<[u8; 16]>(), other in any::<[u8; 16]>(), iv in any::<[u8; 16]>()) {
        prop_assume!(key != other);
        let ct = aes128_cbc_encrypt(&key, &iv, text.as_bytes(), 16);
        let other_b64 = encode_base64(&other);
        let input = OpenDataInput {
            app_ids: &[APPID],
            session_key: &other_b64,
            encrypted_data: &encode_base64(&ct),
            iv: &encode_base64(&iv),
        };
        match decrypt_open_data(&input, &options()) {
            // A wrong key yields random bytes: 2^-100-ish to form a valid watermarked object.
            Ok(_) => prop_assert!(false, "decrypted under a wrong key"),
            Err(e) => {
                prop_assert_eq!(e.code(), ErrorCode::DecryptFailed);
                prop_assert_eq!(e.message(), Error::decrypt_failed().message().to_owned());
                check_error(&e, &[&other_b64, &encode_base64(&key), &text]);
            }
        }
    }

    #[test]
    fn arbitrary_strings_never_panic(app in "\\PC{0,24}", key in ".{0,40}", data in ".{0,200}", iv in ".{0,40}", repair in any::<bool>(), open_id in proptest::option::of(".{0,8}")) {
        let app_ids = [app.as_str()];
        let input = OpenDataInput { app_ids: &app_ids, session_key: &key, encrypted_data: &data, iv: &iv };
        let opts = Options { max_age_seconds: Some(60.0), now: Some(NOW), open_id, repair_base64: repair, watermark: WatermarkRule::Optional };
        if let Err(e) = decrypt_open_data(&input, &opts) {
            check_error(&e, &[&key]);
        }
        for s in [&app, &key, &data, &iv] {
            let _ = json::parse(s);
            let _ = json::object_members(s);
            let _ = json::array_elements(s);
            let _ = json::unescape(s);
            let _ = classify_damage(s);
            let _ = decode_base64("iv", s);
            let _ = decode_base64_repair("iv", s, true);
            let _ = from_hex::<20>(s);
            let _ = verify_raw_data_signature(&data, s, &key);
            prop_assert_eq!(sign_with_session_key(&key, s).len(), 64);
        }
        prop_assert!(verify_raw_data_signature(&data, &raw_data_signature(&data, &key), &key));
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300), key in any::<[u8; 16]>(), iv in any::<[u8; 16]>()) {
        // As a ciphertext under a valid key: everything after decryption.
        let whole = bytes.len() - bytes.len() % 16;
        let ct = &bytes[..whole];
        let input = OpenDataInput {
            app_ids: &[APPID],
            session_key: &encode_base64(&key),
            encrypted_data: &encode_base64(ct),
            iv: &encode_base64(&iv),
        };
        match decrypt_open_data(&input, &options()) {
            Ok(d) => prop_assert!(json::object_members(d.text()).is_some()),
            Err(e) => {
                let code = e.code();
                prop_assert!(matches!(code, ErrorCode::DecryptFailed) || (whole == 0 && code == ErrorCode::InvalidBase64), "{:?}", code);
            }
        }
        // As a plaintext: accepted exactly when it is UTF-8 JSON object text (watermark optional).
        let ct = aes128_cbc_encrypt(&key, &iv, &bytes, 16);
        let input = OpenDataInput { encrypted_data: &encode_base64(&ct), ..input };
        let opts = Options { watermark: WatermarkRule::Optional, ..Options::default() };
        let is_object = std::str::from_utf8(&bytes).ok().and_then(json::object_members).is_some();
        prop_assert_eq!(decrypt_open_data(&input, &opts).is_ok(), is_object);
        // The padding check agrees with a reference for every buffer.
        for block in [16usize, 32] {
            let reference = bytes.last().and_then(|&p| {
                let p = usize::from(p);
                (p >= 1 && p <= block && p <= bytes.len() && bytes[bytes.len() - p..].iter().all(|&b| usize::from(b) == p)).then(|| bytes.len() - p)
            });
            prop_assert_eq!(pkcs7_unpadded_len(&bytes, block), reference);
        }
        let mut buf = bytes.clone();
        let _ = aes128_cbc_decrypt(&key, &iv, &mut buf, 16);
        if let Ok(s) = std::str::from_utf8(&bytes) {
            let _ = json::parse(s);
        }
    }
}

/// Debug output of everything that holds a secret is redacted.
#[test]
fn debug_output_is_redacted() {
    let key = "tiihtNczf5v6AKRyjwEUhQ==";
    let c2s = wx_open_data::wx_api::parse_code2session_response(&format!(
        r#"{{"openid":"oUser","session_key":"{key}"}}"#
    ))
    .unwrap();
    assert!(!format!("{c2s:?}").contains(key));
    let token = "ACCESS_TOKEN_SECRET_VALUE_0123456789";
    let at = wx_open_data::wx_api::parse_access_token_response(&format!(
        r#"{{"access_token":"{token}","expires_in":7200}}"#
    ))
    .unwrap();
    assert!(!format!("{at:?}").contains(token));
    let aes = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    let keys = wx_open_data::push::parse_keys(&[aes]).unwrap();
    let shown = format!("{keys:?}");
    assert!(!shown.contains(aes) && !shown.contains("69b7"), "{shown}");
    let text =
        format!(r#"{{"secret":"s3cr3t-payload","watermark":{{"appid":"{APPID}","timestamp":1}}}}"#);
    let iv = [1u8; 16];
    let raw = [0x11u8; 16];
    let ct = aes128_cbc_encrypt(&raw, &iv, text.as_bytes(), 16);
    let raw_b64 = encode_base64(&raw);
    let input = OpenDataInput {
        app_ids: &[APPID],
        session_key: &raw_b64,
        encrypted_data: &encode_base64(&ct),
        iv: &encode_base64(&iv),
    };
    let out = decrypt_open_data(&input, &Options::default()).unwrap();
    assert!(!format!("{out:?}").contains("s3cr3t"));
    assert!(!format!("{input:?}").contains(&raw_b64));
}

/// A message object whose keys are XML names and whose leaves are strings (CDATA-safe text, with
/// `]]>` and markup thrown in) or integers, nested up to two levels.
fn push_message() -> impl Strategy<Value = Value> {
    let text = prop_oneof![
        "[^\\x00-\\x1f]{0,16}",
        Just("]]>".to_owned()),
        Just("<a>&amp;</a>".to_owned()),
    ];
    let leaf = prop_oneof![
        text.prop_map(Value::String),
        any::<u32>().prop_map(Value::from),
    ];
    let key = "[A-Za-z_][A-Za-z0-9_.-]{0,8}";
    let inner = proptest::collection::btree_map(key, leaf.clone(), 1..4)
        .prop_map(|m| Value::Object(m.into_iter().collect()));
    proptest::collection::btree_map(key, prop_oneof![3 => leaf, 1 => inner], 0..6)
        .prop_map(|m| Value::Object(m.into_iter().collect()))
}

/// What `openPushRequest` gives back for an XML message: every leaf as its text.
fn leaves_as_text(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| (k.clone(), leaves_as_text(v)))
                .collect(),
        ),
        Value::Number(n) => Value::String(n.to_string()),
        other => other.clone(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// wx-open-data/testing's push requests open with the push module: JSON as given, an object as
    /// XML with its leaves as text, whatever the key, appid, timestamp, nonce and random prefix.
    #[test]
    fn built_push_requests_open(message in push_message(), xml in any::<bool>(), key in "[A-Za-z0-9]{43}",
                                app_id in "wx[a-z0-9]{1,16}", timestamp in any::<u32>(), nonce in "[0-9a-z]{1,12}",
                                random in any::<[u8; 16]>()) {
        use wx_open_data::push::{open_push_request, Format, PushOutcome, PushQuery, PushRequest};
        use wx_open_data::testing::{build_push_request, message_xml, PushRequestSpec};
        let json_text = serde_json::to_string(&message).unwrap();
        let (format, text) = if xml {
            (Format::Xml, message_xml(&json_text).unwrap())
        } else {
            (Format::Json, json_text.clone())
        };
        let built = build_push_request(&PushRequestSpec {
            token: "tok", encoding_aes_key: &key, app_id: &app_id, message: &text, format,
            to_user_name: Some("gh_x"), timestamp: u64::from(timestamp), nonce: &nonce, random: &random,
        }).unwrap();
        let q = built.query();
        let out = open_push_request(&PushRequest {
            token: "tok", encoding_aes_keys: &[&key], app_ids: &[&app_id],
            query: PushQuery { signature: Some(q[0].1), timestamp: Some(q[1].1), nonce: Some(q[2].1), echostr: None, msg_signature: Some(q[4].1) },
            body: Some(&built.body), format: None,
        }).unwrap();
        let PushOutcome::Message { message: decrypted, json, format: got, .. } = out else { panic!("not a message") };
        prop_assert_eq!(got, format);
        prop_assert_eq!(decrypted.text(), text.as_str());
        let parsed: Value = serde_json::from_str(&json).unwrap();
        let expected = if xml { leaves_as_text(&message) } else { message.clone() };
        prop_assert_eq!(parsed, expected);
    }
}
