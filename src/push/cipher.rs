//! Safe-mode encryption: AES-256-CBC under the EncodingAESKey (IV = its first 16 bytes), PKCS#7
//! padding to a 32-byte block (pad 1..=32, every pad byte checked), and the plaintext framing
//! `random(16) || be_u32(len) || msg || appid` with `20 + len <= total`.
//!
//! Every failure after decryption (padding, length field, UTF-8, and, in the request helper, a
//! message that is not JSON/XML) is one error with one message ([`PUSH_DECRYPT_FAILED_MESSAGE`]).

use crate::encoding::require_non_empty;
use core::fmt;
use std::borrow::Cow;

use zeroize::Zeroizing;

use super::keys::{parse_keys, PushKey};
use super::signature::{msg_signature, verify_msg_signature, TextOrNumber};
use crate::crypto::{aes256_cbc_decrypt, aes256_cbc_encrypt, BLOCK};
use crate::encoding::{check_size, decode_base64, encode_base64};
use crate::error::{Error, ErrorCode, Result};

/// The one message of every push decryption failure (padding, length field, UTF-8, message
/// format): a client cannot tell them apart.
pub const PUSH_DECRYPT_FAILED_MESSAGE: &str = "decryption failed: the push message could not be decrypted with the EncodingAESKey given. \
Most likely the EncodingAESKey was changed in the WeChat console (while changing it, pass [current, previous] as encodingAESKey), \
or the message was encrypted for another app";

/// The uniform push decryption failure.
pub fn decrypt_failed() -> Error {
    Error::with_field(
        ErrorCode::DecryptFailed,
        "encrypt",
        PUSH_DECRYPT_FAILED_MESSAGE,
    )
}

/// What [`decrypt_push_message`] needs (all strings as received).
#[derive(Clone, Copy)]
pub struct PushDecryptInput<'a> {
    /// The Token configured in the WeChat console.
    pub token: &'a str,
    /// The EncodingAESKey(s): current first, then previous during a key change.
    pub encoding_aes_keys: &'a [&'a str],
    /// The allowed appid(s).
    pub app_ids: &'a [&'a str],
    /// `timestamp` of the query string.
    pub timestamp: &'a str,
    /// `nonce` of the query string.
    pub nonce: &'a str,
    /// `msg_signature` of the query string.
    pub msg_signature: &'a str,
    /// The body's `Encrypt` field (base64).
    pub encrypt: &'a str,
}

impl fmt::Debug for PushDecryptInput<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PushDecryptInput")
            .field("token", &"[redacted]")
            .field("encoding_aes_keys", &"[redacted]")
            .field("app_ids", &self.app_ids)
            .field("timestamp", &self.timestamp)
            .field("nonce", &self.nonce)
            .field("msg_signature", &self.msg_signature)
            .field("encrypt", &format_args!("<{} chars>", self.encrypt.len()))
            .finish()
    }
}

/// A decrypted push message: its text and which key and appid matched. Zeroized on drop.
pub struct PushMessage {
    buf: Zeroizing<Vec<u8>>,
    start: usize,
    end: usize,
    key_index: usize,
    app_id_index: usize,
}

impl PushMessage {
    /// The message text (JSON or XML), exactly as WeChat encrypted it.
    pub fn text(&self) -> &str {
        // `start..end` was validated as UTF-8 in `decrypt_push_message`.
        self.buf
            .get(self.start..self.end)
            .and_then(|b| core::str::from_utf8(b).ok())
            .unwrap_or("")
    }

    /// Index of the EncodingAESKey that decrypted it (0 = current, 1 = previous...).
    pub fn key_index(&self) -> usize {
        self.key_index
    }

    /// Index of the matching appid in the allowed list.
    pub fn app_id_index(&self) -> usize {
        self.app_id_index
    }
}

impl fmt::Debug for PushMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "PushMessage(<{} bytes redacted>, key {})",
            self.end.saturating_sub(self.start),
            self.key_index
        )
    }
}

pub(super) fn check_app_ids(app_ids: &[&str]) -> Result<()> {
    if app_ids.is_empty() || app_ids.iter().any(|a| a.is_empty()) {
        return Err(Error::with_field(
            ErrorCode::InvalidArgument,
            "appId",
            "appId must be a non-empty appid or a non-empty list of them",
        ));
    }
    Ok(())
}

