//! Test-only: produce what WeChat sends, so users can exercise their own servers without a phone
//! or a WeChat console: real open-data `encryptedData` (AES-128-CBC, PKCS#7) under a session_key,
//! and whole message push requests (safe mode: the query with `signature` and `msg_signature`, the
//! JSON or XML body carrying `Encrypt`). Exposed to JavaScript only through the
//! `wx-open-data/testing` subpath. Never needed in production code: WeChat encrypts, servers decrypt.
//!
//! The push requests reuse the push module's encryption and signatures ([`encrypt_push_reply`],
//! [`push_signature`]): a push and a passive reply share one framing, so there is no second
//! implementation to drift from the one [`open_push_request`](crate::push::open_push_request) checks.

use zeroize::Zeroizing;

use crate::crypto::{aes128_cbc_encrypt, BLOCK};
use crate::encoding::{decode_base64, encode_base64};
use crate::error::{Error, ErrorCode, Result};
use crate::json::{self, Kind, Value};
use crate::push::{encrypt_push_reply, push_signature, xml, Format, PushReplyInput};

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

/// What [`build_push_request`] needs.
#[derive(Clone, Copy)]
pub struct PushRequestSpec<'a> {
    /// The Token configured in the WeChat console.
    pub token: &'a str,
    /// The EncodingAESKey to encrypt under (43 characters).
    pub encoding_aes_key: &'a str,
    /// The appid the message is for (it ends the plaintext).
    pub app_id: &'a str,
    /// The message text exactly as it is encrypted (JSON or XML; any text, for negative tests).
    pub message: &'a str,
    /// The body's format: `{"ToUserName":..,"Encrypt":..}` or `<xml><ToUserName/><Encrypt/></xml>`.
    pub format: Format,
    /// `ToUserName` of the body envelope (`None`: the envelope has only `Encrypt`).
    pub to_user_name: Option<&'a str>,
    /// Unix seconds.
    pub timestamp: u64,
    /// The nonce (WeChat sends digits).
    pub nonce: &'a str,
    /// The 16 bytes that start the plaintext.
    pub random: &'a [u8; 16],
}

impl core::fmt::Debug for PushRequestSpec<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PushRequestSpec")
            .field("token", &"[redacted]")
            .field("encoding_aes_key", &"[redacted]")
            .field("app_id", &self.app_id)
            .field("message", &format_args!("<{} bytes>", self.message.len()))
            .field("format", &self.format)
            .field("timestamp", &self.timestamp)
            .field("nonce", &self.nonce)
            .finish_non_exhaustive()
    }
}

/// A safe-mode push request as WeChat sends it: POST to the endpoint with the query of
/// [`BuiltPushRequest::query`] and the body [`BuiltPushRequest::body`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuiltPushRequest {
    /// `sha1(sort([token, timestamp, nonce]))` (WeChat sends it; it does not cover the body).
    pub signature: String,
    /// Unix seconds as text.
    pub timestamp: String,
    /// The nonce.
    pub nonce: String,
    /// `sha1(sort([token, timestamp, nonce, Encrypt]))`.
    pub msg_signature: String,
    /// The base64 ciphertext (the body's `Encrypt`).
    pub encrypt: String,
    /// The body (JSON or XML envelope).
    pub body: String,
    /// The body's format.
    pub format: Format,
}

impl BuiltPushRequest {
    /// The query parameters, in the order WeChat sends them: `signature`, `timestamp`, `nonce`,
    /// `encrypt_type` (`aes`), `msg_signature`.
    pub fn query(&self) -> [(&'static str, &str); 5] {
        [
            ("signature", &self.signature),
            ("timestamp", &self.timestamp),
            ("nonce", &self.nonce),
            ("encrypt_type", "aes"),
            ("msg_signature", &self.msg_signature),
        ]
    }

    /// The content type WeChat sends with the body: `application/json` or `text/xml`.
    pub fn content_type(&self) -> &'static str {
        match self.format {
            Format::Json => "application/json",
            Format::Xml => "text/xml",
        }
    }
}

