//! EncodingAESKeys: parsing one key, and the list of keys accepted while a key is being changed.
//!
//! An EncodingAESKey is 43 base64 characters (`A-Z a-z 0-9 + /`, no `=`); with a final `=` appended
//! it decodes to the 32-byte AES-256 key. Its trailing bits may be non-zero (real keys have them).
//! The CBC IV is the first 16 key bytes.
//!
//! While a key is being changed in the WeChat console, pushes may arrive under either key, so a
//! list of 1 to [`MAX_KEYS`] keys is accepted, current first. Replies use the current key.

use core::fmt;

use base64::Engine as _;
use zeroize::Zeroizing;

use crate::encoding::{check_size, STANDARD_ALLOW_TRAILING_BITS};
use crate::error::{Error, ErrorCode, Result};

/// Length of an EncodingAESKey (43 base64 characters; with `=` it decodes to 32 bytes).
pub const ENCODING_AES_KEY_LEN: usize = 43;

/// Most EncodingAESKeys accepted at once (current and previous, with room for a staged one).
pub const MAX_KEYS: usize = 4;

/// The input field that holds the EncodingAESKey(s).
const FIELD: &str = "encodingAESKey";

/// A parsed EncodingAESKey: the 32-byte AES key (its first 16 bytes are the IV). Zeroized on drop.
pub struct PushKey(Zeroizing<[u8; 32]>);

impl fmt::Debug for PushKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PushKey([redacted])")
    }
}

impl PushKey {
    /// Parse a 43-character EncodingAESKey (`ERR_INVALID_AES_KEY` otherwise).
    pub fn parse(encoding_aes_key: &str) -> Result<Self> {
        check_size(FIELD, encoding_aes_key.len())?;
        let n = encoding_aes_key.chars().count();
        if n != ENCODING_AES_KEY_LEN {
            return Err(Error::with_field(
                ErrorCode::InvalidAesKey,
                FIELD,
                format!(
                    "encodingAESKey must be the 43-character EncodingAESKey from the WeChat console \
                     (开发管理 > 消息推送); it has {n} characters"
                ),
            ));
        }
        let bytes = encoding_aes_key.as_bytes();
        if !bytes
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
        {
            return Err(Error::with_field(
                ErrorCode::InvalidAesKey,
                FIELD,
                "encodingAESKey may only contain A-Z a-z 0-9 + / (it is base64 without the final '='); copy it from the WeChat console unchanged",
            ));
        }
        let mut padded = Zeroizing::new(Vec::with_capacity(44));
        padded.extend_from_slice(bytes);
        padded.push(b'=');
        let mut key = Zeroizing::new([0u8; 32]);
        match STANDARD_ALLOW_TRAILING_BITS.decode_slice(padded.as_slice(), key.as_mut_slice()) {
            Ok(32) => Ok(PushKey(key)),
            _ => Err(Error::with_field(
                ErrorCode::InvalidAesKey,
                FIELD,
                "encodingAESKey does not decode to a 32-byte AES key; copy it from the WeChat console unchanged",
            )),
        }
    }

    /// The 32 key bytes.
    pub(super) fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The CBC IV: the first 16 key bytes.
    pub(super) fn iv(&self) -> [u8; 16] {
        let mut iv = [0u8; 16];
        for (d, s) in iv.iter_mut().zip(self.0.iter()) {
            *d = *s;
        }
        iv
    }
}

/// Parse one to [`MAX_KEYS`] EncodingAESKeys (current first).
pub fn parse_keys(keys: &[&str]) -> Result<Vec<PushKey>> {
    if keys.is_empty() || keys.len() > MAX_KEYS {
        return Err(Error::with_field(
            ErrorCode::InvalidArgument,
            FIELD,
            format!("encodingAESKey must be one key or a list of 1 to {MAX_KEYS} keys (current first, then previous)"),
        ));
    }
    keys.iter().map(|k| PushKey::parse(k)).collect()
}

/// Check the length of an EncodingAESKey list before its keys are read: 1 to [`MAX_KEYS`]
/// (`ERR_INVALID_ARGUMENT` otherwise).
pub fn check_key_list_len(len: usize) -> Result<()> {
    if len == 0 || len > MAX_KEYS {
        return Err(Error::with_field(
            ErrorCode::InvalidArgument,
            FIELD,
            format!("encodingAESKey must list 1 to {MAX_KEYS} keys (current first, then previous)"),
        ));
    }
    Ok(())
}

/// The error for an absent EncodingAESKey (`ERR_INVALID_ARGUMENT`).
pub fn keys_required() -> Error {
    Error::with_field(
        ErrorCode::InvalidArgument,
        FIELD,
        "encodingAESKey is required: the 43-character EncodingAESKey of the WeChat console (or [current, previous])",
    )
}

/// The key a reply is encrypted with: the current one, first in the list (`ERR_INVALID_ARGUMENT`
/// for an empty list).
pub fn current_key<'k>(keys: &[&'k str]) -> Result<&'k str> {
    keys.first().copied().ok_or_else(|| {
        Error::with_field(
            ErrorCode::InvalidArgument,
            FIELD,
            "encodingAESKey is required",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    #[test]
    fn keys() {
        assert!(PushKey::parse(KEY).is_ok());
        // Real keys have non-zero trailing bits: the last character is not A/Q/g/w.
        assert!(PushKey::parse("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG").is_ok());
        for bad in [
            "",
            "AAAA",
            &"A".repeat(44),
            &format!("{}=", "A".repeat(42)),
            &format!("{}-", "A".repeat(42)),
        ] {
            assert_eq!(
                PushKey::parse(bad).err().map(|e| (e.code(), e.field())),
                Some((ErrorCode::InvalidAesKey, Some("encodingAESKey"))),
                "{bad}"
            );
        }
        assert_eq!(
            format!("{:?}", PushKey::parse(KEY).ok()),
            "Some(PushKey([redacted]))"
        );
    }

    #[test]
    fn key_lists() {
        for len in 1..=MAX_KEYS {
            assert!(check_key_list_len(len).is_ok());
        }
        for len in [0, MAX_KEYS + 1, usize::MAX] {
            assert_eq!(
                check_key_list_len(len).err().map(|e| (e.code(), e.field())),
                Some((ErrorCode::InvalidArgument, Some("encodingAESKey")))
            );
        }
        assert_eq!(current_key(&["a", "b"]).ok(), Some("a"));
        assert!(current_key(&[]).is_err());
        assert_eq!(keys_required().field(), Some("encodingAESKey"));
        assert_eq!(
            parse_keys(&[]).err().map(|e| e.code()),
            Some(ErrorCode::InvalidArgument)
        );
        assert_eq!(parse_keys(&[KEY, KEY]).map(|k| k.len()).ok(), Some(2));
    }
}
