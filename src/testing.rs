//! Test-only: produce real open-data `encryptedData` (AES-128-CBC, PKCS#7) under a session_key,
//! so users can exercise their own servers without a phone. Exposed to JavaScript only through the
//! `wx-open-data/testing` subpath. Never needed in production code: WeChat encrypts, servers decrypt.

use zeroize::Zeroizing;

use crate::crypto::{aes128_cbc_encrypt, BLOCK};
use crate::encoding::{decode_base64, encode_base64};
use crate::error::{Error, ErrorCode, Result};

/// Decode a session_key (strict base64 of 16 bytes), as the decoders require it.
pub fn decode_session_key(field: &'static str, session_key: &str) -> Result<Zeroizing<[u8; 16]>> {
    let bytes = decode_base64(field, session_key)?;
    let key: [u8; 16] = bytes.as_slice().try_into().map_err(|_| {
        Error::with_field(
            ErrorCode::InvalidSessionKey,
            field,
            format!(
                "{field} must decode to 16 bytes (24 base64 characters); it decodes to {} bytes",
                bytes.len()
            ),
        )
    })?;
    Ok(Zeroizing::new(key))
}

/// Decode an iv (strict base64 of 16 bytes).
pub fn decode_iv(iv: &str) -> Result<[u8; BLOCK]> {
    let bytes = decode_base64("iv", iv)?;
    bytes
        .as_slice()
        .try_into()
        .map_err(|_| crate::open_data::wrong_length(crate::open_data::Field::Iv, bytes.len()))
}

/// Encrypt `plaintext` the way WeChat produces `encryptedData`: AES-128-CBC with PKCS#7 (block 16)
/// under the base64-decoded session_key and iv. Returns the base64 `encryptedData`.
pub fn encrypt_open_data(session_key: &str, iv: &[u8; BLOCK], plaintext: &[u8]) -> Result<String> {
    let key = decode_session_key("sessionKey", session_key)?;
    crate::encoding::check_size("data", plaintext.len())?;
    Ok(encode_base64(&aes128_cbc_encrypt(
        &key, iv, plaintext, BLOCK,
    )))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::open_data::{decrypt_open_data, OpenDataInput, Options};

    const KEY: &str = "tiihtNczf5v6AKRyjwEUhQ==";
    const IV: &str = "r7BXXKkLb8qrSNn05n0qiA==";

    #[test]
    fn round_trips_through_the_decoder() {
        let text =
            r#"{"openId":"o1","nickName":"微信用户😀","watermark":{"appid":"wxA","timestamp":1}}"#;
        let iv = decode_iv(IV).unwrap();
        let data = encrypt_open_data(KEY, &iv, text.as_bytes()).unwrap();
        let out = decrypt_open_data(
            &OpenDataInput {
                app_ids: &["wxA"],
                session_key: KEY,
                encrypted_data: &data,
                iv: IV,
            },
            &Options::default(),
        )
        .unwrap();
        assert_eq!(out.text(), text);
    }

    #[test]
    fn reproduces_the_official_vector() {
        // The official plaintext re-encrypted under the official key and iv gives the official
        // encryptedData: the encryption is exactly WeChat's.
        let plain = r#"{"openId":"oGZUI0egBJY1zhBYw2KhdUfwVJJE","nickName":"Band","gender":1,"language":"zh_CN","city":"Guangzhou","province":"Guangdong","country":"CN","avatarUrl":"http://wx.qlogo.cn/mmopen/vi_32/aSKcBBPpibyKNicHNTMM0qJVh8Kjgiak2AHWr8MHM4WgMEm7GFhsf8OYrySdbvAMvTsw3mo8ibKicsnfN5pRjl1p8HQ/0","unionId":"ocMvos6NjeKLIBqg5Mr9QjxrP1FA","watermark":{"timestamp":1477314187,"appid":"wx4f4bc4dec97d474b"}}"#;
        let data = encrypt_open_data(KEY, &decode_iv(IV).unwrap(), plain.as_bytes()).unwrap();
        assert!(data.starts_with("CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZMQmRzooG2xrDcvSnx"));
        assert!(data.ends_with("K01EpqOyuxINew=="));
        assert_eq!(data.len(), 536);
    }

    #[test]
    fn rejects_bad_keys_and_ivs() {
        let iv = [0u8; 16];
        let e = encrypt_open_data("tiihtNczf5v6AKRyjwEUhQ", &iv, b"{}").unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidBase64);
        let e = encrypt_open_data("AAAA", &iv, b"{}").unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidSessionKey);
        assert_eq!(e.field(), Some("sessionKey"));
        assert_eq!(decode_iv("AAAA").unwrap_err().code(), ErrorCode::InvalidIv);
        assert_eq!(
            decode_iv("AA A").unwrap_err().code(),
            ErrorCode::InvalidBase64
        );
    }
}
