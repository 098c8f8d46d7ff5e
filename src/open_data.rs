//! Open-data decryption: `encryptedData` + `iv` + `session_key` -> validated JSON text.
//!
//! protocol.md §3: strict base64, 16-byte key and iv, non-empty ciphertext with length % 16 == 0,
//! AES-128-CBC, strict PKCS#7, UTF-8 over the whole unpadded buffer, a JSON object, then the
//! watermark (appid in the allowed list, optional age) and the optional openId check.

use core::fmt;

use zeroize::Zeroizing;

use crate::crypto::{aes128_cbc_decrypt, BLOCK};
use crate::encoding::decode_base64_repair;
use crate::error::{Error, ErrorCode, Result};
use crate::json::{self, MemberSpan, Members};
use crate::watermark::{check_watermark, WatermarkRule};

/// What the caller provides: the allowed appid(s), the session_key and the payload.
#[derive(Clone, Copy)]
pub struct OpenDataInput<'a> {
    /// The allowed appids (at least one).
    pub app_ids: &'a [&'a str],
    /// The session_key from `jscode2session`, base64 text (24 characters).
    pub session_key: &'a str,
    /// `encryptedData` as received from the mini program.
    pub encrypted_data: &'a str,
    /// `iv` as received from the mini program.
    pub iv: &'a str,
}

impl fmt::Debug for OpenDataInput<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OpenDataInput")
            .field("app_ids", &self.app_ids)
            .field("session_key", &"[redacted]")
            .field(
                "encrypted_data",
                &format_args!("<{} chars>", self.encrypted_data.len()),
            )
            .field("iv", &self.iv)
            .finish()
    }
}

/// Validation options. `Default` checks the appid only.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    /// Reject a `watermark.timestamp` older than this many seconds, or that far in the future.
    pub max_age_seconds: Option<f64>,
    /// The current time in unix seconds (required when `max_age_seconds` is set).
    pub now: Option<f64>,
    /// When the payload carries `openId`, it must equal this.
    pub open_id: Option<String>,
    /// Turn spaces back into `+` before base64 decoding.
    pub repair_base64: bool,
    /// Whether a watermark must be present.
    pub watermark: WatermarkRule,
}

/// A decrypted, validated payload: the exact plaintext JSON text (zeroized on drop).
pub struct OpenData {
    buf: Zeroizing<Vec<u8>>,
    len: usize,
    /// The top-level members found by the one validating scan in [`decrypt_decoded`].
    spans: Vec<MemberSpan>,
}

impl OpenData {
    /// The plaintext JSON text, exactly as WeChat encrypted it (without padding).
    pub fn text(&self) -> &str {
        // `len` was validated as a UTF-8 boundary in `decrypt_open_data`.
        self.buf
            .get(..self.len)
            .and_then(|b| core::str::from_utf8(b).ok())
            .unwrap_or("")
    }

    /// The top-level members of the payload object (from the scan that validated it: no rescan).
    pub fn members(&self) -> Members<'_> {
        Members::from_spans(self.text(), &self.spans)
    }
}

impl fmt::Debug for OpenData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OpenData(<{} bytes redacted>)", self.len)
    }
}

/// The decoded key material and ciphertext, before decryption.
pub(crate) struct Decoded {
    pub key: Zeroizing<[u8; 16]>,
    pub iv: [u8; 16],
    pub ciphertext: Zeroizing<Vec<u8>>,
}

/// Decode and length-check the three base64 inputs (every check that precedes decryption).
pub(crate) fn decode_inputs(
    session_key: &str,
    encrypted_data: &str,
    iv: &str,
    repair: bool,
) -> Result<Decoded> {
    let key_bytes = decode_base64_repair("sessionKey", session_key, repair)?;
    if key_bytes.len() != 16 {
        return Err(Error::with_field(
            ErrorCode::InvalidSessionKey,
            "sessionKey",
            format!(
                "sessionKey must decode to 16 bytes (24 base64 characters, as jscode2session returns it); it decodes to {} bytes",
                key_bytes.len()
            ),
        ));
    }
    // Copied straight into the zeroizing array: no unzeroized `[u8; 16]` temporary on the stack.
    let mut key = Zeroizing::new([0u8; 16]);
    for (dst, src) in key.iter_mut().zip(key_bytes.iter()) {
        *dst = *src;
    }
    let iv_bytes = decode_base64_repair("iv", iv, repair)?;
    let iv: [u8; 16] = iv_bytes.as_slice().try_into().map_err(|_| {
        Error::with_field(
            ErrorCode::InvalidIv,
            "iv",
            format!(
                "iv must decode to 16 bytes (24 base64 characters); it decodes to {} bytes",
                iv_bytes.len()
            ),
        )
    })?;
    let ciphertext = decode_base64_repair("encryptedData", encrypted_data, repair)?;
    if ciphertext.is_empty() || ciphertext.len() % BLOCK != 0 {
        return Err(Error::with_field(
            ErrorCode::InvalidCiphertext,
            "encryptedData",
            format!(
                "encryptedData must decode to a non-empty multiple of 16 bytes; it decodes to {} bytes (truncated or not an encryptedData value)",
                ciphertext.len()
            ),
        ));
    }
    Ok(Decoded {
        key,
        iv,
        ciphertext,
    })
}

