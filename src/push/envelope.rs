//! The envelopes around the ciphertext: a push body (JSON or XML) carrying `Encrypt`, the
//! decrypted message turned into JSON object text, and the reply rendered as JSON or XML.

use zeroize::Zeroizing;

use super::cipher::PushReply;
use super::xml::{self, XmlError};
use crate::error::{Error, ErrorCode, Result};
use crate::json;

/// One value of a result object (a reply, a request outcome), for callers that build their own
/// objects from [`PushReply::fields`] or [`PushOutcome::fields`](super::PushOutcome::fields).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldValue<'a> {
    /// A string.
    Text(&'a str),
    /// A non-negative integer (a JSON number).
    Number(u64),
    /// JSON object text, to be parsed into an object (a decrypted message).
    Json(&'a str),
}

impl FieldValue<'_> {
    /// Append the value as JSON.
    fn write_json(self, out: &mut String) {
        match self {
            FieldValue::Text(s) => xml::json_string(s, out),
            FieldValue::Number(n) => out.push_str(&n.to_string()),
            FieldValue::Json(s) => out.push_str(s),
        }
    }
}

impl PushReply {
    /// The reply object WeChat expects, in order: `Encrypt`, `MsgSignature` (strings),
    /// `TimeStamp` (a number), `Nonce` (a string).
    pub fn fields(&self) -> [(&'static str, FieldValue<'_>); 4] {
        [
            ("Encrypt", FieldValue::Text(&self.encrypt)),
            ("MsgSignature", FieldValue::Text(&self.msg_signature)),
            ("TimeStamp", FieldValue::Number(self.timestamp)),
            ("Nonce", FieldValue::Text(&self.nonce)),
        ]
    }

    /// `{"Encrypt":...,"MsgSignature":...,"TimeStamp":123,"Nonce":...}`.
    pub fn to_json(&self) -> String {
        let mut out = String::from("{");
        for (i, (name, value)) in self.fields().into_iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            xml::json_string(name, &mut out);
            out.push(':');
            value.write_json(&mut out);
        }
        out.push('}');
        out
    }

    /// The XML reply, string fields in CDATA.
    pub fn to_xml(&self) -> String {
        render_reply_xml(
            &self.encrypt,
            &self.msg_signature,
            &self.timestamp.to_string(),
            &self.nonce,
        )
    }
}

/// `<xml><Encrypt><![CDATA[..]]></Encrypt><MsgSignature><![CDATA[..]]></MsgSignature><TimeStamp>..</TimeStamp><Nonce><![CDATA[..]]></Nonce></xml>`.
pub fn render_reply_xml(
    encrypt: &str,
    msg_signature: &str,
    timestamp: &str,
    nonce: &str,
) -> String {
    let mut out = String::from("<xml><Encrypt>");
    xml::cdata(encrypt, &mut out);
    out.push_str("</Encrypt><MsgSignature>");
    xml::cdata(msg_signature, &mut out);
    out.push_str("</MsgSignature><TimeStamp>");
    // A decimal number: no escaping needed (callers pass digits only).
    out.push_str(timestamp);
    out.push_str("</TimeStamp><Nonce>");
    xml::cdata(nonce, &mut out);
    out.push_str("</Nonce></xml>");
    out
}

/// The body format of a push.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `{"ToUserName": ..., "Encrypt": ...}`
    Json,
    /// `<xml><ToUserName/><Encrypt/></xml>`
    Xml,
}

impl Format {
    /// `"json"` or `"xml"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Xml => "xml",
        }
    }

    /// Parse `"json"` / `"xml"` (case-insensitive).
    pub fn from_name(s: &str) -> Option<Self> {
        if s.eq_ignore_ascii_case("json") {
            Some(Format::Json)
        } else if s.eq_ignore_ascii_case("xml") {
            Some(Format::Xml)
        } else {
            None
        }
    }

    /// Parse a `format` setting: `"json"`, `"xml"`, or `"auto"` (case-insensitive), where `"auto"`
    /// is `None` (detect from the body). Anything else is `ERR_INVALID_ARGUMENT`.
    pub fn from_setting(s: &str) -> Result<Option<Self>> {
        if s.eq_ignore_ascii_case("auto") {
            return Ok(None);
        }
        Format::from_name(s).map(Some).ok_or_else(|| {
            Error::with_field(
                ErrorCode::InvalidArgument,
                "format",
                "format must be 'json', 'xml' or 'auto' (the default)",
            )
        })
    }

    /// Detect from the first non-whitespace character: `{` JSON, `<` XML.
    pub fn detect(text: &str) -> Option<Self> {
        match text
            .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
            .as_bytes()
            .first()
        {
            Some(b'{') => Some(Format::Json),
            Some(b'<') => Some(Format::Xml),
            _ => None,
        }
    }
}