/// Encrypt `message` for `app_id` (`random || be_u32(len) || message || appid`, PKCS#7 to 32
/// bytes, AES-256-CBC under the EncodingAESKey), sign it, and wrap it in the body envelope of
/// `format`. Errors are those of [`encrypt_push_reply`] (`ERR_INVALID_AES_KEY`,
/// `ERR_INVALID_ARGUMENT`, `ERR_INPUT_TOO_LARGE`).
pub fn build_push_request(spec: &PushRequestSpec<'_>) -> Result<BuiltPushRequest> {
    let sealed = encrypt_push_reply(&PushReplyInput {
        token: spec.token,
        encoding_aes_key: spec.encoding_aes_key,
        app_id: spec.app_id,
        message: spec.message,
        timestamp: spec.timestamp,
        nonce: spec.nonce,
        random: spec.random,
    })?;
    let timestamp = sealed.timestamp.to_string();
    let signature = push_signature(spec.token, &timestamp, spec.nonce);
    let body = match spec.format {
        Format::Json => {
            let mut w = json::Writer::new();
            w.begin_object();
            if let Some(to) = spec.to_user_name {
                w.key("ToUserName").string(to);
            }
            w.key("Encrypt").string(&sealed.encrypt);
            w.end_object();
            w.finish()
        }
        Format::Xml => {
            let mut out = String::from("<xml>");
            if let Some(to) = spec.to_user_name {
                out.push_str("<ToUserName>");
                xml::cdata(to, &mut out);
                out.push_str("</ToUserName>");
            }
            out.push_str("<Encrypt>");
            xml::cdata(&sealed.encrypt, &mut out);
            out.push_str("</Encrypt></xml>");
            out
        }
    };
    Ok(BuiltPushRequest {
        signature,
        timestamp,
        nonce: sealed.nonce,
        msg_signature: sealed.msg_signature,
        encrypt: sealed.encrypt,
        body,
        format: spec.format,
    })
}

