//! Baidu's AES-192 framed open data and Alipay's zero-IV phone response.
//! - Arbitrary strings: no panic, and every error is well formed without the key in its message.
//! - Well-formed key and iv, arbitrary ciphertext: the only failure is the one uniform
//!   ERR_DECRYPT_FAILED (no oracle), and success happens exactly when a plain reference check of
//!   padding (1..=32), frame and App Key tail accepts the decrypted bytes.
//! - A frame built here (the fuzzer picks data, App Key and pad length, the tail or length may be
//!   corrupted) and encrypted with the `aes`/`cbc` crates opens to its data exactly when it is intact.
#![no_main]

mod common;

use aes::cipher::block_padding::NoPadding;
use aes::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use libfuzzer_sys::fuzz_target;
use wx_open_data::platforms::{decrypt_alipay_response, decrypt_baidu_open_data, BaiduOpenDataInput};
use wx_open_data::ErrorCode;

fn is_json_object(b: &[u8]) -> bool {
    matches!(serde_json::from_slice::<serde_json::Value>(b), Ok(serde_json::Value::Object(_)))
}

/// The reference: strict PKCS#7 up to 32, then `random16 || be32(len) || data || app_key`.
fn reference_baidu(pt: &[u8], app_key: &[u8]) -> Option<Vec<u8>> {
    let &p = pt.last()?;
    let p = usize::from(p);
    if p == 0 || p > 32 || p > pt.len() || !pt[pt.len() - p..].iter().all(|&b| usize::from(b) == p) {
        return None;
    }
    let body = &pt[..pt.len() - p];
    if body.len() < 20 {
        return None;
    }
    let len = u32::from_be_bytes(body[16..20].try_into().ok()?) as usize;
    if 20usize.checked_add(len)?.checked_add(app_key.len())? != body.len() {
        return None;
    }
    let (data, tail) = body[20..].split_at(len);
    (tail == app_key && is_json_object(data)).then(|| data.to_vec())
}

fn aes192_encrypt(key: &[u8; 24], iv: &[u8; 16], pt: &[u8]) -> Vec<u8> {
    let mut buf = pt.to_vec();
    let n = buf.len();
    let _ = cbc::Encryptor::<aes::Aes192>::new(key.into(), iv.into()).encrypt_padded::<NoPadding>(&mut buf, n);
    buf
}

fn aes192_decrypt(key: &[u8; 24], iv: &[u8; 16], ct: &[u8]) -> Vec<u8> {
    let mut buf = ct.to_vec();
    let _ = cbc::Decryptor::<aes::Aes192>::new(key.into(), iv.into()).decrypt_padded::<NoPadding>(&mut buf);
    buf
}

fuzz_target!(|data: &[u8]| {
    let Some((flags, f)) = common::fields(data) else { return };
    let (app_key, session_key, encrypted, iv) =
        (common::field(&f, 0), common::field(&f, 1), common::field(&f, 2), common::field(&f, 3));

    // 1. Arbitrary strings. The key must not show up in a message (checked when it looks like a key:
    // 24+ base64 characters, so that the library's own words cannot match it by chance).
    let secrets: &[&str] = if session_key.len() >= 24
        && session_key.bytes().all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))
    {
        &[session_key]
    } else {
        &[]
    };
    let input = BaiduOpenDataInput { app_key, session_key, encrypted_data: encrypted, iv };
    if let Err(e) = decrypt_baidu_open_data(&input) {
        common::check_error(&e, secrets);
    }
    if let Err(e) = decrypt_alipay_response(session_key, encrypted) {
        common::check_error(&e, secrets);
    }

    // 2. Valid key and iv, the fuzzer's bytes as ciphertext.
    let key: [u8; 24] = core::array::from_fn(|i| flags.wrapping_add(i as u8));
    let ivb = [flags ^ 0xa5; 16];
    let raw: Vec<u8> = encrypted.bytes().chain(core::iter::repeat(flags)).take(encrypted.len().div_ceil(16).max(1) * 16).collect();
    let (k64, iv64, ct64) = (STANDARD.encode(key), STANDARD.encode(ivb), STANDARD.encode(&raw));
    let got = decrypt_baidu_open_data(&BaiduOpenDataInput { app_key, session_key: &k64, encrypted_data: &ct64, iv: &iv64 });
    let want = reference_baidu(&aes192_decrypt(&key, &ivb, &raw), app_key.as_bytes());
    match (&got, &want) {
        (Err(e), _) if app_key.is_empty() => assert_eq!(e.code(), ErrorCode::InvalidArgument),
        (Ok(d), Some(w)) => assert_eq!(d.text().as_bytes(), w.as_slice()),
        (Err(e), None) => assert_eq!(e.code(), ErrorCode::DecryptFailed),
        _ => panic!("baidu: library {:?} vs reference {:?}", got.as_ref().map(|_| ()), want.is_some()),
    }
    let k16 = STANDARD.encode(&key[..16]);
    if let Err(e) = decrypt_alipay_response(&k16, &ct64) {
        assert_eq!(e.code(), ErrorCode::DecryptFailed);
    }

    // 3. A frame built and encrypted here, intact or corrupted as the flags say.
    // The data: a JSON object holding the fuzzer's string, or (flag 0x40) the same without its `}`.
    let quoted = serde_json::to_string(iv).unwrap_or_default();
    let json = if flags & 0x40 == 0 { format!("{{\"openid\":{quoted}}}") } else { format!("{{\"openid\":{quoted}") };
    let mut pt = vec![flags; 16];
    let len = json.len() as u32 + u32::from(flags & 0x80 != 0);
    pt.extend_from_slice(&len.to_be_bytes());
    pt.extend_from_slice(json.as_bytes());
    pt.extend_from_slice(app_key.as_bytes());
    if flags & 0x20 != 0 && !app_key.is_empty() {
        let last = pt.len() - 1;
        pt[last] ^= 1;
    }
    let pad = 32 - pt.len() % 32;
    let pad = if pad > 16 && flags & 0x10 != 0 { pad - 16 } else { pad };
    pt.extend(core::iter::repeat(pad as u8).take(pad));
    let ct = aes192_encrypt(&key, &ivb, &pt);
    let got = decrypt_baidu_open_data(&BaiduOpenDataInput { app_key, session_key: &k64, encrypted_data: &STANDARD.encode(&ct), iv: &iv64 });
    let intact = flags & 0xe0 == 0 && !app_key.is_empty();
    match got {
        Ok(d) => {
            assert!(intact, "a corrupted frame opened");
            assert_eq!(d.text(), json);
        }
        Err(e) => {
            assert!(!intact || app_key.is_empty(), "an intact frame was refused: {:?}", e.code());
            if !app_key.is_empty() {
                assert_eq!(e.code(), ErrorCode::DecryptFailed);
            }
        }
    }
});
