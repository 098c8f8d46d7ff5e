//! decrypt_open_data with four arbitrary strings (appid, sessionKey, encryptedData, iv) and
//! arbitrary options: never panics; every error is well formed and never quotes the key; a success
//! is UTF-8 JSON object text whose watermark names an allowed appid. The owned-buffer entry
//! (`decrypt_owned`, base64 decoded in place) gives exactly the same result and error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wx_open_data::json;
use wx_open_data::open_data::{decrypt_open_data, decrypt_owned, OpenDataInput, Options};
use wx_open_data::payload::PayloadKind;
use zeroize::Zeroizing;
use wx_open_data::WatermarkRule;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((flags, f)) = common::fields(data) else {
        return;
    };
    let app = common::field(&f, 0);
    let session_key = common::field(&f, 1);
    let encrypted_data = common::field(&f, 2);
    let iv = common::field(&f, 3);
    let open_id = common::field(&f, 4);
    let ids_one = [app];
    let ids_two = [app, common::APPID];
    let app_ids: &[&str] = match flags & 3 {
        0 => &ids_one,
        1 => &ids_two,
        2 => &[],
        _ => &[common::APPID],
    };
    let options = Options {
        max_age_seconds: (flags & 4 != 0).then_some(f64::from(flags >> 4) * 100.0),
        now: Some(1_477_314_247.0),
        open_id: (flags & 8 != 0).then(|| open_id.to_owned()),
        repair_base64: flags & 0x40 != 0,
        watermark: if flags & 0x80 != 0 {
            WatermarkRule::Optional
        } else {
            WatermarkRule::Required
        },
    };
    let input = OpenDataInput {
        app_ids,
        session_key,
        encrypted_data,
        iv,
    };
    let _ = format!("{input:?}");
    let owned = decrypt_owned(
        PayloadKind::OpenData,
        app_ids,
        session_key,
        iv,
        Zeroizing::new(encrypted_data.as_bytes().to_vec()),
        &options,
    );
    let result = decrypt_open_data(&input, &options);
    match (&result, &owned) {
        (Ok(a), Ok(b)) => assert_eq!(a.text(), b.text()),
        (Err(a), Err(b)) => assert_eq!(a, b),
        _ => panic!("decrypt_owned and decrypt_open_data disagree"),
    }
    match result {
        Ok(d) => {
            let members = json::object_members(d.text()).expect("result is a JSON object");
            if let Some(wm) = members.get("watermark") {
                let appid = wm.members().and_then(|m| m.get("appid")).and_then(|a| a.as_str());
                let appid = appid.expect("accepted watermark has a string appid");
                assert!(app_ids.iter().any(|a| *a == appid.as_ref()));
            } else {
                assert_eq!(options.watermark, WatermarkRule::Optional);
            }
            assert!(!format!("{d:?}").contains(d.text()) || d.text().len() < 8);
        }
        Err(e) => {
            // Only a real key counts as a secret here: a short or malformed "key" can be (and was,
            // found by this target) a substring of the library's own static message text.
            let real_key = wx_open_data::encoding::decode_base64("k", session_key)
                .is_ok_and(|k| k.len() == 16);
            let key = [session_key];
            common::check_error(&e, if real_key { &key } else { &[] });
        }
    }
});
