//! Shared by the fuzz targets: split the fuzzer's bytes into fields and check error hygiene.
#![allow(dead_code)]

use wx_open_data::Error;

/// Fields are separated by 0xFF, a byte that never occurs in UTF-8, so no string is lost.
/// The first byte is a flag byte. Fields that are not UTF-8 make the input uninteresting (`None`).
pub fn fields(data: &[u8]) -> Option<(u8, Vec<&str>)> {
    let (&flags, rest) = data.split_first()?;
    let mut out = Vec::new();
    for part in rest.split(|&b| b == 0xFF) {
        out.push(core::str::from_utf8(part).ok()?);
    }
    Some((flags, out))
}

pub fn field<'a>(v: &[&'a str], i: usize) -> &'a str {
    v.get(i).copied().unwrap_or("")
}

/// Every error is well formed, and its message never carries the secret (when the secret is long
/// enough not to occur by chance in the library's static text).
pub fn check_error(e: &Error, secrets: &[&str]) {
    assert!(!e.message().is_empty(), "empty error message");
    assert!(e.code().as_str().starts_with("ERR_"));
    for s in secrets {
        if s.len() >= 16 {
            assert!(
                !e.message().contains(s),
                "error message {:?} contains a secret input",
                e.message()
            );
        }
    }
}

/// The key, iv and appid the keyed targets use (the official WeChat sample's).
pub const KEY: [u8; 16] = [
    0xb6, 0x28, 0xa1, 0xb4, 0xd7, 0x33, 0x7f, 0x9b, 0xfa, 0x00, 0xa4, 0x72, 0x8f, 0x01, 0x14, 0x85,
];
pub const KEY_B64: &str = "tiihtNczf5v6AKRyjwEUhQ==";
pub const IV: [u8; 16] = [
    0xaf, 0xb0, 0x57, 0x5c, 0xa9, 0x0b, 0x6f, 0xca, 0xab, 0x48, 0xd9, 0xf4, 0xe6, 0x7d, 0x2a, 0x88,
];
pub const IV_B64: &str = "r7BXXKkLb8qrSNn05n0qiA==";
pub const APPID: &str = "wx4f4bc4dec97d474b";