/// Verify `msg_signature`, then decrypt `Encrypt` and check the layout and appid.
///
/// Order: argument checks, key parsing (`ERR_INVALID_AES_KEY`), `msg_signature`
/// (`ERR_SIGNATURE_MISMATCH`, constant time), strict base64 (`ERR_INVALID_BASE64`), ciphertext length
/// (`ERR_INVALID_CIPHERTEXT`), then each key in turn: AES-256-CBC, PKCS#7/32, `20 + len <= total`,
/// UTF-8 (all `ERR_DECRYPT_FAILED`, one message), then the appid (`ERR_APPID_MISMATCH`).
pub fn decrypt_push_message(input: &PushDecryptInput<'_>) -> Result<PushMessage> {
    require_non_empty("token", input.token)?;
    check_app_ids(input.app_ids)?;
    require_non_empty("timestamp", input.timestamp)?;
    require_non_empty("nonce", input.nonce)?;
    check_size("msgSignature", input.msg_signature.len())?;
    require_non_empty("encrypt", input.encrypt)?;
    let keys = parse_keys(input.encoding_aes_keys)?;
    if !verify_msg_signature(
        input.token,
        input.timestamp,
        input.nonce,
        input.encrypt,
        input.msg_signature,
    ) {
        return Err(Error::with_field(
            ErrorCode::SignatureMismatch,
            "msgSignature",
            "msg_signature does not match sha1(sort(token, timestamp, nonce, Encrypt)): the Token differs from the one \
             configured in the WeChat console, or the request did not come from WeChat (nothing was decrypted)",
        ));
    }
    let ciphertext = decode_base64("encrypt", input.encrypt)?;
    if ciphertext.is_empty() || ciphertext.len() % BLOCK != 0 {
        return Err(Error::with_field(
            ErrorCode::InvalidCiphertext,
            "encrypt",
            format!(
                "Encrypt must decode to a non-empty multiple of 16 bytes; it decodes to {} bytes (truncated?)",
                ciphertext.len()
            ),
        ));
    }
    for (key_index, key) in keys.iter().enumerate() {
        let mut buf = Zeroizing::new(ciphertext.to_vec());
        let Some((start, end, app_id)) = open_layout(key, &mut buf) else {
            continue;
        };
        let app_id_index = input
            .app_ids
            .iter()
            .position(|a| a.as_bytes() == app_id)
            .ok_or_else(|| {
                Error::with_field(
                    ErrorCode::AppIdMismatch,
                    "appId",
                    "the push message was encrypted for an appid that is not in appId: \
                     the message belongs to another app (pass every appid this endpoint serves as a list)",
                )
            })?;
        return Ok(PushMessage {
            buf,
            start,
            end,
            key_index,
            app_id_index,
        });
    }
    Err(decrypt_failed())
}

/// Decrypt in place and check the layout; `Some((msg_start, msg_end, appid bytes))` when the
/// padding, length field and UTF-8 are all valid.
fn open_layout<'b>(key: &PushKey, buf: &'b mut [u8]) -> Option<(usize, usize, &'b [u8])> {
    let n = aes256_cbc_decrypt(key.bytes(), &key.iv(), buf, 32).ok()?;
    let plain = buf.get(..n)?;
    let len_bytes: [u8; 4] = plain.get(16..20)?.try_into().ok()?;
    let len = usize::try_from(u32::from_be_bytes(len_bytes)).ok()?;
    let end = 20usize.checked_add(len)?;
    if end > n {
        return None;
    }
    let msg = plain.get(20..end)?;
    core::str::from_utf8(msg).ok()?;
    let app_id = plain.get(end..)?;
    Some((20, end, app_id))
}

/// What [`encrypt_push_reply`] needs.
#[derive(Clone, Copy)]
pub struct PushReplyInput<'a> {
    /// The Token configured in the WeChat console.
    pub token: &'a str,
    /// The current EncodingAESKey.
    pub encoding_aes_key: &'a str,
    /// The appid to encrypt for.
    pub app_id: &'a str,
    /// The reply text (JSON or XML).
    pub message: &'a str,
    /// Unix seconds.
    pub timestamp: u64,
    /// Any nonce text (WeChat uses digits).
    pub nonce: &'a str,
    /// The 16 random bytes that start the plaintext (16 ASCII alphanumerics by default).
    pub random: &'a [u8; 16],
}

