//! The whole push request: a URL check (GET with `echostr`) or an encrypted push (POST with
//! `msg_signature` in the query and `Encrypt` in the body), verified and decrypted.

use core::fmt;

use zeroize::Zeroizing;

use super::cipher::{
    check_app_ids, decrypt_failed, decrypt_push_message, require_non_empty, PushDecryptInput,
    PushMessage,
};
use super::envelope::{body_error, envelope_encrypt, message_json, Format};
use super::keys::parse_keys;
use super::signature::verify_push_signature;
use crate::encoding::check_size;
use crate::error::{Error, ErrorCode, Result};

/// The query parameters of a push request (`None` = absent).
#[derive(Clone, Copy, Debug, Default)]
pub struct PushQuery<'a> {
    /// `signature` (URL check; in safe mode it does NOT cover the body and is ignored for POSTs).
    pub signature: Option<&'a str>,
    /// `timestamp`.
    pub timestamp: Option<&'a str>,
    /// `nonce`.
    pub nonce: Option<&'a str>,
    /// `echostr` (URL check).
    pub echostr: Option<&'a str>,
    /// `msg_signature` (encrypted pushes).
    pub msg_signature: Option<&'a str>,
}

/// What a push request turned out to be.
pub enum PushOutcome {
    /// A URL check (GET with `echostr`) whose signature is valid: answer `echostr` verbatim.
    Verify {
        /// The `echostr` to send back.
        echostr: String,
    },
    /// An encrypted push, verified and decrypted.
    Message {
        /// Format of the decrypted message.
        format: Format,
        /// The decrypted message.
        message: PushMessage,
        /// JSON object text of the message (for `JSON.parse`).
        json: Zeroizing<String>,
    },
}

impl fmt::Debug for PushOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PushOutcome::Verify { .. } => f.write_str("PushOutcome::Verify"),
            PushOutcome::Message { format, .. } => write!(f, "PushOutcome::Message({format:?})"),
        }
    }
}

/// Everything a push endpoint receives.
#[derive(Clone, Copy, Debug)]
pub struct PushRequest<'a> {
    /// Token, keys and appids as for [`decrypt_push_message`] (the other fields come from the request).
    pub token: &'a str,
    /// EncodingAESKey(s), current first.
    pub encoding_aes_keys: &'a [&'a str],
    /// Allowed appid(s).
    pub app_ids: &'a [&'a str],
    /// Query parameters.
    pub query: PushQuery<'a>,
    /// The raw body (`None` or blank for the URL check).
    pub body: Option<&'a str>,
    /// The body format when known (`None` = detect from the first character).
    pub format: Option<Format>,
}

fn missing_query(field: &'static str, why: &str) -> Error {
    Error::with_field(
        ErrorCode::InvalidArgument,
        field,
        format!("the query has no {field}: {why}"),
    )
}

/// Handle a whole push request: a URL check (no body, `echostr` in the query) or an encrypted push.
pub fn open_push_request(req: &PushRequest<'_>) -> Result<PushOutcome> {
    require_non_empty("token", req.token)?;
    // Configuration errors surface at the URL check already, not only at the first push.
    check_app_ids(req.app_ids)?;
    parse_keys(req.encoding_aes_keys)?;
    let body = req.body.unwrap_or("");
    check_size("body", body.len())?;
    if body.trim().is_empty() {
        let Some(echostr) = req.query.echostr else {
            return Err(body_error(
                "the body is empty and the query has no echostr: neither a push nor a URL check",
            ));
        };
        const WHY: &str = "a URL check carries signature, timestamp, nonce and echostr";
        let signature = req
            .query
            .signature
            .ok_or_else(|| missing_query("signature", WHY))?;
        let timestamp = req
            .query
            .timestamp
            .ok_or_else(|| missing_query("timestamp", WHY))?;
        let nonce = req.query.nonce.ok_or_else(|| missing_query("nonce", WHY))?;
        check_size("signature", signature.len())?;
        check_size("timestamp", timestamp.len())?;
        check_size("nonce", nonce.len())?;
        check_size("echostr", echostr.len())?;
        if !verify_push_signature(req.token, timestamp, nonce, signature) {
            return Err(Error::with_field(
                ErrorCode::SignatureMismatch,
                "signature",
                "signature does not match sha1(sort(token, timestamp, nonce)): the Token differs from the one configured \
                 in the WeChat console, or the request did not come from WeChat",
            ));
        }
        return Ok(PushOutcome::Verify {
            echostr: echostr.to_owned(),
        });
    }
    let format = match req.format {
        Some(f) => f,
        None => Format::detect(body).ok_or_else(|| {
            body_error("the body is neither JSON (starts with '{') nor XML (starts with '<')")
        })?,
    };
    let encrypt = Zeroizing::new(envelope_encrypt(body, format)?);
    const WHY: &str =
        "a safe-mode push carries timestamp, nonce and msg_signature (encrypt_type=aes)";
    let msg_signature = req
        .query
        .msg_signature
        .ok_or_else(|| missing_query("msg_signature", WHY))?;
    let timestamp = req
        .query
        .timestamp
        .ok_or_else(|| missing_query("timestamp", WHY))?;
    let nonce = req.query.nonce.ok_or_else(|| missing_query("nonce", WHY))?;
    let input = PushDecryptInput {
        token: req.token,
        encoding_aes_keys: req.encoding_aes_keys,
        app_ids: req.app_ids,
        timestamp,
        nonce,
        msg_signature,
        encrypt: &encrypt,
    };
    let message = decrypt_push_message(&input).map_err(|e| match e.field() {
        Some("msgSignature") => e.in_field("msg_signature"),
        Some("encrypt") => e.in_field("body"),
        _ => e,
    })?;
    let (format, json) =
        message_json(message.text()).ok_or_else(|| decrypt_failed().in_field("body"))?;
    Ok(PushOutcome::Message {
        format,
        message,
        json,
    })
}
