//! diagnose (src/diagnose.rs): arbitrary inputs (mode 0) and a valid key with an arbitrary
//! plaintext (mode 1). Never panics; the report is JSON; it never contains the session key, nor
//! the plaintext of a payload.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wx_open_data::crypto::aes128_cbc_encrypt;
use wx_open_data::diagnose::{diagnose, DiagnoseInput};
use wx_open_data::encoding::encode_base64;
use wx_open_data::json;
use wx_open_data::open_data::Options;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, body)) = data.split_first() else {
        return;
    };
    let app_ids = [common::APPID];
    let (report, secrets): (_, Vec<String>) = if flags & 1 == 0 {
        let Some((_, f)) = common::fields(data) else {
            return;
        };
        let g = |i| common::field(&f, i);
        let input = DiagnoseInput {
            app_ids: &app_ids,
            session_key: (flags & 2 != 0).then(|| g(0)),
            encrypted_data: (flags & 4 != 0).then(|| g(1)),
            iv: (flags & 8 != 0).then(|| g(2)),
        };
        let options = Options {
            now: Some(1_477_314_247.0),
            max_age_seconds: (flags & 16 != 0).then_some(600.0),
            repair_base64: flags & 32 != 0,
            ..Options::default()
        };
        let real_key = wx_open_data::encoding::decode_base64("k", g(0)).is_ok_and(|k| k.len() == 16);
        (diagnose(&input, &options), if real_key { vec![g(0).to_owned()] } else { vec![] })
    } else {
        let ct = encode_base64(&aes128_cbc_encrypt(&common::KEY, &common::IV, body, 16));
        let input = DiagnoseInput {
            app_ids: &app_ids,
            session_key: Some(common::KEY_B64),
            encrypted_data: Some(&ct),
            iv: Some(common::IV_B64),
        };
        let options = Options {
            now: Some(1_477_314_247.0),
            max_age_seconds: (flags & 16 != 0).then_some(600.0),
            ..Options::default()
        };
        let mut secrets = vec![common::KEY_B64.to_owned()];
        // A payload-looking plaintext (long, with a brace) must not appear in the report.
        if let Ok(t) = core::str::from_utf8(body) {
            if t.len() >= 24 && t.contains('{') {
                secrets.push(t.to_owned());
            }
        }
        (diagnose(&input, &options), secrets)
    };
    let out = report.to_json();
    assert!(json::object_members(&out).is_some(), "report is not a JSON object: {out}");
    for s in &secrets {
        assert!(!out.contains(s.as_str()), "diagnose report contains a secret");
    }
});
