//! The whole push request: a URL check (GET with `echostr`) or an encrypted push (POST with
//! `msg_signature` in the query and `Encrypt` in the body), verified and decrypted.

use core::fmt;

use zeroize::Zeroizing;

use super::cipher::{
    check_app_ids, decrypt_failed, decrypt_push_message, PushDecryptInput, PushMessage,
};
use super::envelope::{body_error, envelope_encrypt, message_json, FieldValue, Format};
use super::keys::parse_keys;
use super::signature::verify_push_signature;
use crate::encoding::check_size;
use crate::encoding::require_non_empty;
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

impl<'a> PushQuery<'a> {
    /// The query parameters WeChat sends, in the order [`PushQuery::from_values`] takes them.
    pub const NAMES: [&'static str; 5] = [
        "signature",
        "timestamp",
        "nonce",
        "echostr",
        "msg_signature",
    ];

    /// The query from values read in the order of [`PushQuery::NAMES`] (`None` = absent).
    pub fn from_values(values: [Option<&'a str>; 5]) -> Self {
        let [signature, timestamp, nonce, echostr, msg_signature] = values;
        PushQuery {
            signature,
            timestamp,
            nonce,
            echostr,
            msg_signature,
        }
    }
}

/// The query string of a URL or query string, without `?` and fragment: the text after the first
/// `?` (the whole text when there is none), up to the first `#`. `"/push?a=1#x"`, `"?a=1"` and
/// `"a=1"` all give `"a=1"`.
pub fn query_string(url: &str) -> &str {
    let search = match url.split_once('?') {
        Some((_, search)) => search,
        None => url,
    };
    search.split('#').next().unwrap_or("")
}

/// A raw body received as bytes: it must be at most the input limit and UTF-8 text
/// (`ERR_INPUT_TOO_LARGE` / `ERR_INVALID_ARGUMENT` otherwise). The bytes are wiped either way.
pub fn body_from_bytes(mut bytes: Zeroizing<Vec<u8>>) -> Result<Zeroizing<String>> {
    check_size("body", bytes.len())?;
    match String::from_utf8(core::mem::take(&mut *bytes)) {
        Ok(text) => Ok(Zeroizing::new(text)),
        Err(e) => {
            drop(Zeroizing::new(e.into_bytes()));
            Err(body_error("body is not UTF-8 text"))
        }
    }
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

impl PushOutcome {
    /// `"verify"` for a URL check, `"message"` for a decrypted push.
    pub fn kind(&self) -> &'static str {
        match self {
            PushOutcome::Verify { .. } => "verify",
            PushOutcome::Message { .. } => "message",
        }
    }

    /// The result object, in order. A URL check: `kind`, `echostr`. A push: `kind`, `format`,
    /// `appId` (the matching entry of `app_ids`, the list given in the request), `keyIndex`
    /// (0 = current key), `text` (the decrypted text) and `message` (its JSON object text).
    pub fn fields<'s>(&'s self, app_ids: &[&'s str]) -> Vec<(&'static str, FieldValue<'s>)> {
        match self {
            PushOutcome::Verify { echostr } => vec![
                ("kind", FieldValue::Text(self.kind())),
                ("echostr", FieldValue::Text(echostr)),
            ],
            PushOutcome::Message {
                format,
                message,
                json,
            } => vec![
                ("kind", FieldValue::Text(self.kind())),
                ("format", FieldValue::Text(format.as_str())),
                (
                    "appId",
                    FieldValue::Text(app_ids.get(message.app_id_index()).copied().unwrap_or("")),
                ),
                (
                    "keyIndex",
                    FieldValue::Number(u64::try_from(message.key_index()).unwrap_or(u64::MAX)),
                ),
                ("text", FieldValue::Text(message.text())),
                ("message", FieldValue::Json(json)),
            ],
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings() {
        for url in [
            "/push?a=1&b=2#frag",
            "?a=1&b=2",
            "a=1&b=2",
            "https://x/p?a=1&b=2",
        ] {
            assert_eq!(query_string(url), "a=1&b=2", "{url}");
        }
        assert_eq!(query_string("/p?a=?b"), "a=?b");
        assert_eq!(query_string("#x"), "");
        assert_eq!(query_string(""), "");
        let q = PushQuery::from_values([Some("s"), Some("t"), Some("n"), None, Some("m")]);
        assert_eq!(
            (
                q.signature,
                q.timestamp,
                q.nonce,
                q.echostr,
                q.msg_signature
            ),
            (Some("s"), Some("t"), Some("n"), None, Some("m"))
        );
    }

    #[test]
    fn bodies_from_bytes() {
        let ok = body_from_bytes(Zeroizing::new(b"{\"a\":1}".to_vec()));
        assert_eq!(ok.ok().as_deref().map(String::as_str), Some("{\"a\":1}"));
        let bad = body_from_bytes(Zeroizing::new(vec![0x7b, 0xff, 0x7d]));
        assert_eq!(
            bad.err().map(|e| (e.code(), e.field())),
            Some((ErrorCode::InvalidArgument, Some("body")))
        );
        let huge = body_from_bytes(Zeroizing::new(vec![
            b' ';
            crate::encoding::MAX_INPUT_LEN + 1
        ]));
        assert_eq!(huge.err().map(|e| e.code()), Some(ErrorCode::InputTooLarge));
    }

    #[test]
    fn outcome_fields() {
        let v = PushOutcome::Verify {
            echostr: "e".to_owned(),
        };
        assert_eq!(
            v.fields(&[]),
            vec![
                ("kind", FieldValue::Text("verify")),
                ("echostr", FieldValue::Text("e"))
            ]
        );
        let req = PushRequest {
            token: "AAAAA",
            encoding_aes_keys: &["AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
            app_ids: &["wxother", "wxba5fad812f8e6fb9"],
            query: PushQuery {
                timestamp: Some("1714112445"),
                nonce: Some("415670741"),
                msg_signature: Some("046e02f8204d34f8ba5fa3b1db94908f3df2e9b3"),
                ..PushQuery::default()
            },
            body: Some("{\"Encrypt\":\"+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04=\"}"),
            format: None,
        };
        let out = open_push_request(&req);
        let fields = out.as_ref().map(|o| o.fields(req.app_ids));
        let names: Vec<&str> = fields
            .as_ref()
            .map(|f| f.iter().map(|(n, _)| *n).collect())
            .unwrap_or_default();
        assert_eq!(
            names,
            ["kind", "format", "appId", "keyIndex", "text", "message"]
        );
        let fields = fields.unwrap_or_default();
        assert_eq!(fields.first(), Some(&("kind", FieldValue::Text("message"))));
        assert_eq!(
            fields.get(2),
            Some(&("appId", FieldValue::Text("wxba5fad812f8e6fb9")))
        );
        assert_eq!(fields.get(3), Some(&("keyIndex", FieldValue::Number(0))));
    }
}