/// Decrypt a ciphertext already decoded; on success the buffer holds UTF-8 JSON object text of
/// the returned length. Padding, UTF-8 and JSON failures are indistinguishable: the same error comes
/// back, and about the same work is done whichever check fails, wherever it fails (no timing oracle):
/// the UTF-8 and JSON checks run even when the padding is bad, and when they stop early the rest of
/// the buffer is walked by [`equalize`] at about the scanner's cost per byte.
pub(crate) fn decrypt_decoded(d: Decoded) -> Result<OpenData> {
    let Decoded {
        key,
        iv,
        ciphertext: mut buf,
    } = d;
    let unpadded = aes128_cbc_decrypt(&key, &iv, &mut buf, BLOCK);
    // Over the buffer minus the claimed padding, or the whole buffer when the padding is bad.
    let claimed = match unpadded {
        Ok(n) => n,
        Err(_) => buf.len(),
    };
    let body = buf.get(..claimed).unwrap_or(&[]);
    // The valid UTF-8 prefix (validated once), then the JSON scan of it: a document cut by invalid
    // UTF-8 fails the scan at its end.
    let mut chunks = body.utf8_chunks();
    let (text, utf8_ok) = match chunks.next() {
        Some(c) => (c.valid(), c.invalid().is_empty()),
        None => ("", true),
    };
    let (scanned, spans) = match json::check_object(text) {
        Ok(spans) => (text.len(), Some(spans)),
        Err(pos) => (pos, None),
    };
    // Equal work for early failures: validate the UTF-8 after the first invalid sequence too, and
    // walk the bytes the JSON scan did not reach.
    for c in chunks {
        core::hint::black_box(c.valid());
    }
    equalize(body.get(scanned..).unwrap_or(&[]));
    match (unpadded, spans) {
        (Ok(len), Some(spans)) if utf8_ok => Ok(OpenData { buf, len, spans }),
        _ => Err(Error::decrypt_failed()),
    }
}

/// Walk the bytes the UTF-8 and JSON checks did not reach, with per-byte work comparable to the
/// JSON scanner's string fast path (a data-dependent search for `"`, `\` or a control byte), so a
/// failure near the start costs about what a failure near the end does. `black_box` keeps the
/// compiler from removing or vectorizing the loop away.
fn equalize(rest: &[u8]) {
    let mut rest = core::hint::black_box(rest);
    while let Some(i) = rest
        .iter()
        .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
    {
        rest = core::hint::black_box(rest.get(i + 1..).unwrap_or(&[]));
    }
}

/// Message of the `ERR_INVALID_ARGUMENT` for a missing or empty `appId`.
pub(crate) const APP_ID_REQUIRED: &str =
    "appId is required: the appid (or list of appids) this data must belong to";

/// `ERR_INVALID_ARGUMENT` unless at least one appid is allowed.
pub(crate) fn require_app_ids(app_ids: &[&str]) -> Result<()> {
    if app_ids.is_empty() {
        return Err(Error::with_field(
            ErrorCode::InvalidArgument,
            "appId",
            APP_ID_REQUIRED,
        ));
    }
    Ok(())
}

/// Decrypt and validate open data. See the module docs for the rules.
pub fn decrypt_open_data(input: &OpenDataInput<'_>, options: &Options) -> Result<OpenData> {
    require_app_ids(input.app_ids)?;
    let decoded = decode_inputs(
        input.session_key,
        input.encrypted_data,
        input.iv,
        options.repair_base64,
    )?;
    let data = decrypt_decoded(decoded)?;
    validate(&data.members(), input.app_ids, options)?;
    Ok(data)
}

/// The checks after decryption: watermark and openId.
pub fn validate(members: &Members<'_>, app_ids: &[&str], options: &Options) -> Result<()> {
    check_watermark(members, app_ids, options)?;
    if let Some(expected) = options.open_id.as_deref() {
        if let Some(v) = members.get("openId") {
            if v.as_str().as_deref() != Some(expected) {
                return Err(Error::with_field(
                    ErrorCode::OpenIdMismatch,
                    "openId",
                    "the payload's openId is not the openId of this session: the data belongs to another user",
                ));
            }
        }
    }
    Ok(())
}
