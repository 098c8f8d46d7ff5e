//! Open data of the platforms whose scheme is not WeChat's (`docs/platforms.md`): Baidu's
//! `encryptedData` (AES-192-CBC, padding up to 32 bytes, framed like message push and ending with
//! the App Key) and Alipay's phone number (AES-128-CBC with a zero IV under the app's content
//! encryption key). QQ, Douyin, Kuaishou and WeCom use WeChat's scheme: [`crate::open_data`].
//!
//! Both follow the open-data rules (`docs/protocol.md`, "Why every decryption failure looks the
//! same"): the checks before the cipher (base64, lengths) have their own errors; everything after
//! it (padding, framing, App Key tail, UTF-8, JSON) is one `ERR_DECRYPT_FAILED` with one message,
//! after the same checks whatever failed first.

use core::fmt;

use subtle::ConstantTimeEq;
use zeroize::Zeroizing;

use crate::crypto::{aes128_cbc_decrypt, aes192_cbc_decrypt, BLOCK};
use crate::encoding::{decode_base64, require_non_empty};
use crate::error::{Error, ErrorCode, Result};
use crate::open_data::{json_object_spans, wrong_length, zeroizing_array, Field};

/// The one message of every Baidu decryption failure after the cipher.
pub const BAIDU_DECRYPT_FAILED_MESSAGE: &str = "decryption failed: the data could not be decrypted with this session_key and iv for this App Key. \
Most likely the session_key no longer matches the one Baidu encrypted with (swan.login was called again after the data was produced), \
or appKey is not the App Key of the mini program that produced the data";

/// The one message of every Alipay decryption failure after the cipher.
pub const ALIPAY_DECRYPT_FAILED_MESSAGE: &str = "decryption failed: the response could not be decrypted with this aesKey. \
Most likely aesKey is not the content encryption (接口内容加密) AES key currently set for this app in the Alipay console";

/// A decrypted JSON object text (zeroized on drop).
pub struct DecryptedJson {
    buf: Zeroizing<Vec<u8>>,
    start: usize,
    end: usize,
}

impl DecryptedJson {
    /// The JSON text exactly as the platform encrypted it.
    pub fn text(&self) -> &str {
        // `start..end` was validated as UTF-8 JSON.
        self.buf
            .get(self.start..self.end)
            .and_then(|b| core::str::from_utf8(b).ok())
            .unwrap_or("")
    }
}

impl fmt::Debug for DecryptedJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "DecryptedJson(<{} bytes redacted>)",
            self.end.saturating_sub(self.start)
        )
    }
}

/// A base64 ciphertext decoded to a non-empty multiple of 16 bytes.
fn ciphertext(field: &'static str, text: &str) -> Result<Zeroizing<Vec<u8>>> {
    let bytes = decode_base64(field, text)?;
    if bytes.is_empty() || bytes.len() % BLOCK != 0 {
        return Err(Error::with_field(
            ErrorCode::InvalidCiphertext,
            field,
            format!(
                "{field} must decode to a non-empty multiple of 16 bytes; it decodes to {} bytes (truncated?)",
                bytes.len()
            ),
        ));
    }
    Ok(bytes)
}

/// What [`decrypt_baidu_open_data`] needs (all strings as received).
#[derive(Clone, Copy)]
pub struct BaiduOpenDataInput<'a> {
    /// The mini program's App Key (the plaintext ends with it).
    pub app_key: &'a str,
    /// The session_key from `jscode2sessionkey` (base64 of 24 bytes).
    pub session_key: &'a str,
    /// `encryptedData` as received.
    pub encrypted_data: &'a str,
    /// `iv` as received (base64 of 16 bytes).
    pub iv: &'a str,
}

impl fmt::Debug for BaiduOpenDataInput<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BaiduOpenDataInput")
            .field("app_key", &self.app_key)
            .field("session_key", &"[redacted]")
            .field(
                "encrypted_data",
                &format_args!("<{} chars>", self.encrypted_data.len()),
            )
            .field("iv", &self.iv)
            .finish()
    }
}

