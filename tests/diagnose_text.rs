//! The diagnose report in JavaScript terms: `tests/vectors/diagnose-reports.json` records, for a broad
//! set of inputs, the report object the JS `diagnose()` returns.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use serde_json::{json, Value};
use wx_open_data::diagnose::{diagnose, DiagnoseInput};

const APPID: &str = "wx4f4bc4dec97d474b";
const KEY: &str = "tiihtNczf5v6AKRyjwEUhQ==";
const IV: &str = "r7BXXKkLb8qrSNn05n0qiA==";
const NOW: f64 = 1_477_314_247.0;

fn official_data() -> String {
    let v = common::load_vectors("open-data.json");
    v["openData"][0]["input"]["encryptedData"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Every input of the fixture: vectors that carry open-data inputs plus damaged variants.
fn cases() -> Vec<(String, Value, Value)> {
    let mut out = Vec::new();
    let od = common::load_vectors("open-data.json");
    for t in od["openData"].as_array().unwrap() {
        out.push((
            format!("open-data: {}", t["name"].as_str().unwrap()),
            t["input"].clone(),
            t["options"].clone(),
        ));
    }
    let p = common::load_vectors("payloads.json");
    for t in p["typed"].as_array().unwrap() {
        out.push((
            format!(
                "typed {}: {}",
                t["fn"].as_str().unwrap(),
                t["name"].as_str().unwrap()
            ),
            t["input"].clone(),
            t["options"].clone(),
        ));
    }
    for t in p["withKeys"].as_array().unwrap() {
        let mut input = t["input"].clone();
        let keys = input["sessionKeys"].clone();
        input.as_object_mut().unwrap().remove("sessionKeys");
        for k in keys.as_array().unwrap().iter().filter(|k| k.is_string()) {
            let mut i = input.clone();
            i["sessionKey"] = k.clone();
            out.push((
                format!("withKeys: {} (key {k})", t["name"].as_str().unwrap()),
                i,
                t["options"].clone(),
            ));
        }
    }
    for t in p["compat"].as_array().unwrap() {
        let mut input = json!({});
        for f in ["appId", "sessionKey", "encryptedData", "iv"] {
            if t.get(f).is_some_and(|v| !v.is_null()) {
                input[f] = t[f].clone();
            }
        }
        out.push((
            format!("compat: {}", t["name"].as_str().unwrap()),
            input,
            json!({ "now": p["now"].clone() }),
        ));
    }
    for t in p["diagnose"].as_array().unwrap() {
        out.push((
            format!("diagnose: {}", t["name"].as_str().unwrap()),
            t["input"].clone(),
            t["options"].clone(),
        ));
    }
    // Damaged variants of the official vector, field by field.
    let data = official_data();
    let base = json!({ "appId": APPID, "sessionKey": KEY, "iv": IV, "encryptedData": data });
    let now = json!({ "now": NOW });
    let with = |field: &str, value: Value| {
        let mut i = base.clone();
        if value.is_null() {
            i.as_object_mut().unwrap().remove(field);
        } else {
            i[field] = value;
        }
        i
    };
    for field in ["sessionKey", "iv", "encryptedData"] {
        let v = base[field].as_str().unwrap().to_owned();
        let variants: Vec<(&str, Value)> = vec![
            ("spaces", json!(v.replace('+', " "))),
            (
                "%2B",
                json!(v
                    .replace('+', "%2B")
                    .replace('/', "%2F")
                    .replace('=', "%3D")),
            ),
            ("%2b lowercase", json!(v.replace('=', "%3d"))),
            ("url-safe", json!(v.replace('+', "-").replace('/', "_"))),
            ("line breaks", json!(format!("{}\n{}", &v[..8], &v[8..]))),
            ("tab", json!(format!("{}\t", v))),
            ("missing padding", json!(v.trim_end_matches('='))),
            ("one char cut", json!(&v[..v.len() - 1])),
            (
                "non-canonical trailing bits",
                json!(format!("{}B==", &v[..v.len() - 3])),
            ),
            ("invalid char", json!(format!("*{}", &v[1..]))),
            ("empty", json!("")),
            ("missing", Value::Null),
            ("leading space", json!(format!(" {}", v))),
            ("4 chars", json!("AAAA")),
            (
                "32 bytes",
                json!("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="),
            ),
        ];
        for (what, value) in variants {
            out.push((
                format!("{field}: {what}"),
                with(field, value.clone()),
                now.clone(),
            ));
            out.push((
                format!("{field}: {what}, repairBase64"),
                with(field, value),
                json!({ "now": NOW, "repairBase64": true }),
            ));
        }
    }
    let mut missing = |name: &str, fields: &[&str]| {
        let mut i = base.clone();
        for f in fields {
            i.as_object_mut().unwrap().remove(*f);
        }
        out.push((format!("missing {name}"), i, now.clone()));
    };
    missing(
        "everything",
        &["appId", "sessionKey", "iv", "encryptedData"],
    );
    missing("appId", &["appId"]);
    missing("iv and encryptedData", &["iv", "encryptedData"]);
    missing("sessionKey and iv", &["sessionKey", "iv"]);
    missing("appId and iv", &["appId", "iv"]);
    let mut add = |name: &str, input: Value, options: Value| {
        out.push((name.to_owned(), input, options));
    };
    let bad_key_missing_iv = {
        let mut i = with("iv", Value::Null);
        i["sessionKey"] = json!("not base64!");
        i
    };
    add(
        "bad sessionKey and missing iv",
        bad_key_missing_iv,
        now.clone(),
    );
    add(
        "bad sessionKey and bad iv and empty encryptedData",
        json!({ "appId": APPID, "sessionKey": "AAAA", "iv": "x", "encryptedData": "" }),
        now.clone(),
    );
    add(
        "wrong key",
        with("sessionKey", json!("AAAAAAAAAAAAAAAAAAAAAA==")),
        now.clone(),
    );
    add(
        "wrong iv",
        with("iv", json!("AAAAAAAAAAAAAAAAAAAAAA==")),
        now.clone(),
    );
    add("no appId, healthy", with("appId", Value::Null), now.clone());
    add(
        "no appId, wrong key",
        {
            let mut i = with("appId", Value::Null);
            i["sessionKey"] = json!("AAAAAAAAAAAAAAAAAAAAAA==");
            i
        },
        now.clone(),
    );
    add(
        "no appId, spaces",
        {
            let mut i = with("appId", Value::Null);
            i["encryptedData"] = json!(data.replace('+', " "));
            i
        },
        now.clone(),
    );
    add(
        "several appIds, matching",
        with("appId", json!(["wxother", APPID])),
        now.clone(),
    );
    add(
        "several appIds, none matching",
        with("appId", json!(["wxother", "wxthird"])),
        now.clone(),
    );
    add(
        "appId mismatch",
        with("appId", json!("wxother")),
        now.clone(),
    );
    for (name, opts) in [
        (
            "maxAgeSeconds within",
            json!({ "now": NOW, "maxAgeSeconds": 600 }),
        ),
        (
            "maxAgeSeconds exactly",
            json!({ "now": NOW, "maxAgeSeconds": 60 }),
        ),
        (
            "maxAgeSeconds expired",
            json!({ "now": NOW, "maxAgeSeconds": 59 }),
        ),
        ("maxAgeSeconds 0", json!({ "now": NOW, "maxAgeSeconds": 0 })),
        (
            "now in milliseconds",
            json!({ "now": NOW * 1000.0, "maxAgeSeconds": 600 }),
        ),
        (
            "future timestamp",
            json!({ "now": 1_477_314_187.0 - 1000.5, "maxAgeSeconds": 600 }),
        ),
        (
            "fractional now, no maxAge",
            json!({ "now": 1_477_314_187.25 }),
        ),
        ("huge maxAge", json!({ "now": NOW, "maxAgeSeconds": 1e300 })),
        (
            "maxAge with tiny now",
            json!({ "now": 1e-7, "maxAgeSeconds": 1.5 }),
        ),
        (
            "openId matching",
            json!({ "now": NOW, "openId": "oGZUI0egBJY1zhBYw2KhdUfwVJJE" }),
        ),
        (
            "openId of another user",
            json!({ "now": NOW, "openId": "oOther" }),
        ),
        (
            "requireWatermark false",
            json!({ "now": NOW, "requireWatermark": false }),
        ),
    ] {
        add(name, base.clone(), opts);
    }
    out
}

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

/// Writes the fixture from the report of today's diagnose. Run once, by hand:
/// `cargo test --test diagnose_text -- --ignored dump_old_reports`.
#[test]
#[ignore = "writes tests/vectors/diagnose-reports.json"]
fn dump_old_reports() {
    let mut entries = Vec::new();
    for (name, input, options) in cases() {
        let ids = app_ids(&input);
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let r = diagnose(&DiagnoseInput {
            app_ids: &ids,
            session_key: str_of(&input, "sessionKey"),
            encrypted_data: str_of(&input, "encryptedData"),
            iv: str_of(&input, "iv"),
            now: options["now"].as_f64(),
            max_age_seconds: options["maxAgeSeconds"].as_f64(),
            repair_base64: options["repairBase64"].as_bool().unwrap_or(false),
        });
        let report: Value = serde_json::from_str(&r.to_json()).unwrap();
        entries
            .push(json!({ "name": name, "input": input, "options": options, "expected": report }));
    }
    let out = json!({
        "description": "Input, options and the report object the JS diagnose() returns for them.",
        "cases": entries,
    });
    let path = format!(
        "{}/tests/vectors/diagnose-reports.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::write(path, serde_json::to_string_pretty(&out).unwrap() + "\n").unwrap();
}
