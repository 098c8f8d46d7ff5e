//! WeChat server API security (服务端 API 签名加密, "API 安全"): the request is AES-256-GCM
//! encrypted and RSA-PSS signed, the response is signed by the platform certificate and encrypted
//! (`docs/api-security.md` has the protocol).
//!
//! This core does everything but the RSA operations: the inner JSON, the AAD, the signed strings,
//! AES-256-GCM (RustCrypto `aes-gcm`, whose tag check is constant time), the PEM/DER handling that
//! hands WebCrypto its keys ([`private_key_pkcs8`], [`certificate_spki`]), and the response checks
//! (appid, certificate serial, freshness, the decrypted `_appid` / `_timestamp`). Signing and
//! verifying RSA-PSS is left to the platform's WebCrypto, which is constant time (the pure-Rust
//! `rsa` crate carries an open timing advisory, RUSTSEC-2023-0071).
//!
//! A request: [`seal`] gives the body and the string to sign. A response: [`check_response`]
//! classifies it (a WeChat rejection is [`ErrorCode::WxApi`]) and gives the string and signature
//! to verify; once verified, [`open_envelope`] checks its age, decrypts it and checks what it holds.

mod der;

use aes_gcm::aead::consts::U12;
use aes_gcm::aead::{AeadInOut, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce, Tag};
use core::fmt;
use zeroize::Zeroizing;

pub use der::{certificate_spki, private_key_pkcs8};

use crate::encoding::{check_size, decode_base64, encode_base64, require_non_empty};
use crate::error::{Error, ErrorCode, Result, WxApiDetails};
use crate::json::{self, Members};

/// Seconds a response may be old by default (the official samples' window).
pub const DEFAULT_MAX_AGE_SECONDS: u64 = 300;

/// The one message of [`ErrorCode::ApiDecryptFailed`]: the tag, the key, the sn or the envelope's
/// shape are not told apart.
pub const API_DECRYPT_FAILED_MESSAGE: &str =
    "the signed response does not decrypt with this symmetricKey and symmetricKeySn \
(wrong key or sn for this appid, or the body was altered after signing)";

/// The names of the protocol's fields inside the encrypted JSON.
const PROTOCOL_FIELDS: [&str; 3] = ["_n", "_appid", "_timestamp"];

fn invalid(field: &'static str, message: impl Into<String>) -> Error {
    Error::with_field(ErrorCode::InvalidArgument, field, message)
}

/// `urlpath` of the AAD and the signed strings: scheme, host and path of `url`, without query or
/// fragment (`https://api.weixin.qq.com/wxa/getuserriskrank`).
pub fn url_path(url: &str) -> Result<&str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| invalid("url", "url must be an absolute https:// (or http://) URL"))?;
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    if host_end == 0 {
        return Err(invalid("url", "url has no host"));
    }
    if url.bytes().any(|b| b.is_ascii_control() || b == b' ') {
        return Err(invalid(
            "url",
            "url must not contain spaces or control characters",
        ));
    }
    url.get(..end)
        .ok_or_else(|| invalid("url", "url is not valid"))
}

/// `appId` as the headers, the AAD and the signed strings carry it.
fn check_app_id(app_id: &str) -> Result<()> {
    require_non_empty("appId", app_id)?;
    if app_id
        .bytes()
        .any(|b| b.is_ascii_control() || b == b'|' || b == b' ')
    {
        return Err(invalid(
            "appId",
            "appId must not contain spaces, '|' or control characters",
        ));
    }
    Ok(())
}

fn check_sn(sn: &str) -> Result<()> {
    require_non_empty("symmetricKeySn", sn)?;
    if sn.bytes().any(|b| b.is_ascii_control() || b == b'|') {
        return Err(invalid(
            "symmetricKeySn",
            "symmetricKeySn must not contain '|' or control characters",
        ));
    }
    Ok(())
}

/// The AES-256-GCM cipher of the base64 symmetric key (`ERR_INVALID_AES_KEY` unless 32 bytes).
fn cipher(symmetric_key: &str) -> Result<Aes256Gcm> {
    let field = "symmetricKey";
    let key = decode_base64(field, symmetric_key).map_err(|e| e.in_field(field))?;
    Aes256Gcm::new_from_slice(&key).map_err(|_| {
        Error::with_field(
            ErrorCode::InvalidAesKey,
            field,
            format!(
                "symmetricKey must be the console's AES256_GCM key: base64 of 32 bytes, got {} bytes \
                 (SM4_GCM keys are not supported)",
                key.len()
            ),
        )
    })
}

