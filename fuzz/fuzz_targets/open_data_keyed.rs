//! decrypt_open_data under a valid key, to reach everything after decryption.
//! Mode 0: the bytes are a ciphertext (cut to whole blocks): padding/UTF-8/JSON failures must all be
//! the one uniform ERR_DECRYPT_FAILED error. Mode 1: the bytes are a plaintext that we encrypt with
//! PKCS#7 first: decryption must succeed exactly when it is UTF-8 JSON object text that passes the
//! watermark and openId checks, and then return exactly that text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wx_open_data::crypto::aes128_cbc_encrypt;
use wx_open_data::encoding::encode_base64;
use wx_open_data::json;
use wx_open_data::open_data::{decrypt_open_data, validate, OpenDataInput, Options};
use wx_open_data::WatermarkRule;
use wx_open_data::{Error, ErrorCode};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&flags, body)) = data.split_first() else {
        return;
    };
    let options = Options {
        max_age_seconds: (flags & 2 != 0).then_some(600.0),
        now: Some(1_477_314_247.0),
        open_id: (flags & 4 != 0).then(|| "oGZUI0egBJY1zhBYw2KhdUfwVJJE".to_owned()),
        repair_base64: false,
        watermark: if flags & 8 != 0 {
            WatermarkRule::Optional
        } else {
            WatermarkRule::Required
        },
    };
    let app_ids = [common::APPID];
    let plaintext_mode = flags & 1 == 1;
    let ciphertext = if plaintext_mode {
        aes128_cbc_encrypt(&common::KEY, &common::IV, body, 16)
    } else {
        let whole = body.len() - body.len() % 16;
        body[..whole].to_vec()
    };
    if ciphertext.is_empty() {
        return;
    }
    let encrypted_data = encode_base64(&ciphertext);
    let input = OpenDataInput {
        app_ids: &app_ids,
        session_key: common::KEY_B64,
        encrypted_data: &encrypted_data,
        iv: common::IV_B64,
    };
    let result = decrypt_open_data(&input, &options);
    if plaintext_mode {
        // The expectation, computed independently of the decryption path.
        let expected = core::str::from_utf8(body)
            .ok()
            .and_then(|t| json::object_members(t).map(|m| (t, m)));
        match (&result, expected) {
            (Ok(d), Some((text, members))) => {
                assert_eq!(d.text(), text);
                assert!(validate(&members, &app_ids, &options).is_ok());
            }
            (Err(e), Some((_, members))) => {
                assert_ne!(e.code(), ErrorCode::DecryptFailed, "valid JSON object rejected as undecryptable");
                let v = validate(&members, &app_ids, &options).expect_err("validate must fail too");
                assert_eq!(v.code(), e.code());
            }
            (Err(e), None) => {
                assert_eq!(e.code(), ErrorCode::DecryptFailed);
                assert_eq!(e.message(), Error::decrypt_failed().message());
            }
            (Ok(_), None) => panic!("accepted a plaintext that is not UTF-8 JSON object text"),
        }
    }
    match &result {
        Ok(d) => {
            assert!(json::object_members(d.text()).is_some());
        }
        Err(e) => {
            let secret = core::str::from_utf8(body).unwrap_or("");
            // Secrets: the key, and (when it looks like a payload) the plaintext.
            let secrets: &[&str] = if secret.contains('{') { &[common::KEY_B64, secret] } else { &[common::KEY_B64] };
            common::check_error(e, secrets);
            if e.code() == ErrorCode::DecryptFailed {
                assert_eq!(e.message(), Error::decrypt_failed().message());
                assert_eq!(e.field(), Error::decrypt_failed().field());
            }
        }
    }
});