impl fmt::Debug for PushReplyInput<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PushReplyInput")
            .field("token", &"[redacted]")
            .field("encoding_aes_key", &"[redacted]")
            .field("app_id", &self.app_id)
            .field("message", &format_args!("<{} bytes>", self.message.len()))
            .field("timestamp", &self.timestamp)
            .field("nonce", &self.nonce)
            .finish_non_exhaustive()
    }
}

/// An encrypted reply: the four fields WeChat expects.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushReply {
    /// base64 ciphertext.
    pub encrypt: String,
    /// `msg_signature` over token, timestamp, nonce, encrypt (lowercase hex).
    pub msg_signature: String,
    /// Unix seconds (a number in the JSON rendering).
    pub timestamp: u64,
    /// The nonce.
    pub nonce: String,
}

/// Encrypt a reply: `random || be_u32(len) || message || appid`, PKCS#7/32, AES-256-CBC, then sign.
pub fn encrypt_push_reply(input: &PushReplyInput<'_>) -> Result<PushReply> {
    require_non_empty("token", input.token)?;
    require_non_empty("appId", input.app_id)?;
    require_non_empty("nonce", input.nonce)?;
    check_size("message", input.message.len())?;
    let key = PushKey::parse(input.encoding_aes_key)?;
    let len = u32::try_from(input.message.len()).map_err(|_| {
        Error::with_field(ErrorCode::InputTooLarge, "message", "message is too large")
    })?;
    let mut plain = Zeroizing::new(Vec::with_capacity(
        20 + input.message.len() + input.app_id.len(),
    ));
    plain.extend_from_slice(input.random);
    plain.extend_from_slice(&len.to_be_bytes());
    plain.extend_from_slice(input.message.as_bytes());
    plain.extend_from_slice(input.app_id.as_bytes());
    let ct = aes256_cbc_encrypt(key.bytes(), &key.iv(), &plain, 32);
    let encrypt = encode_base64(&ct);
    let timestamp = input.timestamp.to_string();
    let msg_signature = msg_signature(input.token, &timestamp, input.nonce, &encrypt);
    Ok(PushReply {
        encrypt,
        msg_signature,
        timestamp: input.timestamp,
        nonce: input.nonce.to_owned(),
    })
}

const ALPHANUMERIC: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// 16 uniformly random ASCII alphanumerics from a cryptographic RNG `fill` (rejection sampling:
/// bytes >= 248 are discarded so every character has probability 1/62).
pub fn random_alphanumeric(
    mut fill: impl FnMut(&mut [u8]) -> Result<()>,
) -> Result<Zeroizing<[u8; 16]>> {
    let mut out = Zeroizing::new([0u8; 16]);
    let mut have = 0usize;
    let mut pool = Zeroizing::new([0u8; 32]);
    // Each byte is accepted with probability 248/256; 64 rounds failing is impossible in practice.
    for _ in 0..64 {
        fill(pool.as_mut_slice())?;
        for &b in pool.iter() {
            if b >= 248 {
                continue;
            }
            if let (Some(slot), Some(&c)) = (
                out.get_mut(have),
                ALPHANUMERIC.get(usize::from(b) % ALPHANUMERIC.len()),
            ) {
                *slot = c;
                have += 1;
            }
        }
        if have >= 16 {
            return Ok(out);
        }
    }
    Err(Error::new(
        ErrorCode::InvalidArgument,
        "the random number generator returned degenerate output",
    ))
}

/// Error of a reply whose `appId` is a list: a reply is encrypted for exactly one appid, the one
/// the push was for (`ERR_INVALID_ARGUMENT`).
pub fn reply_app_id_list_error() -> Error {
    Error::with_field(
        ErrorCode::InvalidArgument,
        "appId",
        "appId of a reply must be one appid (the one the push was for: openPushRequest returns it as appId)",
    )
}

/// The reply's timestamp: the given one under the timestamp rule of
/// [`TextOrNumber::timestamp`], or the current time from `now_seconds` (unix seconds, rounded
/// down; only called when the timestamp is absent).
pub fn reply_timestamp(
    value: Option<TextOrNumber<'_>>,
    now_seconds: impl FnOnce() -> f64,
) -> Result<u64> {
    value
        .unwrap_or_else(|| TextOrNumber::Number(now_seconds().floor()))
        .timestamp("timestamp")
}

