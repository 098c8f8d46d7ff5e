//! Signatures with arbitrary strings: never panic; verify accepts exactly the right digest (either
//! case, surrounding whitespace trimmed) and rejects one flipped nibble; HMAC output is 64 hex.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wx_open_data::signature::{
    hex_signature_eq, raw_data_signature, sha256_hex, sign_with_session_key,
    verify_raw_data_signature,
};

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((flags, f)) = common::fields(data) else {
        return;
    };
    let raw = common::field(&f, 0);
    let key = common::field(&f, 1);
    let sig = common::field(&f, 2);
    let _ = verify_raw_data_signature(raw, sig, key);
    let good = raw_data_signature(raw, key);
    assert_eq!(good.len(), 40);
    assert!(verify_raw_data_signature(raw, &good, key));
    let shown = if flags & 1 == 1 { good.to_uppercase() } else { good.clone() };
    assert!(verify_raw_data_signature(raw, &shown, key));
    let mut bad = good.clone().into_bytes();
    let i = usize::from(flags) % bad.len();
    bad[i] = if bad[i] == b'0' { b'1' } else { b'0' };
    assert!(!verify_raw_data_signature(raw, core::str::from_utf8(&bad).unwrap_or(""), key));
    let mac = sign_with_session_key(key, raw);
    assert_eq!(mac.len(), 64);
    assert!(mac.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
    let digest: [u8; 32] = wx_open_data::encoding::from_hex::<32>(&sha256_hex(raw.as_bytes())).expect("hex");
    assert!(hex_signature_eq(&digest, &sha256_hex(raw.as_bytes())));
    let _ = hex_signature_eq(&digest, sig);
});
