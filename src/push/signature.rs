//! Push signatures: SHA-1 over the sorted, concatenated fields, compared in constant time.
//!
//! - URL check and plaintext-mode `signature`: `hex(sha1(concat(sort([token, timestamp, nonce]))))`.
//! - Safe-mode `msg_signature`: `hex(sha1(concat(sort([token, timestamp, nonce, Encrypt]))))`.
//!
//! The signed `timestamp` and `nonce` are text. Callers that hold them as numbers (JavaScript
//! code often does) pass a [`TextOrNumber`]: a number stands for its decimal digits, and only a
//! non-negative integer up to 2^53 keeps the digits WeChat signed.

use std::borrow::Cow;

use sha1::{Digest, Sha1};

use crate::error::{Error, ErrorCode, Result};
use crate::signature::hex_signature_eq;

/// The largest timestamp accepted as a number: 2^53, the largest integer an IEEE 754 double (a
/// JavaScript number) holds exactly.
pub const MAX_TIMESTAMP_NUMBER: f64 = 9_007_199_254_740_992.0;

/// Most digits accepted in a timestamp given as text (2^53 has 16).
const MAX_TIMESTAMP_DIGITS: usize = 16;

/// A `timestamp` or `nonce` as the caller holds it: text, or a number standing for its decimal
/// text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TextOrNumber<'a> {
    /// Text, used as given (a timestamp must be ASCII digits).
    Text(&'a str),
    /// A number: only a non-negative integer up to [`MAX_TIMESTAMP_NUMBER`] is accepted.
    Number(f64),
}

impl<'a> TextOrNumber<'a> {
    /// Unix seconds: a finite, non-negative integer number up to [`MAX_TIMESTAMP_NUMBER`], or 1 to
    /// 16 ASCII digits. Anything else is `ERR_INVALID_ARGUMENT` naming `field`.
    pub fn timestamp(self, field: &'static str) -> Result<u64> {
        match self {
            TextOrNumber::Number(n) => {
                if n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n <= MAX_TIMESTAMP_NUMBER {
                    // An integer in 0..=2^53: the conversion is exact.
                    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    return Ok(n as u64);
                }
                Err(Error::with_field(
                    ErrorCode::InvalidArgument,
                    field,
                    format!("{field} must be a non-negative integer (unix seconds)"),
                ))
            }
            TextOrNumber::Text(s) => {
                if !s.is_empty()
                    && s.len() <= MAX_TIMESTAMP_DIGITS
                    && s.bytes().all(|b| b.is_ascii_digit())
                {
                    if let Ok(n) = s.parse::<u64>() {
                        return Ok(n);
                    }
                }
                Err(Error::with_field(
                    ErrorCode::InvalidArgument,
                    field,
                    format!("{field} must be unix seconds: digits only"),
                ))
            }
        }
    }

    /// The text that is signed: text as given; a number as its decimal digits, accepted only
    /// under the same rule as a numeric [`timestamp`](Self::timestamp) (a fraction, a negative
    /// number or one above 2^53 would not give back the digits WeChat signed).
    pub fn signed_text(self, field: &'static str) -> Result<Cow<'a, str>> {
        match self {
            TextOrNumber::Text(s) => Ok(Cow::Borrowed(s)),
            TextOrNumber::Number(_) => Ok(Cow::Owned(self.timestamp(field)?.to_string())),
        }
    }
}

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
    fn timestamps_as_numbers_or_digits() {
        let ok = |v: TextOrNumber<'_>| v.timestamp("timestamp").ok();
        assert_eq!(ok(TextOrNumber::Number(1714112445.0)), Some(1714112445));
        assert_eq!(ok(TextOrNumber::Number(0.0)), Some(0));
        assert_eq!(
            ok(TextOrNumber::Number(MAX_TIMESTAMP_NUMBER)),
            Some(1 << 53)
        );
        assert_eq!(ok(TextOrNumber::Text("1714112445")), Some(1714112445));
        assert_eq!(
            ok(TextOrNumber::Text("9999999999999999")),
            Some(9_999_999_999_999_999)
        );
        for bad in [
            TextOrNumber::Number(-1.0),
            TextOrNumber::Number(1.5),
            TextOrNumber::Number(f64::NAN),
            TextOrNumber::Number(f64::INFINITY),
            TextOrNumber::Number(MAX_TIMESTAMP_NUMBER * 2.0),
            TextOrNumber::Text(""),
            TextOrNumber::Text("12a"),
            TextOrNumber::Text("-1"),
            TextOrNumber::Text(" 1"),
            TextOrNumber::Text("12345678901234567"),
        ] {
            let e = bad.timestamp("TimeStamp").err();
            assert_eq!(
                e.as_ref().map(|e| (e.code(), e.field())),
                Some((ErrorCode::InvalidArgument, Some("TimeStamp"))),
                "{bad:?}"
            );
        }
        assert_eq!(
            TextOrNumber::Number(-1.0)
                .timestamp("timestamp")
                .err()
                .map(|e| e.message().to_owned()),
            Some("timestamp must be a non-negative integer (unix seconds)".to_owned())
        );
        assert_eq!(
            TextOrNumber::Text("x")
                .timestamp("timestamp")
                .err()
                .map(|e| e.message().to_owned()),
            Some("timestamp must be unix seconds: digits only".to_owned())
        );
    }

    #[test]
    fn signed_text_keeps_text_and_prints_integers() {
        let t = |v: TextOrNumber<'_>| v.signed_text("nonce").map(Cow::into_owned).ok();
        assert_eq!(t(TextOrNumber::Text("n-1 x")), Some("n-1 x".to_owned()));
        assert_eq!(t(TextOrNumber::Text("")), Some(String::new()));
        assert_eq!(
            t(TextOrNumber::Number(415670741.0)),
            Some("415670741".to_owned())
        );
        assert_eq!(t(TextOrNumber::Number(0.5)), None);
        assert_eq!(t(TextOrNumber::Number(-3.0)), None);
    }

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
