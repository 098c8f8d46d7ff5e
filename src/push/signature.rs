//! Push signatures: SHA-1 over the sorted, concatenated fields, compared in constant time.
//!
//! - URL check and plaintext-mode `signature`: `hex(sha1(concat(sort([token, timestamp, nonce]))))`.
//! - Safe-mode `msg_signature`: `hex(sha1(concat(sort([token, timestamp, nonce, Encrypt]))))`.

use sha1::{Digest, Sha1};

use crate::signature::hex_signature_eq;

/// sha1 of the sorted, concatenated parts (the WeChat push signature).
fn sorted_sha1(parts: &mut [&str]) -> [u8; 20] {
    parts.sort_unstable();
    let mut h = Sha1::new();
    for p in parts.iter() {
        h.update(p.as_bytes());
    }
    h.finalize().into()
}

/// `hex(sha1(concat(sort([token, timestamp, nonce]))))`: the URL-check / plaintext-mode signature.
pub fn push_signature(token: &str, timestamp: &str, nonce: &str) -> String {
    crate::encoding::to_hex(&sorted_sha1(&mut [token, timestamp, nonce]))
}

/// `hex(sha1(concat(sort([token, timestamp, nonce, encrypt]))))`: the safe-mode `msg_signature`.
pub fn msg_signature(token: &str, timestamp: &str, nonce: &str, encrypt: &str) -> String {
    crate::encoding::to_hex(&sorted_sha1(&mut [token, timestamp, nonce, encrypt]))
}

/// Check a URL-check / plaintext-mode `signature` (hex, either case) in constant time. A malformed
/// signature is simply `false`.
pub fn verify_push_signature(token: &str, timestamp: &str, nonce: &str, signature: &str) -> bool {
    let expected = sorted_sha1(&mut [token, timestamp, nonce]);
    hex_signature_eq(&expected, signature)
}

/// Check `msg_signature` over the four fields in constant time.
pub fn verify_msg_signature(
    token: &str,
    timestamp: &str,
    nonce: &str,
    encrypt: &str,
    signature: &str,
) -> bool {
    let expected = sorted_sha1(&mut [token, timestamp, nonce, encrypt]);
    hex_signature_eq(&expected, signature)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "AAAAA";

    #[test]
    fn url_check_vector() {
        assert!(verify_push_signature(
            TOKEN,
            "1714036504",
            "1514711492",
            "f464b24fc39322e44b38aa78f5edd27bd1441696"
        ));
        assert!(verify_push_signature(
            TOKEN,
            "1714036504",
            "1514711492",
            "F464B24FC39322E44B38AA78F5EDD27BD1441696"
        ));
        assert!(!verify_push_signature(
            TOKEN,
            "1714036505",
            "1514711492",
            "f464b24fc39322e44b38aa78f5edd27bd1441696"
        ));
        assert!(!verify_push_signature(
            TOKEN,
            "1714036504",
            "1514711492",
            "f464"
        ));
        assert_eq!(
            push_signature(TOKEN, "1714036504", "1514711492"),
            "f464b24fc39322e44b38aa78f5edd27bd1441696"
        );
    }
}
