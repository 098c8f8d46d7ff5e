//! Strict base64 and its transport-damage diagnosis: never panics; accepts exactly canonical
//! standard base64 (non-empty); the diagnosis of a rejected string is consistent with its content;
//! repair only ever changes spaces.
#![no_main]

use base64::Engine as _;
use libfuzzer_sys::fuzz_target;
use wx_open_data::encoding::{
    classify_damage, decode_base64, decode_base64_repair, encode_base64, from_hex, to_hex,
    Base64Damage,
};
use wx_open_data::ErrorCode;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = core::str::from_utf8(data) else {
        let _ = from_hex::<20>(&String::from_utf8_lossy(data));
        return;
    };
    match decode_base64("iv", s) {
        Ok(bytes) => {
            assert!(!s.is_empty());
            assert_eq!(encode_base64(&bytes), s, "accepted a non-canonical encoding");
        }
        Err(e) => {
            assert_eq!(e.code(), ErrorCode::InvalidBase64);
            assert_eq!(e.field(), Some("iv"));
            let reference = base64::engine::general_purpose::STANDARD.decode(s.as_bytes());
            assert!(reference.is_err() || s.is_empty());
            let damage = classify_damage(s);
            match damage {
                Base64Damage::Empty => assert!(s.is_empty()),
                Base64Damage::Spaces => assert!(s.contains(' ')),
                Base64Damage::DoubleUrlEncoded => assert!(s.contains('%')),
                Base64Damage::UrlSafeAlphabet => assert!(s.contains('-') || s.contains('_')),
                Base64Damage::MissingPadding => assert!(s.len() % 4 != 0),
                Base64Damage::LineBreaks | Base64Damage::Other => {}
            }
            assert!(!damage.id().is_empty() && !damage.explanation().is_empty());
        }
    }
    match decode_base64_repair("encryptedData", s, true) {
        Ok(bytes) => assert_eq!(encode_base64(&bytes), s.replace(' ', "+")),
        Err(e) => assert!(matches!(e.code(), ErrorCode::InvalidBase64)),
    }
    let hex = to_hex(data);
    assert_eq!(hex.len(), data.len() * 2);
    if data.len() == 20 {
        assert_eq!(from_hex::<20>(&hex).map(|b| b.to_vec()), Some(data.to_vec()));
    }
    let _ = from_hex::<20>(s);
    let _ = from_hex::<32>(s);
});
