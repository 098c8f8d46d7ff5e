//! The one error type of the library.
//!
//! Every failure carries a stable [`ErrorCode`] (exposed to JavaScript as `err.code`, e.g.
//! `"ERR_DECRYPT_FAILED"`), the input field at fault when there is one, and a message written for
//! developers. Messages never contain key material or decrypted bytes: they are built only from
//! static text and from facts about the *shape* of the caller's input (lengths, which characters
//! are wrong), never from its secret content.

use core::fmt;

/// Stable error codes. The string form (`ERR_...`) is the public contract: tests and users match on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// A required field is missing or has the wrong type.
    InvalidArgument,
    /// An input is larger than [`crate::MAX_INPUT_LEN`]; checked before any decoding.
    InputTooLarge,
    /// A base64 field is not strict standard base64 (the message names the transport damage).
    InvalidBase64,
    /// The session_key does not decode to 16 bytes.
    InvalidSessionKey,
    /// The iv does not decode to 16 bytes.
    InvalidIv,
    /// The ciphertext is empty or not a multiple of the block size.
    InvalidCiphertext,
    /// Padding, UTF-8 or JSON failure after decryption: one code, one message (no padding oracle).
    DecryptFailed,
    /// The payload has no usable `watermark` object (or `watermark.appid`).
    WatermarkMissing,
    /// `watermark.appid` (or a push message's appid) is not one of the allowed appids.
    AppIdMismatch,
    /// `watermark.timestamp` is older than `maxAgeSeconds` or too far in the future.
    WatermarkExpired,
    /// The payload's `openId` differs from the expected one.
    OpenIdMismatch,
    /// A typed payload lacks a field of its kind or has it with the wrong type.
    PayloadShape,
    /// WeChat's API answered with a non-zero `errcode`, or another platform with an error in its
    /// dialect ([`WxApiDetails::platform`]).
    WxApi,
    /// A WeChat API response is not JSON or lacks required fields.
    InvalidResponse,
    /// A message-push signature does not match.
    SignatureMismatch,
    /// A message-push EncodingAESKey (or Alipay's content encryption key, or the API security symmetric key) is malformed.
    InvalidAesKey,
    /// An RSA private key or an X.509 certificate (API security) is not usable PEM.
    InvalidKey,
    /// API security: a response that is not a WeChat error carries no signature headers.
    ApiUnsigned,
    /// API security: `Wechatmp-Appid` or the decrypted `_appid` is not the caller's appid.
    ApiAppIdMismatch,
    /// API security: neither `Wechatmp-Serial` nor `Wechatmp-Serial-Deprecated` names a given certificate.
    ApiUnknownSerial,
    /// API security: the response signature does not verify with the named certificate.
    ApiSignatureInvalid,
    /// API security: the response is older than `maxAgeSeconds`.
    ApiResponseExpired,
    /// API security: the decrypted `_timestamp` differs from `Wechatmp-TimeStamp`.
    ApiTimestampMismatch,
    /// API security: the signed envelope does not decrypt (tag, key, sn, JSON): one code, one message.
    ApiDecryptFailed,
    /// A sealed session token cannot be opened: malformed, non-canonical base64url, unknown `kid`,
    /// wrong secret, tampered, or claims of the wrong shape.
    SessionInvalid,
    /// A sealed session token is authentic but past its `exp` (plus the clock tolerance).
    SessionExpired,
}

impl ErrorCode {
    /// Every code, for documentation and exhaustive tests.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::InvalidArgument,
        ErrorCode::InputTooLarge,
        ErrorCode::InvalidBase64,
        ErrorCode::InvalidSessionKey,
        ErrorCode::InvalidIv,
        ErrorCode::InvalidCiphertext,
        ErrorCode::DecryptFailed,
        ErrorCode::WatermarkMissing,
        ErrorCode::AppIdMismatch,
        ErrorCode::WatermarkExpired,
        ErrorCode::OpenIdMismatch,
        ErrorCode::PayloadShape,
        ErrorCode::WxApi,
        ErrorCode::InvalidResponse,
        ErrorCode::SignatureMismatch,
        ErrorCode::InvalidAesKey,
        ErrorCode::InvalidKey,
        ErrorCode::ApiUnsigned,
        ErrorCode::ApiAppIdMismatch,
        ErrorCode::ApiUnknownSerial,
        ErrorCode::ApiSignatureInvalid,
        ErrorCode::ApiResponseExpired,
        ErrorCode::ApiTimestampMismatch,
        ErrorCode::ApiDecryptFailed,
        ErrorCode::SessionInvalid,
        ErrorCode::SessionExpired,
    ];

    /// The public string form, e.g. `"ERR_DECRYPT_FAILED"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidArgument => "ERR_INVALID_ARGUMENT",
            ErrorCode::InputTooLarge => "ERR_INPUT_TOO_LARGE",
            ErrorCode::InvalidBase64 => "ERR_INVALID_BASE64",
            ErrorCode::InvalidSessionKey => "ERR_INVALID_SESSION_KEY",
            ErrorCode::InvalidIv => "ERR_INVALID_IV",
            ErrorCode::InvalidCiphertext => "ERR_INVALID_CIPHERTEXT",
            ErrorCode::DecryptFailed => "ERR_DECRYPT_FAILED",
            ErrorCode::WatermarkMissing => "ERR_WATERMARK_MISSING",
            ErrorCode::AppIdMismatch => "ERR_APPID_MISMATCH",
            ErrorCode::WatermarkExpired => "ERR_WATERMARK_EXPIRED",
            ErrorCode::OpenIdMismatch => "ERR_OPENID_MISMATCH",
            ErrorCode::PayloadShape => "ERR_PAYLOAD_SHAPE",
            ErrorCode::WxApi => "ERR_WX_API",
            ErrorCode::InvalidResponse => "ERR_INVALID_RESPONSE",
            ErrorCode::SignatureMismatch => "ERR_SIGNATURE_MISMATCH",
            ErrorCode::InvalidAesKey => "ERR_INVALID_AES_KEY",
            ErrorCode::InvalidKey => "ERR_INVALID_KEY",
            ErrorCode::ApiUnsigned => "ERR_API_UNSIGNED",
            ErrorCode::ApiAppIdMismatch => "ERR_API_APPID_MISMATCH",
            ErrorCode::ApiUnknownSerial => "ERR_API_UNKNOWN_SERIAL",
            ErrorCode::ApiSignatureInvalid => "ERR_API_SIGNATURE_INVALID",
            ErrorCode::ApiResponseExpired => "ERR_API_RESPONSE_EXPIRED",
            ErrorCode::ApiTimestampMismatch => "ERR_API_TIMESTAMP_MISMATCH",
            ErrorCode::ApiDecryptFailed => "ERR_API_DECRYPT_FAILED",
            ErrorCode::SessionInvalid => "ERR_SESSION_INVALID",
            ErrorCode::SessionExpired => "ERR_SESSION_EXPIRED",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The single message of [`ErrorCode::DecryptFailed`]. Padding, UTF-8 and JSON failures after