/// `urlpath|appid|timestamp|sn`: the additional authenticated data of both directions.
pub fn aad(url_path: &str, app_id: &str, timestamp: &str, sn: &str) -> String {
    format!("{url_path}|{app_id}|{timestamp}|{sn}")
}

/// `urlpath\nappid\ntimestamp\nbody`: the string signed in both directions (four fields, no
/// trailing newline; `body` is the exact text sent or received).
pub fn signing_string(url_path: &str, app_id: &str, timestamp: &str, body: &str) -> String {
    let mut s = String::with_capacity(url_path.len() + app_id.len() + body.len() + 16);
    for (i, part) in [url_path, app_id, timestamp, body].iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        s.push_str(part);
    }
    s
}

/// The plaintext of a request: `{"_n":…,"_appid":…,"_timestamp":…,` then the members of
/// `params_json` (a JSON object) as written, in their order.
pub fn inner_json(
    nonce: &str,
    app_id: &str,
    timestamp: u64,
    params_json: &str,
) -> Result<Zeroizing<String>> {
    check_size("params", params_json.len())?;
    let members = json::object_members(params_json)
        .ok_or_else(|| invalid("params", "params must be a JSON object"))?;
    if let Some(name) = PROTOCOL_FIELDS
        .iter()
        .find(|name| members.0.iter().any(|m| m.key_is(name)))
    {
        return Err(invalid(
            "params",
            format!("params must not contain {name}: the library adds _n, _appid and _timestamp"),
        ));
    }
    let mut out = Zeroizing::new(String::with_capacity(params_json.len() + 96));
    out.push_str("{\"_n\":");
    json::write_string(&mut out, nonce);
    out.push_str(",\"_appid\":");
    json::write_string(&mut out, app_id);
    out.push_str(",\"_timestamp\":");
    out.push_str(&timestamp.to_string());
    write_members(&mut out, &members, true);
    out.push('}');
    Ok(out)
}

/// Append `,"key":value` for each member (keys and values as written), skipping the protocol's
/// fields unless `all`.
fn write_members(out: &mut String, members: &Members<'_>, all: bool) {
    let mut first = out.ends_with('{');
    for m in &members.0 {
        if !all && PROTOCOL_FIELDS.iter().any(|name| m.key_is(name)) {
            continue;
        }
        if !first {
            out.push(',');
        }
        first = false;
        out.push('"');
        out.push_str(m.key_source());
        out.push_str("\":");
        out.push_str(m.value.raw);
    }
}

/// What [`seal`] needs: the request and the caller's API security configuration.
pub struct SealInput<'a> {
    /// The URL called (its query, with `access_token`, is kept out of the AAD and signature).
    pub url: &'a str,
    /// The mini program's appid (a third-party platform: the component appid).
    pub app_id: &'a str,
    /// The console's API 对称密钥 (base64 of 32 bytes).
    pub symmetric_key: &'a str,
    /// Its 对称密钥编号.
    pub symmetric_key_sn: &'a str,
    /// The request parameters as a JSON object (members kept in their order).
    pub params_json: &'a str,
    /// Unix seconds.
    pub timestamp: u64,
    /// `_n`: a fresh random string.
    pub nonce: &'a str,
    /// A fresh random 12-byte IV.
    pub iv: &'a [u8],
}

impl fmt::Debug for SealInput<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SealInput([redacted])")
    }
}

/// A sealed request: the body to send, and the string to sign with the private key.
#[derive(Clone, PartialEq, Eq)]
pub struct Sealed {
    /// `{"iv":…,"data":…,"authtag":…}`: send exactly this text.
    pub body: String,
    /// `urlpath\nappid\ntimestamp\nbody`.
    pub signing_string: String,
}

impl fmt::Debug for Sealed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Sealed([redacted])")
    }
}