/// Decrypt Baidu open data: AES-192-CBC under the session_key, PKCS#7 padding of 1 to 32 bytes
/// (every byte checked, in constant time), then `random(16) || be_u32(len) || data || app_key`
/// with `20 + len + app_key.len()` equal to the unpadded length, the tail equal to `app_key`
/// (constant time) and `data` a UTF-8 JSON object. Returns `data`.
///
/// The IV only changes the first block, the discarded random prefix: the App Key tail is the
/// only integrity check, a known-plaintext check and not a MAC.
pub fn decrypt_baidu_open_data(input: &BaiduOpenDataInput<'_>) -> Result<DecryptedJson> {
    require_non_empty("appKey", input.app_key)?;
    require_non_empty("sessionKey", input.session_key)?;
    require_non_empty("iv", input.iv)?;
    require_non_empty("encryptedData", input.encrypted_data)?;
    let key_bytes = decode_base64("sessionKey", input.session_key)?;
    let Some(key) = zeroizing_array::<24>(&key_bytes) else {
        return Err(Error::with_field(
            ErrorCode::InvalidSessionKey,
            "sessionKey",
            format!(
                "sessionKey must decode to 24 bytes (32 base64 characters, as Baidu's jscode2sessionkey returns it); it decodes to {} bytes",
                key_bytes.len()
            ),
        ));
    };
    let iv_bytes = decode_base64("iv", input.iv)?;
    let Ok(iv) = <[u8; 16]>::try_from(iv_bytes.as_slice()) else {
        return Err(wrong_length(Field::Iv, iv_bytes.len()));
    };
    let mut buf = ciphertext("encryptedData", input.encrypted_data)?;
    let unpadded = aes192_cbc_decrypt(&key, &iv, &mut buf, 32);
    // Every check below runs whatever failed before it (no early return).
    let n = match unpadded {
        Ok(n) => n,
        Err(_) => buf.len(),
    };
    let len_bytes: [u8; 4] = buf
        .get(16..20)
        .and_then(|b| b.try_into().ok())
        .unwrap_or([0xff; 4]);
    let len = usize::try_from(u32::from_be_bytes(len_bytes)).unwrap_or(usize::MAX);
    let end = len.saturating_add(20);
    let frame_ok = n >= 20 && end.checked_add(input.app_key.len()) == Some(n);
    let data_end = end.min(n);
    let data = buf.get(20.min(data_end)..data_end).unwrap_or(&[]);
    let tail = buf.get(data_end..n).unwrap_or(&[]);
    let tail_ok = bool::from(tail.ct_eq(input.app_key.as_bytes()));
    let json_ok = json_object_spans(data).is_some();
    if unpadded.is_ok() && frame_ok && tail_ok && json_ok {
        return Ok(DecryptedJson {
            buf,
            start: 20,
            end: data_end,
        });
    }
    Err(Error::with_field(
        ErrorCode::DecryptFailed,
        "encryptedData",
        BAIDU_DECRYPT_FAILED_MESSAGE,
    ))
}

/// Decrypt the `response` of Alipay's `my.getPhoneNumber`: AES-128-CBC with a zero IV under the
/// app's content encryption key (base64 of 16 bytes), strict PKCS#7, a UTF-8 JSON object. Verify
/// Alipay's signature over it first (the JavaScript entry does, with WebCrypto).
pub fn decrypt_alipay_response(aes_key: &str, response: &str) -> Result<DecryptedJson> {
    require_non_empty("aesKey", aes_key)?;
    require_non_empty("response", response)?;
    let key_bytes = decode_base64("aesKey", aes_key).map_err(|e| e.in_field("aesKey"))?;
    let Some(key) = zeroizing_array::<16>(&key_bytes) else {
        return Err(Error::with_field(
            ErrorCode::InvalidAesKey,
            "aesKey",
            format!(
                "aesKey must decode to 16 bytes (24 base64 characters: the content encryption AES key of the Alipay console); it decodes to {} bytes",
                key_bytes.len()
            ),
        ));
    };
    let mut buf = ciphertext("response", response)?;
    let unpadded = aes128_cbc_decrypt(&key, &[0u8; 16], &mut buf, BLOCK);
    let n = match unpadded {
        Ok(n) => n,
        Err(_) => buf.len(),
    };
    let json_ok = json_object_spans(buf.get(..n).unwrap_or(&[])).is_some();
    if unpadded.is_ok() && json_ok {
        return Ok(DecryptedJson {
            buf,
            start: 0,
            end: n,
        });
    }
    Err(Error::with_field(
        ErrorCode::DecryptFailed,
        "response",
        ALIPAY_DECRYPT_FAILED_MESSAGE,
    ))
}