/// The reply's nonce: the given one (text, or an integer number's digits, as
/// [`TextOrNumber::signed_text`]), or ten random digits like WeChat's own nonces when absent.
pub fn reply_nonce<'a>(
    value: Option<TextOrNumber<'a>>,
    fill: impl FnMut(&mut [u8]) -> Result<()>,
) -> Result<Cow<'a, str>> {
    match value {
        Some(v) => v.signed_text("nonce"),
        None => random_digits(fill).map(Cow::Owned),
    }
}

/// Ten uniformly random ASCII digits from a cryptographic RNG `fill` (rejection sampling: bytes
/// >= 250 are discarded so every digit has probability 1/10).
pub fn random_digits(mut fill: impl FnMut(&mut [u8]) -> Result<()>) -> Result<String> {
    let mut digits = String::with_capacity(10);
    // Each byte is kept with probability 250/256: 64 rounds of 16 cannot all fail in practice.
    for _ in 0..64 {
        if digits.len() >= 10 {
            break;
        }
        let mut pool = [0u8; 16];
        fill(&mut pool)?;
        for b in pool {
            if b < 250 && digits.len() < 10 {
                digits.push(char::from(b'0' + b % 10));
            }
        }
    }
    if digits.len() < 10 {
        return Err(Error::with_field(
            ErrorCode::InvalidArgument,
            "nonce",
            "the random number generator returned degenerate output",
        ));
    }
    Ok(digits)
}