/// decryption all produce exactly this text, so a client cannot tell them apart: no padding oracle
/// (`docs/protocol.md`, "Why every decryption failure looks the same").
pub const DECRYPT_FAILED_MESSAGE: &str = "decryption failed: the data could not be decrypted with this session_key and iv. \
Most likely the session_key no longer matches the one WeChat encrypted with (wx.login was called again after the data was produced, \
or a concurrent login replaced the stored key); it can also mean the iv does not belong to this encryptedData";

/// A library error: code, optional field, developer-facing message, plus WeChat API details for
/// [`ErrorCode::WxApi`].
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    code: ErrorCode,
    field: Option<&'static str>,
    message: String,
    // Boxed: the details would double the size of every `Result` of the crate.
    wx: Option<Box<WxApiDetails>>,
}

/// Extra facts carried by an [`ErrorCode::WxApi`] error.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WxApiDetails {
    /// The platform's numeric error code (WeChat's `errcode`, Douyin's `err_no`, Baidu's `errno`,
    /// Kuaishou's `result`); 0 when the body carries only a textual code ([`Self::errcode_text`]).
    pub errcode: i64,
    /// The platform's textual error code, when the body has one (Baidu's and Kuaishou's `error`,
    /// e.g. `invalid_client`), as given.
    pub errcode_text: Option<String>,
    /// The platform's message (`errmsg`, `err_tips`, `error_description`, `error_msg`; may be empty).
    pub errmsg: String,
    /// Whether retrying later can succeed, where the platform documents it (WeChat and QQ: -1
    /// system busy, 45011 rate limit; WeCom: -1).
    pub retryable: bool,
    /// What to do about it, in plain English.
    pub hint: &'static str,
    /// The platform that answered.
    pub platform: crate::wx_api::Platform,
}

impl Error {
    /// A new error with a message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error {
            code,
            field: None,
            message: message.into(),
            wx: None,
        }
    }

    /// A new error naming the input field at fault.
    pub fn with_field(code: ErrorCode, field: &'static str, message: impl Into<String>) -> Self {
        Error {
            code,
            field: Some(field),
            message: message.into(),
            wx: None,
        }
    }

    /// The uniform decryption failure (padding, UTF-8, JSON): always the same message.
    pub fn decrypt_failed() -> Self {
        Error::with_field(
            ErrorCode::DecryptFailed,
            "encryptedData",
            DECRYPT_FAILED_MESSAGE,
        )
    }

    /// A platform API error (WeChat's non-zero `errcode`, or another platform's error dialect).
    pub fn wx_api(details: WxApiDetails) -> Self {
        let name = details.platform.name();
        let code = match &details.errcode_text {
            Some(text) if details.errcode == 0 => text.clone(),
            Some(text) => format!("{} {text}", details.errcode),
            None => details.errcode.to_string(),
        };
        let message = if details.errmsg.is_empty() {
            format!("{name} API error {code}: {}", details.hint)
        } else {
            format!(
                "{name} API error {code} ({}): {}",
                details.errmsg, details.hint
            )
        };
        Error {
            code: ErrorCode::WxApi,
            field: None,
            message,
            wx: Some(Box::new(details)),
        }
    }

    /// Replace the field name (used when a generic helper is reused for another input).
    #[must_use]
    pub fn in_field(mut self, field: &'static str) -> Self {
        self.field = Some(field);
        self
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The input field at fault, if any (JavaScript name, e.g. `"encryptedData"`).
    pub fn field(&self) -> Option<&'static str> {
        self.field
    }

    /// The developer-facing message (never contains secrets or decrypted data).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// WeChat API details, for [`ErrorCode::WxApi`].
    pub fn wx_api_details(&self) -> Option<&WxApiDetails> {
        self.wx.as_deref()
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("code", &self.code.as_str());
        if let Some(field) = self.field {
            d.field("field", &field);
        }
        d.field("message", &self.message);
        if let Some(wx) = &self.wx {
            d.field("wx", wx);
        }
        d.finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for Error {}

/// Shorthand for results of this crate.
pub type Result<T> = core::result::Result<T, Error>;
