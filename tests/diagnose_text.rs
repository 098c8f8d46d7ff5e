//! The diagnose report in JavaScript terms: `tests/vectors/diagnose-reports.json` records, for a broad
//! set of inputs (the vectors that carry open-data inputs and damaged variants of them), the report
//! object the JS `diagnose()` returns. Its verdicts are the decoders'; `pkg/diagnose-text.mjs` must
//! turn the core's typed report into exactly that object.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use serde_json::Value;
use wx_open_data::diagnose::{diagnose, DiagnoseInput, Report, Status};
use wx_open_data::open_data::{decrypt_open_data, OpenDataInput, Options};
use wx_open_data::WatermarkRule;

fn str_of<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k).and_then(Value::as_str)
}

fn app_ids(v: &Value) -> Vec<String> {
    match v.get("appId") {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|s| s.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

fn options_of(o: &Value) -> Options {
    Options {
        max_age_seconds: o["maxAgeSeconds"].as_f64(),
        now: o["now"].as_f64(),
        open_id: str_of(o, "openId").map(str::to_owned),
        repair_base64: o["repairBase64"].as_bool().unwrap_or(false),
        watermark: if o["requireWatermark"].as_bool() == Some(false) {
            WatermarkRule::Optional
        } else {
            WatermarkRule::Required
        },
    }
}

fn fixture() -> Value {
    common::load_vectors("diagnose-reports.json")
}

fn report_of(case: &Value) -> Report {
    let input = &case["input"];
    let ids = app_ids(input);
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    diagnose(
        &DiagnoseInput {
            app_ids: &ids,
            session_key: str_of(input, "sessionKey"),
            encrypted_data: str_of(input, "encryptedData"),
            iv: str_of(input, "iv"),
        },
        &options_of(&case["options"]),
    )
}

/// What `decryptOpenData` does with the case: the JS boundary's own checks (appId, then each
/// required field), then the core.
fn decoder_verdict(case: &Value) -> (bool, Option<&'static str>, Option<&'static str>) {
    let input = &case["input"];
    let ids = app_ids(input);
    if ids.is_empty() {
        return (false, Some("ERR_INVALID_ARGUMENT"), Some("appId"));
    }
    let mut fields = Vec::new();
    for f in ["sessionKey", "encryptedData", "iv"] {
        match str_of(input, f) {
            Some(v) => fields.push(v),
            None => {
                let f = ["sessionKey", "encryptedData", "iv"]
                    .into_iter()
                    .find(|n| *n == f);
                return (false, Some("ERR_INVALID_ARGUMENT"), f);
            }
        }
    }
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let r = decrypt_open_data(
        &OpenDataInput {
            app_ids: &ids,
            session_key: fields[0],
            encrypted_data: fields[1],
            iv: fields[2],
        },
        &options_of(&case["options"]),
    );
    match r {
        Ok(_) => (true, None, None),
        Err(e) => (false, Some(e.code().as_str()), e.field()),
    }
}

#[test]
fn verdicts_are_the_decoders() {
    let f = fixture();
    for case in f["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let r = report_of(case);
        let got = (r.ok, r.code.map(|c| c.as_str()), r.field);
        assert_eq!(got, decoder_verdict(case), "{name}");
        let e = &case["expected"];
        let recorded = (
            e["ok"].as_bool().unwrap(),
            str_of(e, "code"),
            str_of(e, "field"),
        );
        assert_eq!(
            (got.0, got.1, got.2),
            recorded,
            "{name}: the fixture's verdict"
        );
        // Every failure has a failing check.
        assert!(
            r.ok || r.checks.iter().any(|c| c.status == Status::Fail),
            "{name}"
        );
    }
}

/// `describe()` of pkg/diagnose-text.mjs, run by `node`, turns every typed report into exactly
/// the report object recorded in the fixture.
#[test]
fn described_reports_match_the_fixture() {
    let f = fixture();
    let mut typed = String::from("[");
    for (i, case) in f["cases"].as_array().unwrap().iter().enumerate() {
        if i > 0 {
            typed.push(',');
        }
        typed.push_str(&report_of(case).to_json());
    }
    typed.push(']');
    let dir = env!("CARGO_TARGET_TMPDIR");
    let typed_path = format!("{dir}/diagnose-typed-reports.json");
    std::fs::write(&typed_path, typed).unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let out = std::process::Command::new("node")
        .arg(format!("{root}/tests/diagnose_text.mjs"))
        .arg(format!("{root}/tests/vectors/diagnose-reports.json"))
        .arg(&typed_path)
        .output();
    match out {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("note: `node` is not installed; pkg/diagnose-text.mjs was not checked");
        }
        Err(e) => panic!("running node: {e}"),
        Ok(out) => {
            let stdout = String::from_utf8_lossy(&out.stdout);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "{stdout}\n{stderr}");
            println!("{stdout}");
        }
    }
}
