//! The one open-data pipeline: the in-place base64 decoder against the `base64` crate's STANDARD
//! engine; the owned-buffer entry against the borrowed ones; diagnose's verdict against the
//! decoder's, on arbitrary inputs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]
#![cfg(not(target_arch = "wasm32"))] // proptest is a native-only dev-dependency (see Cargo.toml)

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use proptest::prelude::*;
use wx_open_data::diagnose::{diagnose, DiagnoseInput, Status};
use wx_open_data::encoding::{
    decode_base64_in_place, decode_base64_repair, decode_chunks_in_place, encode_base64,
};
use wx_open_data::open_data::{decrypt_open_data, decrypt_owned, OpenDataInput, Options};
use wx_open_data::payload::{decrypt_payload, decrypt_with_keys, PayloadKind};
use wx_open_data::testing::{decode_iv, encrypt_open_data};
use wx_open_data::WatermarkRule;
use zeroize::Zeroizing;

const APPID: &str = "wx4f4bc4dec97d474b";
const KEY: &str = "tiihtNczf5v6AKRyjwEUhQ==";
const IV: &str = "r7BXXKkLb8qrSNn05n0qiA==";
const NOW: f64 = 1_477_314_247.0;

/// Base64-ish text: valid encodings of random bytes (short and longer than a 4096-character chunk),
/// then damaged by an edit, or random strings over an alphabet of the troublemakers.
fn base64_text() -> impl Strategy<Value = String> {
    let valid = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..64),
        proptest::collection::vec(any::<u8>(), 2900..3300),
        proptest::collection::vec(any::<u8>(), 6100..6200),
    ]
    .prop_map(|b| encode_base64(&b));
    let edit = (
        valid.clone(),
        0usize..7,
        any::<prop::sample::Index>(),
        prop::sample::select(vec![
            '=', ' ', '+', '/', '-', '_', '\n', '%', 'A', 'B', '*', 'é',
        ]),
    )
        .prop_map(|(s, op, at, c)| {
            let mut v: Vec<char> = s.chars().collect();
            if v.is_empty() {
                return c.to_string();
            }
            let i = at.index(v.len());
            match op {
                0 => v.insert(i, c),
                1 => {
                    v.remove(i);
                }
                2 => v[i] = c,
                3 => {
                    v.pop();
                }
                4 => v.retain(|&x| x != '='),
                5 => v.iter_mut().filter(|x| **x == '+').for_each(|x| *x = ' '),
                _ => v.insert(i.min(v.len()) / 4 * 4, '='),
            }
            v.into_iter().collect()
        });
    let random = proptest::collection::vec(
        prop::sample::select(vec![
            'A', 'Q', 'g', 'z', '0', '+', '/', '=', ' ', '-', '%', '2', 'B',
        ]),
        0..40,
    )
    .prop_map(|v| v.into_iter().collect::<String>());
    prop_oneof![valid, edit, random]
}

