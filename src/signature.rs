//! Signatures WeChat uses around login: the `rawData` SHA-1 signature and the login-state
//! HMAC-SHA256 signature (`docs/protocol.md`, "Signatures"). Comparisons are constant time.

use hmac::{Hmac, KeyInit, Mac};
use sha1::{Digest, Sha1};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::encoding::{from_hex, to_hex};

/// `sha1(rawData + session_key)` compared in constant time with `signature` (hex, either case).
/// A malformed signature (wrong length, non-hex) is simply `false`.
pub fn verify_raw_data_signature(raw_data: &str, signature: &str, session_key: &str) -> bool {
    let Some(expected) = from_hex::<20>(signature.trim()) else {
        return false;
    };
    let mut h = Sha1::new();
    h.update(raw_data.as_bytes());
    h.update(session_key.as_bytes());
    let actual: [u8; 20] = h.finalize().into();
    bool::from(actual.ct_eq(&expected))
}

/// `hex(sha1(rawData + session_key))`, lowercase (for tests and tools that produce signatures).
pub fn raw_data_signature(raw_data: &str, session_key: &str) -> String {
    let mut h = Sha1::new();
    h.update(raw_data.as_bytes());
    h.update(session_key.as_bytes());
    to_hex(&h.finalize())
}

/// The login-state signature: lowercase `hex(hmac_sha256(key = session_key text, msg = body))`.
/// `body` is `""` for GET requests such as `/wxa/checksession`.
pub fn sign_with_session_key(session_key: &str, body: &str) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    match <Hmac<Sha256> as KeyInit>::new_from_slice(session_key.as_bytes()) {
        Ok(mut mac) => {
            mac.update(body.as_bytes());
            to_hex(&mac.finalize().into_bytes())
        }
        Err(_) => String::new(),
    }
}

/// Lowercase `hex(sha256(data))`.
pub fn sha256_hex(data: &[u8]) -> String {
    to_hex(&Sha256::digest(data))
}

/// Constant-time equality of two hex signatures of `N` bytes (either case); malformed is `false`.
pub fn hex_signature_eq<const N: usize>(expected: &[u8; N], signature: &str) -> bool {
    match from_hex::<N>(signature.trim()) {
        Some(given) => bool::from(given.ct_eq(expected)),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RAW: &str = r#"{"nickName":"Band","gender":1,"language":"zh_CN","city":"Guangzhou","province":"Guangdong","country":"CN","avatarUrl":"http://wx.qlogo.cn/mmopen/vi_32/1vZvI39NWFQ9XM4LtQpFrQJ1xlgZxx3w7bQxKARol6503Iuswjjn6nIGBiaycAjAtpujxyzYsrztuuICqIM5ibXQ/0"}"#;

    #[test]
    fn raw_data_vector() {
        let key = "HyVFkGl5F5OQWJZZaNzBBg==";
        let sig = "75e81ceda165f4ffa64f4068af58c64b8f54b88c";
        assert!(verify_raw_data_signature(RAW, sig, key));
        assert!(verify_raw_data_signature(RAW, &sig.to_uppercase(), key));
        assert_eq!(raw_data_signature(RAW, key), sig);
        assert!(!verify_raw_data_signature(RAW, &sig[1..], key));
        assert!(!verify_raw_data_signature(RAW, "zz", key));
        assert!(!verify_raw_data_signature(
            &RAW.replace("Band", "Bond"),
            sig,
            key
        ));
    }

    #[test]
    fn hmac_vectors() {
        assert_eq!(
            sign_with_session_key("o0q0otL8aEzpcZL/FT9WsQ==", r#"{"foo":"bar"}"#),
            "654571f79995b2ce1e149e53c0a33dc39c0a74090db514261454e8dbe432aa0b"
        );
        assert_eq!(
            sign_with_session_key("tiihtNczf5v6AKRyjwEUhQ==", ""),
            "7154f9f8b4b76b92f541cbf0e37d48840fa06e5e42da92a6f80168a1516a4735"
        );
    }
}