/// Encrypt a request: inner JSON, AES-256-GCM under `urlpath|appid|timestamp|sn`, the envelope,
/// and the string to sign.
pub fn seal(input: &SealInput<'_>) -> Result<Sealed> {
    let path = url_path(input.url)?;
    check_app_id(input.app_id)?;
    check_sn(input.symmetric_key_sn)?;
    require_non_empty("nonce", input.nonce)?;
    let cipher = cipher(input.symmetric_key)?;
    let nonce = Nonce::<U12>::try_from(input.iv).map_err(|_| {
        Error::with_field(
            ErrorCode::InvalidIv,
            "iv",
            format!("iv must be 12 bytes, got {}", input.iv.len()),
        )
    })?;
    let ts = input.timestamp.to_string();
    let plain = inner_json(
        input.nonce,
        input.app_id,
        input.timestamp,
        input.params_json,
    )?;
    let aad = aad(path, input.app_id, &ts, input.symmetric_key_sn);
    let mut buf = Zeroizing::new(plain.as_bytes().to_vec());
    let tag = cipher
        .encrypt_inout_detached(&nonce, aad.as_bytes(), buf.as_mut_slice().into())
        .map_err(|_| invalid("params", "params are too large to encrypt"))?;
    let body = envelope(input.iv, &buf, &tag);
    let signing_string = signing_string(path, input.app_id, &ts, &body);
    Ok(Sealed {
        body,
        signing_string,
    })
}

/// `{"iv":…,"data":…,"authtag":…}` (the guide's key order, no whitespace).
fn envelope(iv: &[u8], data: &[u8], tag: &[u8]) -> String {
    format!(
        "{{\"iv\":\"{}\",\"data\":\"{}\",\"authtag\":\"{}\"}}",
        encode_base64(iv),
        encode_base64(data),
        encode_base64(tag)
    )
}

/// The `Wechatmp-*` headers of a response (absent ones `None`).
#[derive(Clone, Copy, Debug, Default)]
pub struct ResponseHeaders<'a> {
    /// `Wechatmp-Appid`.
    pub app_id: Option<&'a str>,
    /// `Wechatmp-TimeStamp`.
    pub timestamp: Option<&'a str>,
    /// `Wechatmp-Serial`: the 证书编号 of the signing certificate.
    pub serial: Option<&'a str>,
    /// `Wechatmp-Signature`.
    pub signature: Option<&'a str>,
    /// `Wechatmp-Serial-Deprecated` (certificate rollover only).
    pub serial_deprecated: Option<&'a str>,
    /// `Wechatmp-Signature-Deprecated` (certificate rollover only).
    pub signature_deprecated: Option<&'a str>,
}

/// What to verify before [`open_envelope`].
#[derive(Clone, PartialEq, Eq)]
pub struct ToVerify {
    /// `urlpath\nappid\nWechatmp-TimeStamp\nbody`.
    pub signing_string: String,
    /// The decoded signature.
    pub signature: Vec<u8>,
    /// Index into the caller's certificate serials of the certificate to verify with.
    pub serial_index: usize,
    /// Whether that is the `-Deprecated` pair (the caller lacks the new certificate).
    pub deprecated: bool,
}

impl fmt::Debug for ToVerify {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ToVerify")
            .field("serial_index", &self.serial_index)
            .field("deprecated", &self.deprecated)
            .finish_non_exhaustive()
    }
}

/// A hint for the errcodes of WeChat's security layer, else the general table.
pub fn hint(errcode: i64) -> &'static str {
    match errcode {
        40230 => "Wechatmp-Serial is missing from the request",
        40231 => "Wechatmp-TimeStamp is missing from the request",
        40232 => "Wechatmp-Signature is missing from the request",
        40233 => "Wechatmp-Appid is missing from the request",
        40234 => "WeChat rejected the request signature: check that privateKey is the key pair whose public key is configured in the console (API 安全), and that the body was sent exactly as sealed",
        40235 => "WeChat could not decrypt the request: check symmetricKey and symmetricKeySn against the console (API 安全) and that the url called is the url sealed",
        40236 => "Wechatmp-Appid is not a valid appid",
        40237 => "Wechatmp-Appid does not match the access_token's account (a third-party platform signs with its component appid and keys)",
        40238 => "no symmetric key is configured for this appid: set one up in the console (开发管理 > 开发设置 > API 安全)",
        40239 => "no public key is configured for this appid: set up the asymmetric key in the console (API 安全)",
        40240 => "the request timestamp is too old: check the server clock (timestamps are Unix seconds)",
        934011 => "this API requires API security (signature and encryption): send it through sealApiRequest",
        _ => crate::wx_api::hint(errcode),
    }
}