/// The 16 bytes that start a reply's plaintext: the given text when it is exactly 16 bytes (for
/// reproducible tests), or 16 random alphanumerics from `fill` when absent.
pub fn reply_random(
    value: Option<&str>,
    fill: impl FnMut(&mut [u8]) -> Result<()>,
) -> Result<Zeroizing<[u8; 16]>> {
    match value {
        Some(r) => {
            let bytes: [u8; 16] = r.as_bytes().try_into().map_err(|_| {
                Error::with_field(
                    ErrorCode::InvalidArgument,
                    "random",
                    "random must be exactly 16 bytes of text (for tests; omit it in production)",
                )
            })?;
            Ok(Zeroizing::new(bytes))
        }
        None => random_alphanumeric(fill),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::error::ErrorCode;

    const TOKEN: &str = "AAAAA";
    const KEY: &str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    const APPID: &str = "wxba5fad812f8e6fb9";
    const ENCRYPT: &str = "+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04=";
    const MESSAGE: &str = r#"{"ToUserName":"gh_97417a04a28d","FromUserName":"o9AgO5Kd5ggOC-bXrbNODIiE3bGY","CreateTime":1714112445,"MsgType":"event","Event":"debug_demo","debug_str":"hello world"}"#;

    fn official<'a>(keys: &'a [&'a str], app_ids: &'a [&'a str]) -> PushDecryptInput<'a> {
        PushDecryptInput {
            token: TOKEN,
            encoding_aes_keys: keys,
            app_ids,
            timestamp: "1714112445",
            nonce: "415670741",
            msg_signature: "046e02f8204d34f8ba5fa3b1db94908f3df2e9b3",
            encrypt: ENCRYPT,
        }
    }

    #[test]
    fn inbound_vector() {
        let m = decrypt_push_message(&official(&[KEY], &[APPID]));
        assert_eq!(m.as_ref().map(|m| m.text()), Ok(MESSAGE));
        // Rotation: the official key as the previous one.
        let other = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
        let m = decrypt_push_message(&official(&[other, KEY], &["wxdev", APPID]));
        assert_eq!(
            m.as_ref().map(|m| (m.key_index(), m.app_id_index())),
            Ok((1, 1))
        );
        let e = decrypt_push_message(&official(&[other], &[APPID])).err();
        assert_eq!(e, Some(decrypt_failed()));
        let e = decrypt_push_message(&official(&[KEY], &["wxother"])).err();
        assert_eq!(e.map(|e| e.code()), Some(ErrorCode::AppIdMismatch));
    }

    #[test]
    fn signature_checked_before_anything_is_decoded() {
        let mut i = official(&[KEY], &[APPID]);
        i.encrypt = "not base64 at all";
        let e = decrypt_push_message(&i).err();
        assert_eq!(e.map(|e| e.code()), Some(ErrorCode::SignatureMismatch));
        let zeros = "0".repeat(40);
        i.msg_signature = &zeros;
        let e = decrypt_push_message(&i).err();
        assert_eq!(
            e.as_ref().map(|e| (e.code(), e.field())),
            Some((ErrorCode::SignatureMismatch, Some("msgSignature")))
        );
    }

    #[test]
    fn reply_vector() {
        let r = encrypt_push_reply(&PushReplyInput {
            token: TOKEN,
            encoding_aes_key: KEY,
            app_id: APPID,
            message: r#"{"demo_resp":"good luck"}"#,
            timestamp: 1713424427,
            nonce: "415670741",
            random: b"707722b803182950",
        });
        let r = r.ok();
        assert_eq!(
            r.as_ref().map(|r| r.encrypt.as_str()),
            Some("ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ==")
        );
        assert_eq!(
            r.as_ref().map(|r| r.msg_signature.as_str()),
            Some("1b9339964ed2e271e7c7b6ff2b0ef902fc94dea1")
        );
        assert_eq!(
            r.as_ref().map(|r| r.to_json()).as_deref(),
            Some(
                r#"{"Encrypt":"ELGduP2YcVatjqIS+eZbp80MNLoAUWvzzyJxgGzxZO/5sAvd070Bs6qrLARC9nVHm48Y4hyRbtzve1L32tmxSQ==","MsgSignature":"1b9339964ed2e271e7c7b6ff2b0ef902fc94dea1","TimeStamp":1713424427,"Nonce":"415670741"}"#
            )
        );
    }

    #[test]
    fn random_is_alphanumeric_and_rejects_high_bytes() {
        let mut calls = 0u8;
        let r = random_alphanumeric(|buf| {
            calls += 1;
            for (i, b) in buf.iter_mut().enumerate() {
                // Half the bytes are >= 248 and must be skipped.
                *b = if i % 2 == 0 {
                    255
                } else {
                    (i as u8).wrapping_mul(7)
                };
            }
            Ok(())
        });
        let r = r.ok();
        assert!(r
            .as_ref()
            .is_some_and(|r| r.iter().all(|c| c.is_ascii_alphanumeric())));
        assert_eq!(calls, 1);
        let never = random_alphanumeric(|buf| {
            buf.fill(250);
            Ok(())
        });
        assert!(never.is_err());
    }

    #[test]
    fn reply_defaults() {
        let counter = |buf: &mut [u8]| -> Result<()> {
            for (i, b) in buf.iter_mut().enumerate() {
                *b = i as u8;
            }
            Ok(())
        };
        assert_eq!(
            reply_timestamp(None, || 1714112445.9).ok(),
            Some(1714112445)
        );
        assert_eq!(
            reply_timestamp(Some(TextOrNumber::Text("17")), || 1.0).ok(),
            Some(17)
        );
        assert_eq!(
            reply_timestamp(Some(TextOrNumber::Number(-5.0)), || 1.0)
                .err()
                .map(|e| e.field()),
            Some(Some("timestamp"))
        );
        assert_eq!(
            reply_nonce(Some(TextOrNumber::Number(42.0)), counter).ok(),
            Some(Cow::Owned("42".to_owned()))
        );
        assert_eq!(
            reply_nonce(None, counter).ok(),
            Some(Cow::Owned("0123456789".to_owned()))
        );
        let degenerate = random_digits(|buf| {
            buf.fill(255);
            Ok(())
        });
        assert_eq!(
            degenerate.err().map(|e| (e.code(), e.field())),
            Some((ErrorCode::InvalidArgument, Some("nonce")))
        );
        assert_eq!(
            reply_random(Some("0123456789abcdef"), counter)
                .ok()
                .map(|r| *r),
            Some(*b"0123456789abcdef")
        );
        for bad in ["0123456789abcde", "0123456789abcdefg", "0123456789abcdeé"] {
            assert_eq!(
                reply_random(Some(bad), counter).err().map(|e| e.field()),
                Some(Some("random")),
                "{bad}"
            );
        }
        assert!(reply_random(None, counter)
            .ok()
            .is_some_and(|r| r.iter().all(|c| c.is_ascii_alphanumeric())));
        assert_eq!(reply_app_id_list_error().field(), Some("appId"));
    }

    #[test]
    fn debug_output_redacts_secrets_and_plaintext() {
        let keys = [KEY];
        let ids = [APPID];
        let input = official(&keys, &ids);
        let shown = format!("{input:?}");
        assert!(!shown.contains(KEY) && !shown.contains(TOKEN) && !shown.contains(ENCRYPT));
        let m = decrypt_push_message(&input).ok();
        let shown = format!("{m:?}");
        assert!(
            shown.contains("redacted") && !shown.contains("debug_demo"),
            "{shown}"
        );
    }
}
