//! The envelopes around the ciphertext: a push body (JSON or XML) carrying `Encrypt`, the
//! decrypted message turned into JSON object text, and the reply rendered as JSON or XML.

use zeroize::Zeroizing;

use super::cipher::PushReply;
use super::xml::{self, XmlError};
use crate::error::{Error, ErrorCode, Result};
use crate::json;

impl PushReply {
    /// `{"Encrypt":...,"MsgSignature":...,"TimeStamp":123,"Nonce":...}`.
    pub fn to_json(&self) -> String {
        let mut out = String::from("{\"Encrypt\":");
        xml::json_string(&self.encrypt, &mut out);
        out.push_str(",\"MsgSignature\":");
        xml::json_string(&self.msg_signature, &mut out);
        out.push_str(&format!(",\"TimeStamp\":{},\"Nonce\":", self.timestamp));
        xml::json_string(&self.nonce, &mut out);
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
    }
}