/// Whether a JSON object is a plain WeChat error (`errcode` present, non-zero, no envelope).
fn rejection(members: &Members<'_>) -> Option<Error> {
    if members.get("data").is_some() || members.get("authtag").is_some() {
        return None;
    }
    let n = members.get("errcode")?.as_f64()?;
    #[allow(clippy::cast_possible_truncation)]
    let errcode = n as i64;
    #[allow(clippy::cast_precision_loss)]
    if errcode == 0 || (errcode as f64) != n {
        return None;
    }
    let errmsg = members
        .get("errmsg")
        .and_then(|v| v.as_str())
        .map(|s| s.chars().take(500).collect())
        .unwrap_or_default();
    Some(Error::wx_api(WxApiDetails {
        errcode,
        errcode_text: None,
        errmsg,
        retryable: crate::wx_api::is_retryable(errcode),
        hint: hint(errcode),
        platform: crate::wx_api::Platform::WeChat,
    }))
}

fn unsigned(message: &str) -> Error {
    Error::with_field(ErrorCode::ApiUnsigned, "headers", message)
}

/// A `Wechatmp-TimeStamp` value: decimal Unix seconds.
fn parse_timestamp(text: &str) -> Result<u64> {
    if text.is_empty() || text.len() > 12 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::with_field(
            ErrorCode::InvalidResponse,
            "headers",
            "Wechatmp-TimeStamp is not decimal Unix seconds",
        ));
    }
    text.parse()
        .map_err(|_| Error::with_field(ErrorCode::InvalidResponse, "headers", "bad timestamp"))
}

/// Classify a response and say what to verify. A plain `{"errcode":…}` rejection becomes
/// [`ErrorCode::WxApi`]; anything else must carry the `Wechatmp-*` headers, for `app_id`, with a
/// serial among `serials` (the 证书编号 of the caller's certificates).
pub fn check_response(
    url: &str,
    app_id: &str,
    headers: &ResponseHeaders<'_>,
    body: &str,
    serials: &[&str],
) -> Result<ToVerify> {
    let path = url_path(url)?;
    check_app_id(app_id)?;
    check_size("body", body.len())?;
    let members = json::object_members(body);
    if let Some(err) = members.as_ref().and_then(rejection) {
        return Err(err);
    }
    let has_primary = headers.serial.is_some() && headers.signature.is_some();
    let has_deprecated =
        headers.serial_deprecated.is_some() && headers.signature_deprecated.is_some();
    if !has_primary && !has_deprecated {
        let looks_sealed = members.is_some_and(|m| m.get("data").is_some());
        return Err(unsigned(if looks_sealed {
            "the response is encrypted but carries no Wechatmp-Signature / Wechatmp-Serial: refused"
        } else {
            "the response carries no Wechatmp-Signature / Wechatmp-Serial: API security is not on for this call, or something between you and WeChat stripped the headers"
        }));
    }
    let (Some(resp_app_id), Some(ts)) = (headers.app_id, headers.timestamp) else {
        return Err(unsigned(
            "the response lacks Wechatmp-Appid or Wechatmp-TimeStamp",
        ));
    };
    if resp_app_id != app_id {
        return Err(Error::with_field(
            ErrorCode::ApiAppIdMismatch,
            "headers",
            "Wechatmp-Appid of the response is not appId",
        ));
    }
    parse_timestamp(ts)?;
    let find = |sn: Option<&str>| sn.and_then(|sn| serials.iter().position(|s| *s == sn));
    let (serial_index, signature, deprecated) = match (find(headers.serial), headers.signature) {
        (Some(i), Some(sig)) => (i, sig, false),
        _ => match (
            find(headers.serial_deprecated),
            headers.signature_deprecated,
        ) {
            (Some(i), Some(sig)) => (i, sig, true),
            _ => {
                let got = [headers.serial, headers.serial_deprecated]
                    .iter()
                    .flatten()
                    .map(|s| s.chars().take(64).collect::<String>())
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(Error::with_field(
                        ErrorCode::ApiUnknownSerial,
                        "certificates",
                        format!(
                            "the response is signed by certificate {got}, which is not among certificates: \
                             download the platform certificate (开放平台证书) from the console and add it under its 证书编号"
                        ),
                    ));
            }
        },
    };
    let signature = decode_base64("headers", signature.trim()).map_err(|_| {
        Error::with_field(
            ErrorCode::ApiSignatureInvalid,
            "headers",
            "Wechatmp-Signature is not base64",
        )
    })?;
    Ok(ToVerify {
        signing_string: signing_string(path, app_id, ts, body),
        signature: signature.to_vec(),
        serial_index,
        deprecated,
    })
}