/// The URL check WeChat sends when the push URL is saved: GET with `signature`, `timestamp`,
/// `nonce` and `echostr` (in that order), `signature = sha1(sort([token, timestamp, nonce]))`.
pub fn build_push_verify_query(
    token: &str,
    timestamp: u64,
    nonce: &str,
    echostr: &str,
) -> Result<[(&'static str, String); 4]> {
    crate::encoding::require_non_empty("token", token)?;
    crate::encoding::require_non_empty("nonce", nonce)?;
    crate::encoding::require_non_empty("echostr", echostr)?;
    let timestamp = timestamp.to_string();
    Ok([
        ("signature", push_signature(token, &timestamp, nonce)),
        ("timestamp", timestamp),
        ("nonce", nonce.to_owned()),
        ("echostr", echostr.to_owned()),
    ])
}

/// The string `ToUserName` member of a JSON object text, if any (the body envelope repeats it).
pub fn to_user_name(message_json: &str) -> Option<String> {
    json::object_members(message_json)?
        .get("ToUserName")?
        .as_str()
        .map(|s| s.into_owned())
}

/// Deepest nesting [`message_xml`] renders (the push XML reader refuses deeper documents).
const MAX_XML_DEPTH: usize = 16;

fn message_error(message: impl Into<String>) -> Error {
    Error::with_field(ErrorCode::InvalidArgument, "message", message)
}

/// Render a JSON object (the text `JSON.stringify` gives for a message object) as the XML WeChat
/// pushes: `<xml><ToUserName><![CDATA[gh_..]]></ToUserName><CreateTime>1714112445</CreateTime>..</xml>`.
/// Strings go in CDATA, numbers and booleans as their JSON text, nested objects as nested elements
/// and arrays as repeated elements. `null`, nested arrays and names that are not simple XML names
/// (ASCII letters, digits, `_`, `-`, `.`, not starting with a digit, `-` or `.`) are
/// `ERR_INVALID_ARGUMENT` on `message`.
pub fn message_xml(message_json: &str) -> Result<String> {
    let members = json::object_members(message_json).ok_or_else(|| {
        message_error("message must be an object to render as XML (or the XML text itself)")
    })?;
    let mut out = String::from("<xml>");
    xml_members(&members, 1, &mut out)?;
    out.push_str("</xml>");
    Ok(out)
}

fn xml_members(members: &json::Members<'_>, depth: usize, out: &mut String) -> Result<()> {
    if depth > MAX_XML_DEPTH {
        return Err(message_error(format!(
            "message is nested deeper than {MAX_XML_DEPTH} levels"
        )));
    }
    for member in &members.0 {
        let name = member
            .key()
            .ok_or_else(|| message_error("a message key is not valid Unicode"))?;
        if !is_xml_name(&name) {
            return Err(message_error(format!(
                "message key {} is not an XML element name (letters, digits, '_', '-', '.')",
                json::string_literal(&name)
            )));
        }
        if member.value.kind == Kind::Array {
            for element in member.value.elements().unwrap_or_default() {
                if element.kind == Kind::Array {
                    return Err(message_error(format!(
                        "message.{name} holds an array in an array, which XML elements cannot express"
                    )));
                }
                xml_element(&name, element, depth, out)?;
            }
        } else {
            xml_element(&name, member.value, depth, out)?;
        }
    }
    Ok(())
}

fn xml_element(name: &str, value: Value<'_>, depth: usize, out: &mut String) -> Result<()> {
    out.push('<');
    out.push_str(name);
    out.push('>');
    match value.kind {
        Kind::String => {
            let text = value
                .as_str()
                .ok_or_else(|| message_error(format!("message.{name} is not valid Unicode")))?;
            xml::cdata(&text, out);
        }
        Kind::Number | Kind::Bool => out.push_str(value.raw),
        Kind::Object => {
            let members = value.members().unwrap_or_default();
            xml_members(&members, depth + 1, out)?;
        }
        Kind::Null | Kind::Array => {
            return Err(message_error(format!(
                "message.{name} is {}, which the XML of a push cannot express",
                value.kind.describe()
            )));
        }
    }
    out.push_str("</");
    out.push_str(name);
    out.push('>');
    Ok(())
}

fn is_xml_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
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

    const PUSH_TOKEN: &str = "AAAAA";
    const PUSH_KEY: &str = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    const PUSH_APPID: &str = "wxba5fad812f8e6fb9";
    const PUSH_MESSAGE: &str = r#"{"ToUserName":"gh_97417a04a28d","FromUserName":"o9AgO5Kd5ggOC-bXrbNODIiE3bGY","CreateTime":1714112445,"MsgType":"event","Event":"debug_demo","debug_str":"hello world"}"#;

    fn spec(message: &str, format: Format) -> PushRequestSpec<'_> {
        PushRequestSpec {
            token: PUSH_TOKEN,
            encoding_aes_key: PUSH_KEY,
            app_id: PUSH_APPID,
            message,
            format,
            to_user_name: Some("gh_97417a04a28d"),
            timestamp: 1714112445,
            nonce: "415670741",
            random: b"a8eedb185eb2fecf",
        }
    }

    fn open(built: &BuiltPushRequest, app_ids: &[&str]) -> Result<crate::push::PushOutcome> {
        let q = built.query();
        crate::push::open_push_request(&crate::push::PushRequest {
            token: PUSH_TOKEN,
            encoding_aes_keys: &[PUSH_KEY],
            app_ids,
            query: crate::push::PushQuery {
                signature: Some(q[0].1),
                timestamp: Some(q[1].1),
                nonce: Some(q[2].1),
                echostr: None,
                msg_signature: Some(q[4].1),
            },
            body: Some(&built.body),
            format: None,
        })
    }

    #[test]
    fn push_request_reproduces_the_official_vector() {
        // The official sample push: same key, token, appid, timestamp, nonce and random give the
        // official Encrypt and msg_signature, so the framing is exactly WeChat's.
        let built = build_push_request(&spec(PUSH_MESSAGE, Format::Json)).unwrap();
        assert_eq!(
            built.msg_signature,
            "046e02f8204d34f8ba5fa3b1db94908f3df2e9b3"
        );
        assert_eq!(built.encrypt, "+qdx1OKCy+5JPCBFWw70tm0fJGb2Jmeia4FCB7kao+/Q5c/ohsOzQHi8khUOb05JCpj0JB4RvQMkUyus8TPxLKJGQqcvZqzDpVzazhZv6JsXUnnR8XGT740XgXZUXQ7vJVnAG+tE8NUd4yFyjPy7GgiaviNrlCTj+l5kdfMuFUPpRSrfMZuMcp3Fn2Pede2IuQrKEYwKSqFIZoNqJ4M8EajAsjLY2km32IIjdf8YL/P50F7mStwntrA2cPDrM1kb6mOcfBgRtWygb3VIYnSeOBrebufAlr7F9mFUPAJGj04=");
        assert_eq!(
            built.body,
            format!(
                r#"{{"ToUserName":"gh_97417a04a28d","Encrypt":"{}"}}"#,
                built.encrypt
            )
        );
        assert_eq!(
            built.signature,
            push_signature(PUSH_TOKEN, "1714112445", "415670741")
        );
        assert_eq!(
            built.query().map(|(k, _)| k),
            [
                "signature",
                "timestamp",
                "nonce",
                "encrypt_type",
                "msg_signature"
            ]
        );
        assert_eq!(built.query()[3].1, "aes");
        assert_eq!(built.content_type(), "application/json");
        let out = open(&built, &["wxother", PUSH_APPID]).unwrap();
        let crate::push::PushOutcome::Message {
            message, format, ..
        } = out
        else {
            panic!("not a message")
        };
        assert_eq!((message.text(), format), (PUSH_MESSAGE, Format::Json));
        assert_eq!(message.app_id_index(), 1);
        let e = open(&built, &["wxother"]).err().map(|e| e.code());
        assert_eq!(e, Some(ErrorCode::AppIdMismatch));
    }

    #[test]
    fn xml_push_requests_round_trip() {
        let xml_text = message_xml(PUSH_MESSAGE).unwrap();
        assert_eq!(
            xml_text,
            "<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName>\
             <FromUserName><![CDATA[o9AgO5Kd5ggOC-bXrbNODIiE3bGY]]></FromUserName>\
             <CreateTime>1714112445</CreateTime><MsgType><![CDATA[event]]></MsgType>\
             <Event><![CDATA[debug_demo]]></Event><debug_str><![CDATA[hello world]]></debug_str></xml>"
        );
        let mut s = spec(&xml_text, Format::Xml);
        s.to_user_name = None;
        let built = build_push_request(&s).unwrap();
        assert_eq!(
            built.body,
            format!(
                "<xml><Encrypt><![CDATA[{}]]></Encrypt></xml>",
                built.encrypt
            )
        );
        assert_eq!(built.content_type(), "text/xml");
        let out = open(&built, &[PUSH_APPID]).unwrap();
        let crate::push::PushOutcome::Message { json, format, .. } = out else {
            panic!("not a message")
        };
        assert_eq!(format, Format::Xml);
        assert_eq!(
            json.as_str(),
            r#"{"ToUserName":"gh_97417a04a28d","FromUserName":"o9AgO5Kd5ggOC-bXrbNODIiE3bGY","CreateTime":"1714112445","MsgType":"event","Event":"debug_demo","debug_str":"hello world"}"#
        );
    }

    #[test]
    fn message_xml_nests_repeats_and_refuses_what_xml_cannot_say() {
        assert_eq!(
            message_xml(r#"{"A":{"B":true,"C":[1,2]},"L":[{"I":"x]]>y"},{"I":"z"}],"E":""}"#)
                .unwrap(),
            "<xml><A><B>true</B><C>1</C><C>2</C></A><L><I><![CDATA[x]]]]><![CDATA[>y]]></I></L>\
             <L><I><![CDATA[z]]></I></L><E><![CDATA[]]></E></xml>"
        );
        assert_eq!(
            message_xml(r#"{"Empty\u0041":1}"#).unwrap(),
            "<xml><EmptyA>1</EmptyA></xml>"
        );
        for bad in [
            r#"{"a b":1}"#,
            r#"{"1a":1}"#,
            r#"{"<x>":1}"#,
            r#"{"":1}"#,
            r#"{"n":null}"#,
            r#"{"n":[[1]]}"#,
            "[1]",
            "not json",
            r#"{"s":"\ud800"}"#,
        ] {
            let e = message_xml(bad).unwrap_err();
            assert_eq!(
                (e.code(), e.field()),
                (ErrorCode::InvalidArgument, Some("message")),
                "{bad}"
            );
        }
        let deep = format!("{}1{}", r#"{"a":"#.repeat(20), "}".repeat(20));
        assert!(message_xml(&deep).is_err());
        let ok = format!("{}1{}", r#"{"a":"#.repeat(16), "}".repeat(16));
        assert!(message_xml(&ok).is_ok());
    }

    #[test]
    fn verify_queries_and_helpers() {
        let q = build_push_verify_query(PUSH_TOKEN, 1714112445, "415670741", "123").unwrap();
        assert_eq!(
            q.each_ref().map(|(k, _)| *k),
            ["signature", "timestamp", "nonce", "echostr"]
        );
        let out = crate::push::open_push_request(&crate::push::PushRequest {
            token: PUSH_TOKEN,
            encoding_aes_keys: &[PUSH_KEY],
            app_ids: &[PUSH_APPID],
            query: crate::push::PushQuery {
                signature: Some(&q[0].1),
                timestamp: Some(&q[1].1),
                nonce: Some(&q[2].1),
                echostr: Some(&q[3].1),
                msg_signature: None,
            },
            body: None,
            format: None,
        })
        .unwrap();
        assert!(matches!(out, crate::push::PushOutcome::Verify { echostr } if echostr == "123"));
        assert!(build_push_verify_query("", 1, "n", "e").is_err());
        assert_eq!(
            to_user_name(PUSH_MESSAGE).as_deref(),
            Some("gh_97417a04a28d")
        );
        assert_eq!(to_user_name(r#"{"ToUserName":1}"#), None);
        let mut s = spec(PUSH_MESSAGE, Format::Json);
        s.encoding_aes_key = "short";
        assert_eq!(
            build_push_request(&s).unwrap_err().code(),
            ErrorCode::InvalidAesKey
        );
        let shown = format!("{:?}", spec(PUSH_MESSAGE, Format::Json));
        assert!(
            !shown.contains(PUSH_KEY) && !shown.contains("debug_demo"),
            "{shown}"
        );
    }
}
