//! Typed decoders (src/payload.rs) under a valid key with arbitrary plaintexts: decrypt_payload
//! never panics, accepts only what decrypt_open_data accepts and check_shape passes, and
//! decrypt_with_keys finds the right key among wrong and missing ones with the same outcome.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wx_open_data::crypto::aes128_cbc_encrypt;
use wx_open_data::encoding::encode_base64;
use wx_open_data::json;
use wx_open_data::open_data::{decrypt_open_data, OpenDataInput, Options};
use wx_open_data::payload::{check_shape, decrypt_payload, decrypt_with_keys, PayloadKind};
use wx_open_data::WatermarkRule;

#[path = "common.rs"]
mod common;

const KINDS: [PayloadKind; 6] = [
    PayloadKind::OpenData,
    PayloadKind::UserInfo,
    PayloadKind::PhoneNumber,
    PayloadKind::ShareInfo,
    PayloadKind::GroupEnterInfo,
    PayloadKind::WeRunData,
];

fuzz_target!(|data: &[u8]| {
    let Some((&flags, body)) = data.split_first() else {
        return;
    };
    let kind = KINDS[usize::from(flags) % KINDS.len()];
    if let Ok(text) = core::str::from_utf8(body) {
        if let Some(m) = json::object_members(text) {
            let _ = check_shape(kind, &m);
        }
    }
    let ct = encode_base64(&aes128_cbc_encrypt(&common::KEY, &common::IV, body, 16));
    let app_ids = [common::APPID];
    let options = Options {
        now: Some(1_477_314_247.0),
        max_age_seconds: (flags & 0x40 != 0).then_some(600.0),
        watermark: if flags & 0x80 != 0 { WatermarkRule::Optional } else { WatermarkRule::Required },
        ..Options::default()
    };
    let input = OpenDataInput {
        app_ids: &app_ids,
        session_key: common::KEY_B64,
        encrypted_data: &ct,
        iv: common::IV_B64,
    };
    let typed = decrypt_payload(kind, &input, &options);
    let generic = decrypt_open_data(&input, &options);
    match (&typed, &generic) {
        (Ok(t), Ok(g)) => {
            assert_eq!(t.text(), g.text());
            assert!(check_shape(kind, &g.members()).is_ok());
        }
        (Ok(_), Err(_)) => panic!("typed decoder accepted what the generic one rejects"),
        (Err(e), Ok(g)) => {
            assert!(check_shape(kind, &g.members()).is_err());
            common::check_error(e, &[common::KEY_B64]);
        }
        (Err(a), Err(b)) => assert_eq!(a.code(), b.code()),
    }
    let wrong = "AAAAAAAAAAAAAAAAAAAAAA==";
    let keys = [None, Some(wrong), Some(common::KEY_B64)];
    match (decrypt_with_keys(kind, &app_ids, &keys, &ct, common::IV_B64, &options), &typed) {
        (Ok((d, i)), Ok(t)) => {
            assert_eq!(i, 2);
            assert_eq!(d.text(), t.text());
        }
        (Err(e), Err(_)) => common::check_error(&e, &[common::KEY_B64, wrong]),
        // A wrong key can only "succeed" with probability ~2^-100: treat any mismatch as a bug.
        (a, b) => panic!("decrypt_with_keys {:?} vs decrypt_payload {:?}", a.map(|x| x.1), b.as_ref().map(|_| ())),
    }
});