fn in_place(text: &str, repair: bool) -> Result<Vec<u8>, wx_open_data::Error> {
    let mut buf = Zeroizing::new(text.as_bytes().to_vec());
    decode_base64_in_place("encryptedData", &mut buf, repair).map(|()| buf.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// The in-place decoder accepts and rejects exactly what the STANDARD engine does, decodes to
    /// the same bytes, and fails with the same error (code, field, damage message) as the
    /// allocating decoder, with and without repairBase64.
    #[test]
    fn in_place_decoder_is_the_standard_engine(text in base64_text(), repair in any::<bool>()) {
        let expected = decode_base64_repair("encryptedData", &text, repair).map(|v| v.to_vec());
        prop_assert_eq!(in_place(&text, repair), expected);
        let standard = STANDARD.decode(&text).ok().filter(|_| !text.is_empty());
        prop_assert_eq!(in_place(&text, false).ok(), standard.clone());
        // Small chunks put chunk boundaries everywhere.
        for chunk in [4, 8, 12, 40] {
            let mut buf = text.as_bytes().to_vec();
            let got = decode_chunks_in_place(&mut buf, chunk).ok().map(|n| buf[..n].to_vec());
            let want = STANDARD.decode(&text).ok();
            prop_assert_eq!(got, want, "chunk {}", chunk);
        }
    }
}

fn options(flags: u8, open_id: &str) -> Options {
    Options {
        max_age_seconds: (flags & 1 != 0).then_some(f64::from(flags >> 4) * 20.0),
        now: Some(NOW),
        open_id: (flags & 2 != 0).then(|| open_id.to_owned()),
        repair_base64: flags & 4 != 0,
        watermark: if flags & 8 != 0 {
            WatermarkRule::Optional
        } else {
            WatermarkRule::Required
        },
    }
}

/// Plaintexts that reach every step after decryption.
fn plaintext() -> impl Strategy<Value = String> {
    let appid = prop::sample::select(vec![APPID, "wxother", ""]);
    let ts = prop::sample::select(vec![
        "1477314187".to_owned(),
        "1477314247".to_owned(),
        "1477315000".to_owned(),
        "\"1477314187\"".to_owned(),
        "1e400".to_owned(),
    ]);
    let open_id = prop::sample::select(vec!["o1", "o2"]);
    let shape = 0u8..8;
    (appid, ts, open_id, shape).prop_map(|(appid, ts, open_id, shape)| match shape {
        0 => format!(r#"{{"openId":"{open_id}","watermark":{{"appid":"{appid}","timestamp":{ts}}}}}"#),
        1 => format!(r#"{{"openGId":"g","watermark":{{"appid":"{appid}"}}}}"#),
        2 => r#"{"openGId":"g"}"#.to_owned(),
        3 => format!(r#"{{"watermark":"{appid}"}}"#),
        4 => format!(r#"{{"watermark":{{"appid":1,"timestamp":{ts}}}}}"#),
        5 => format!(r#"["{appid}"]"#),
        6 => format!(r#"{{"a":1}} {ts}"#),
        _ => format!(r#"{{"nickName":"n","gender":1,"language":"","city":"","province":"","country":"","avatarUrl":"","watermark":{{"appid":"{appid}","timestamp":{ts}}}}}"#),
    })
}

fn field_text() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some(KEY.to_owned())),
        Just(Some(IV.to_owned())),
        Just(Some(KEY.replace('+', " "))),
        base64_text().prop_map(Some),
    ]
}

/// What decryptOpenData does at the JS boundary: appId, then each required field, then the core.
fn decoder(
    ids: &[&str],
    key: Option<&str>,
    data: Option<&str>,
    iv: Option<&str>,
    o: &Options,
) -> (bool, Option<&'static str>, Option<&'static str>) {
    if ids.is_empty() {
        return (false, Some("ERR_INVALID_ARGUMENT"), Some("appId"));
    }
    let (Some(session_key), Some(encrypted_data), Some(iv)) = (key, data, iv) else {
        let f = if key.is_none() {
            "sessionKey"
        } else if data.is_none() {
            "encryptedData"
        } else {
            "iv"
        };
        return (false, Some("ERR_INVALID_ARGUMENT"), Some(f));
    };
    let input = OpenDataInput {
        app_ids: ids,
        session_key,
        encrypted_data,
        iv,
    };
    match decrypt_open_data(&input, o) {
        Ok(_) => (true, None, None),
        Err(e) => (false, Some(e.code().as_str()), e.field()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    /// diagnose's verdict is decryptOpenData's, whatever the input: arbitrary fields (each possibly
    /// absent), an appId list possibly empty, any options; and real ciphertexts of payloads that
    /// reach the watermark, age and openId steps.
    #[test]
    fn diagnose_verdict_is_the_decoders(
        key in field_text(),
        iv in field_text(),
        data in prop_oneof![field_text(), plaintext().prop_map(|p| {
            let iv = decode_iv(IV).unwrap();
            Some(encrypt_open_data(KEY, &iv, p.as_bytes()).unwrap())
        })],
        ids in prop::sample::select(vec![vec![], vec![APPID], vec!["wxother"], vec!["wxother", APPID]]),
        flags in any::<u8>(),
        open_id in prop::sample::select(vec!["o1", "o2"]),
    ) {
        let o = options(flags, open_id);
        let r = diagnose(
            &DiagnoseInput {
                app_ids: &ids,
                session_key: key.as_deref(),
                encrypted_data: data.as_deref(),
                iv: iv.as_deref(),
            },
            &o,
        );
        let got = (r.ok, r.code.map(|c| c.as_str()), r.field);
        prop_assert_eq!(got, decoder(&ids, key.as_deref(), data.as_deref(), iv.as_deref(), &o));
        // A check fails exactly when the verdict does.
        let failed = r.checks.iter().any(|c| c.status == Status::Fail);
        prop_assert_eq!(failed, !r.ok);
        // The JSON text is an object the scanner accepts.
        prop_assert!(wx_open_data::json::object_members(&r.to_json()).is_some());
    }

    /// The owned-buffer entry gives what the borrowed decoders give, for every kind.
    #[test]
    fn owned_entry_is_the_borrowed_decoder(
        key in field_text(),
        data in prop_oneof![field_text().prop_map(|d| d.unwrap_or_default()), plaintext().prop_map(|p| {
            let iv = decode_iv(IV).unwrap();
            encrypt_open_data(KEY, &iv, p.as_bytes()).unwrap()
        })],
        kind in prop::sample::select(PayloadKind::ALL.to_vec()),
        flags in any::<u8>(),
    ) {
        let key = key.unwrap_or_default();
        let o = options(flags, "o1");
        let input = OpenDataInput { app_ids: &[APPID], session_key: &key, encrypted_data: &data, iv: IV };
        let borrowed = decrypt_payload(kind, &input, &o);
        let owned = decrypt_owned(kind, &[APPID], &key, IV, Zeroizing::new(data.as_bytes().to_vec()), &o);
        match (borrowed, owned) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a.text(), b.text()),
            (Err(a), Err(b)) => prop_assert_eq!(a, b),
            (a, b) => prop_assert!(false, "{:?} vs {:?}", a.map(|d| d.text().len()), b.map(|d| d.text().len())),
        }
        // One key among several gives what that key alone gives.
        let keyed = decrypt_with_keys(kind, &[APPID], &[None, Some(&key)], &data, IV, &o);
        let single = decrypt_payload(kind, &input, &o);
        match (keyed, single) {
            (Ok((a, i)), Ok(b)) => {
                prop_assert_eq!(a.text(), b.text());
                prop_assert_eq!(i, 1);
            }
            (Err(a), Err(b)) => {
                prop_assert_eq!(a.code(), b.code());
                let field = if b.field() == Some("sessionKey") { Some("sessionKeys") } else { b.field() };
                prop_assert_eq!(a.field(), field);
            }
            (a, b) => prop_assert!(false, "{:?} vs {:?}", a.map(|d| d.1), b.map(|d| d.text().len())),
        }
    }
}

#[test]
fn owned_entry_decrypts_the_official_vector_in_its_buffer() {
    let v: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/vectors/open-data.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let t = &v["openData"][0];
    let data = t["input"]["encryptedData"].as_str().unwrap();
    let out = decrypt_owned(
        PayloadKind::UserInfo,
        &[APPID],
        KEY,
        IV,
        Zeroizing::new(data.as_bytes().to_vec()),
        &Options {
            now: Some(NOW),
            ..Options::default()
        },
    )
    .unwrap();
    assert_eq!(out.text(), t["expect"]["plaintext"].as_str().unwrap());
}