pub(super) fn body_error(message: impl Into<String>) -> Error {
    Error::with_field(ErrorCode::InvalidArgument, "body", message)
}

/// The `Encrypt` field of a push body (JSON or XML).
pub fn envelope_encrypt(body: &str, format: Format) -> Result<String> {
    const NO_ENCRYPT: &str = "the body has no Encrypt field: this push is not in safe mode. Set 消息加密方式 (message encryption) \
to 安全模式 (safe mode) in the WeChat console; plaintext and compatible-mode bodies are not authenticated and are refused";
    match format {
        Format::Json => {
            let members = json::object_members(body)
                .ok_or_else(|| body_error("the body is not a JSON object (format json)"))?;
            match members.get("Encrypt") {
                None => Err(body_error(NO_ENCRYPT)),
                Some(v) => v
                    .as_str()
                    .map(|s| s.into_owned())
                    .ok_or_else(|| body_error("the body's Encrypt field is not a string")),
            }
        }
        Format::Xml => {
            let root = xml::parse(body)
                .map_err(|e| body_error(format!("the XML body {}", e.explanation())))?;
            root.child_text("Encrypt")
                .map(|s| s.trim().to_owned())
                .ok_or_else(|| body_error(NO_ENCRYPT))
        }
    }
}

/// The decrypted message as JSON object text for `JSON.parse`: the text itself for JSON, the root's
/// children for XML. `None` when it is neither a JSON object nor well-formed, DTD-free XML.
pub fn message_json(text: &str) -> Option<(Format, Zeroizing<String>)> {
    match Format::detect(text)? {
        Format::Json => {
            json::object_members(text)?;
            Some((Format::Json, Zeroizing::new(text.to_owned())))
        }
        Format::Xml => {
            let root = xml::parse(text).ok()?;
            Some((Format::Xml, Zeroizing::new(xml::children_to_json(&root))))
        }
    }
}

/// Map an [`XmlError`] to the body error (used by callers that parse XML bodies themselves).
pub fn xml_body_error(e: XmlError) -> Error {
    body_error(format!("the XML body {}", e.explanation()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(Format::detect("  {\"a\":1}"), Some(Format::Json));
        assert_eq!(Format::detect("\u{feff}<xml/>"), Some(Format::Xml));
        assert_eq!(Format::detect("x"), None);
        assert_eq!(Format::from_name("XML"), Some(Format::Xml));
        assert_eq!(Format::from_setting("Json").ok(), Some(Some(Format::Json)));
        assert_eq!(Format::from_setting("xml").ok(), Some(Some(Format::Xml)));
        assert_eq!(Format::from_setting("AUTO").ok(), Some(None));
        assert_eq!(
            Format::from_setting("yaml").err().map(|e| e.field()),
            Some(Some("format"))
        );
    }

    #[test]
    fn reply_renderings_share_one_shape() {
        let r = PushReply {
            encrypt: "e\"]]>".to_owned(),
            msg_signature: "s".to_owned(),
            timestamp: 1713424427,
            nonce: "n".to_owned(),
        };
        assert_eq!(
            r.to_json(),
            r#"{"Encrypt":"e\"]]>","MsgSignature":"s","TimeStamp":1713424427,"Nonce":"n"}"#
        );
        assert_eq!(
            r.to_xml(),
            "<xml><Encrypt><![CDATA[e\"]]]]><![CDATA[>]]></Encrypt><MsgSignature><![CDATA[s]]></MsgSignature>\
             <TimeStamp>1713424427</TimeStamp><Nonce><![CDATA[n]]></Nonce></xml>"
        );
        assert_eq!(
            r.fields().get(2),
            Some(&("TimeStamp", FieldValue::Number(1713424427)))
        );
    }
}
