//! The shared vectors (tests/vectors/open-data.json, generated with node:crypto by
//! scripts/gen-vectors.mjs) run against the pure-Rust core. Argument-type vectors are JS-only.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // test code

mod common;

use common::code_of;
use serde_json::Value;
use wx_open_data::open_data::{decrypt_open_data, OpenDataInput, Options};
use wx_open_data::signature::{sign_with_session_key, verify_raw_data_signature};
use wx_open_data::ErrorCode;

fn vectors() -> Value {
    common::load_vectors("open-data.json")
}

#[test]
fn open_data_vectors() {
    let v = vectors();
    let mut ran = 0;
    for case in v["openData"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let expect = &case["expect"];
        if expect["code"] == "ERR_INVALID_ARGUMENT" {
            continue; // JS argument checking lives in the boundary; the JS suite covers it.
        }
        let input = &case["input"];
        let app_ids: Vec<&str> = match &input["appId"] {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().map(|x| x.as_str().unwrap()).collect(),
            other => panic!("{name}: appId {other}"),
        };
        let o = &case["options"];
        let options = Options {
            max_age_seconds: o["maxAgeSeconds"].as_f64(),
            now: o["now"].as_f64(),
            open_id: o["openId"].as_str().map(str::to_owned),
            repair_base64: o["repairBase64"].as_bool().unwrap_or(false),
            ..Options::default()
        };
        let inp = OpenDataInput {
            app_ids: &app_ids,
            session_key: input["sessionKey"].as_str().unwrap(),
            encrypted_data: input["encryptedData"].as_str().unwrap(),
            iv: input["iv"].as_str().unwrap(),
        };
        let got = decrypt_open_data(&inp, &options);
        match expect["plaintext"].as_str() {
            Some(plain) => {
                let data = got.unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(data.text(), plain, "{name}");
            }
            None => {
                let err = got
                    .err()
                    .unwrap_or_else(|| panic!("{name}: decrypted, expected an error"));
                assert_eq!(
                    err.code(),
                    code_of(expect["code"].as_str().unwrap()),
                    "{name}: {err}"
                );
                if let Some(field) = expect["field"].as_str() {
                    assert_eq!(err.field(), Some(field), "{name}");
                }
                assert!(
                    !err.message().contains(inp.session_key),
                    "{name}: key in message"
                );
            }
        }
        ran += 1;
    }
    assert!(ran > 40, "only {ran} vectors ran");
}

#[test]
fn decrypt_failures_are_indistinguishable() {
    let v = vectors();
    let mut seen = std::collections::BTreeSet::new();
    for case in v["openData"].as_array().unwrap() {
        if case["expect"]["code"] != "ERR_DECRYPT_FAILED" {
            continue;
        }
        let input = &case["input"];
        let app = input["appId"].as_str().unwrap();
        let inp = OpenDataInput {
            app_ids: &[app],
            session_key: input["sessionKey"].as_str().unwrap(),
            encrypted_data: input["encryptedData"].as_str().unwrap(),
            iv: input["iv"].as_str().unwrap(),
        };
        let err = decrypt_open_data(&inp, &Options::default()).unwrap_err();
        seen.insert(format!("{err:?}"));
    }
    assert_eq!(seen.len(), 1, "{seen:#?}");
}

#[test]
fn signature_vectors() {
    let v = vectors();
    for s in v["signatures"]["rawData"].as_array().unwrap() {
        let (raw, sig, key) = (
            s["rawData"].as_str().unwrap(),
            s["signature"].as_str().unwrap(),
            s["sessionKey"].as_str().unwrap(),
        );
        assert!(verify_raw_data_signature(raw, sig, key));
        assert!(!verify_raw_data_signature(raw, sig, "x"));
    }
    for h in v["signatures"]["hmacSha256"].as_array().unwrap() {
        assert_eq!(
            sign_with_session_key(
                h["sessionKey"].as_str().unwrap(),
                h["body"].as_str().unwrap()
            ),
            h["signature"].as_str().unwrap()
        );
    }
}

#[test]
fn every_error_code_has_a_distinct_string() {
    let mut names: Vec<_> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), ErrorCode::ALL.len());
    assert!(names.iter().all(|n| n.starts_with("ERR_")));
}

#[test]
fn debug_output_redacts_secrets() {
    let inp = OpenDataInput {
        app_ids: &["wx4f4bc4dec97d474b"],
        session_key: "tiihtNczf5v6AKRyjwEUhQ==",
        encrypted_data: "AAAA",
        iv: "r7BXXKkLb8qrSNn05n0qiA==",
    };
    let dbg = format!("{inp:?}");
    assert!(!dbg.contains("tiihtNczf5v6AKRyjwEUhQ=="), "{dbg}");
    assert!(dbg.contains("redacted"));
}