/// What [`open_envelope`] needs, after the signature verified.
pub struct OpenInput<'a> {
    /// The URL called.
    pub url: &'a str,
    /// The caller's appid.
    pub app_id: &'a str,
    /// The console's API 对称密钥 (base64 of 32 bytes).
    pub symmetric_key: &'a str,
    /// Its 对称密钥编号.
    pub symmetric_key_sn: &'a str,
    /// `Wechatmp-TimeStamp` of the response (not the request's).
    pub timestamp: &'a str,
    /// The raw body.
    pub body: &'a str,
    /// Unix seconds now.
    pub now: u64,
    /// The oldest response accepted, in seconds.
    pub max_age_seconds: u64,
}

impl fmt::Debug for OpenInput<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OpenInput([redacted])")
    }
}

fn decrypt_failed() -> Error {
    Error::with_field(
        ErrorCode::ApiDecryptFailed,
        "body",
        API_DECRYPT_FAILED_MESSAGE,
    )
}

/// iv (12 bytes), data, tag (16 bytes).
type EnvelopeParts = (Vec<u8>, Zeroizing<Vec<u8>>, Vec<u8>);

/// The fields of an envelope.
fn envelope_parts(body: &str) -> Option<EnvelopeParts> {
    let m = json::object_members(body)?;
    let field = |name: &str| -> Option<Zeroizing<Vec<u8>>> {
        let s = m.get(name)?.as_str()?;
        decode_base64("body", &s).ok()
    };
    let iv = field("iv").filter(|v| v.len() == 12)?;
    let data = field("data")?;
    let tag = field("authtag").filter(|v| v.len() == 16)?;
    Some((iv.to_vec(), data, tag.to_vec()))
}

/// Check a verified response's age, decrypt it under `urlpath|appid|Wechatmp-TimeStamp|sn`, check
/// its `_appid` and `_timestamp`, and return its JSON without `_n`, `_appid`, `_timestamp`.
pub fn open_envelope(input: &OpenInput<'_>) -> Result<Zeroizing<String>> {
    let path = url_path(input.url)?;
    check_app_id(input.app_id)?;
    check_sn(input.symmetric_key_sn)?;
    let cipher = cipher(input.symmetric_key)?;
    let ts = parse_timestamp(input.timestamp)?;
    if input.now.saturating_sub(ts) > input.max_age_seconds {
        return Err(Error::with_field(
            ErrorCode::ApiResponseExpired,
            "headers",
            format!(
                "the response is {} seconds old, more than maxAgeSeconds ({}): a replay, or a clock far off",
                input.now.saturating_sub(ts),
                input.max_age_seconds
            ),
        ));
    }
    let (iv, mut data, tag) = envelope_parts(input.body).ok_or_else(decrypt_failed)?;
    let nonce = Nonce::<U12>::try_from(iv.as_slice()).map_err(|_| decrypt_failed())?;
    let tag = Tag::try_from(tag.as_slice()).map_err(|_| decrypt_failed())?;
    let aad = aad(path, input.app_id, input.timestamp, input.symmetric_key_sn);
    cipher
        .decrypt_inout_detached(&nonce, aad.as_bytes(), data.as_mut_slice().into(), &tag)
        .map_err(|_| decrypt_failed())?;
    let text = Zeroizing::new(String::from_utf8(core::mem::take(&mut *data)).map_err(|e| {
        drop(Zeroizing::new(e.into_bytes()));
        decrypt_failed()
    })?);
    let members = json::object_members(&text).ok_or_else(decrypt_failed)?;
    if members.get("_appid").and_then(|v| v.as_str()).as_deref() != Some(input.app_id) {
        return Err(Error::with_field(
            ErrorCode::ApiAppIdMismatch,
            "body",
            "_appid inside the response is not appId",
        ));
    }
    #[allow(clippy::cast_precision_loss)]
    if members.get("_timestamp").and_then(|v| v.as_f64()) != Some(ts as f64) {
        return Err(Error::with_field(
            ErrorCode::ApiTimestampMismatch,
            "body",
            "_timestamp inside the response differs from Wechatmp-TimeStamp",
        ));
    }
    let mut out = Zeroizing::new(String::with_capacity(text.len()));
    out.push('{');
    write_members(&mut out, &members, false);
    out.push('}');
    Ok(out)
}
