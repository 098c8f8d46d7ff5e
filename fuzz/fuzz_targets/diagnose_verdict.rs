//! diagnose and decryptOpenData agree: for arbitrary fields (each possibly absent), an appId list
//! (possibly empty) and options, diagnose's verdict (ok, code, field) is what decryptOpenData does
//! with the same input. Mode bit 0 set: the encryptedData is an arbitrary plaintext encrypted under
//! the real key, so the steps after decryption (watermark, age, openId) are reached too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wx_open_data::crypto::aes128_cbc_encrypt;
use wx_open_data::diagnose::{diagnose, DiagnoseInput, Status};
use wx_open_data::encoding::encode_base64;
use wx_open_data::open_data::{decrypt_open_data, OpenDataInput, Options};
use wx_open_data::WatermarkRule;

#[path = "common.rs"]
mod common;

/// What decryptOpenData does: the JS boundary requires appId, then sessionKey, encryptedData and
/// iv, then the core runs.
fn decoder(
    app_ids: &[&str],
    key: Option<&str>,
    data: Option<&str>,
    iv: Option<&str>,
    options: &Options,
) -> (bool, Option<&'static str>, Option<&'static str>) {
    if app_ids.is_empty() {
        return (false, Some("ERR_INVALID_ARGUMENT"), Some("appId"));
    }
    let (Some(key), Some(data), Some(iv)) = (key, data, iv) else {
        let field = if key.is_none() {
            "sessionKey"
        } else if data.is_none() {
            "encryptedData"
        } else {
            "iv"
        };
        return (false, Some("ERR_INVALID_ARGUMENT"), Some(field));
    };
    let input = OpenDataInput {
        app_ids,
        session_key: key,
        encrypted_data: data,
        iv,
    };
    match decrypt_open_data(&input, options) {
        Ok(_) => (true, None, None),
        Err(e) => (false, Some(e.code().as_str()), e.field()),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((flags, f)) = common::fields(data) else {
        return;
    };
    let g = |i| common::field(&f, i);
    let app_ids: Vec<&str> = g(3).split(',').filter(|s| !s.is_empty()).take(4).collect();
    let options = Options {
        now: Some(1_477_314_247.0),
        max_age_seconds: (flags & 16 != 0).then(|| f64::from(g(4).len() as u32) * 17.0),
        open_id: (flags & 64 != 0).then(|| g(5).to_owned()),
        repair_base64: flags & 32 != 0,
        watermark: if flags & 128 != 0 {
            WatermarkRule::Optional
        } else {
            WatermarkRule::Required
        },
    };
    let encrypted = (flags & 1 != 0)
        .then(|| encode_base64(&aes128_cbc_encrypt(&common::KEY, &common::IV, g(1).as_bytes(), 16)));
    let (key, iv, ct) = if let Some(ct) = encrypted.as_deref() {
        (Some(common::KEY_B64), Some(common::IV_B64), Some(ct))
    } else {
        (
            (flags & 2 != 0).then(|| g(0)),
            (flags & 8 != 0).then(|| g(2)),
            (flags & 4 != 0).then(|| g(1)),
        )
    };
    let r = diagnose(
        &DiagnoseInput {
            app_ids: &app_ids,
            session_key: key,
            encrypted_data: ct,
            iv,
        },
        &options,
    );
    let verdict = (r.ok, r.code.map(|c| c.as_str()), r.field);
    assert_eq!(verdict, decoder(&app_ids, key, ct, iv, &options));
    // A check fails exactly when the verdict does.
    assert_eq!(r.checks.iter().any(|c| c.status == Status::Fail), !r.ok);
});
