//! WeChat server API helpers for the login flow: build request URLs and bodies, parse and classify
//! the responses (endpoints and errcodes: `docs/protocol.md`). Pure functions: the caller does the
//! HTTP itself, this module never touches the network.
//!
//! A response whose `errcode` is present and non-zero becomes [`ErrorCode::WxApi`] with the numeric
//! `errcode`, WeChat's `errmsg`, whether a retry can help, and a hint for every documented code. A
//! body that is not a JSON object, or that lacks a required field, becomes
//! [`ErrorCode::InvalidResponse`] (field `body`).

use crate::encoding::require_non_empty;
use core::fmt;

use zeroize::Zeroizing;

use crate::error::{Error, ErrorCode, Result, WxApiDetails};
use crate::json::{self, Kind, Members, Value};
use crate::open_data::Options;
use crate::payload::{check_shape, PayloadKind};
use crate::signature::{sha256_hex, sign_with_session_key};
use crate::watermark::{check_watermark, WatermarkRule};

/// The WeChat API origin.
pub const API_BASE: &str = "https://api.weixin.qq.com";

/// Percent-encode `s` for a URL query value: everything except RFC 3986 unreserved characters
/// (`A-Z a-z 0-9 - . _ ~`) is encoded as UTF-8 `%XX`.
pub fn url_encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(
                HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0'),
            ));
            out.push(char::from(
                HEX.get(usize::from(b & 0x0f)).copied().unwrap_or(b'0'),
            ));
        }
    }
    out
}

/// A JSON string literal for `s` (quotes included, escapes as `JSON.stringify` writes them).
pub fn json_string(s: &str) -> String {
    json::string_literal(s)
}

fn query(path: &str, params: &[(&str, &str)]) -> String {
    let mut url = String::from(API_BASE);
    url.push_str(path);
    for (i, (k, v)) in params.iter().enumerate() {
        url.push(if i == 0 { '?' } else { '&' });
        url.push_str(k);
        url.push('=');
        url.push_str(&url_encode(v));
    }
    url
}

/// `GET /sns/jscode2session`: exchange a `wx.login` code for the openid and session_key.
pub fn code2session_url(app_id: &str, secret: &str, code: &str) -> Result<String> {
    require_non_empty("appId", app_id)?;
    require_non_empty("secret", secret)?;
    require_non_empty("code", code)?;
    Ok(query(
        "/sns/jscode2session",
        &[
            ("appid", app_id),
            ("secret", secret),
            ("js_code", code),
            ("grant_type", "authorization_code"),
        ],
    ))
}

/// `GET /cgi-bin/token`: the plain access_token request.
pub fn access_token_url(app_id: &str, secret: &str) -> Result<String> {
    require_non_empty("appId", app_id)?;
    require_non_empty("secret", secret)?;
    Ok(query(
        "/cgi-bin/token",
        &[
            ("grant_type", "client_credential"),
            ("appid", app_id),
            ("secret", secret),
        ],
    ))
}

/// A POST request to WeChat: URL and JSON body (send with `content-type: application/json`).
#[derive(Clone, PartialEq, Eq)]
pub struct PostRequest {
    /// The full URL.
    pub url: String,
    /// The JSON body text.
    pub body: String,
}

impl fmt::Debug for PostRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Bodies and URLs may carry the AppSecret or an access_token.
        f.write_str("PostRequest([redacted])")
    }
}

/// `POST /cgi-bin/stable_token` (the recommended access_token API: tokens stay valid across calls).
pub fn stable_token_request(
    app_id: &str,
    secret: &str,
    force_refresh: bool,
) -> Result<PostRequest> {
    require_non_empty("appId", app_id)?;
    require_non_empty("secret", secret)?;
    Ok(PostRequest {
        url: format!("{API_BASE}/cgi-bin/stable_token"),
        body: format!(
            "{{\"grant_type\":\"client_credential\",\"appid\":{},\"secret\":{},\"force_refresh\":{}}}",
            json_string(app_id),
            json_string(secret),
            force_refresh
        ),
    })
}

/// `POST /wxa/business/getuserphonenumber` with the code of the phone-number button (new flow).
pub fn phone_number_request(access_token: &str, code: &str) -> Result<PostRequest> {
    require_non_empty("accessToken", access_token)?;
    require_non_empty("code", code)?;
    Ok(PostRequest {
        url: query(
            "/wxa/business/getuserphonenumber",
            &[("access_token", access_token)],
        ),
        body: format!("{{\"code\":{}}}", json_string(code)),
    })
}

/// `GET /wxa/checksession`: check that a stored session_key is still valid. The signature is the
/// login-state signature over an empty body, `sig_method=hmac_sha256`.
pub fn check_session_url(access_token: &str, open_id: &str, session_key: &str) -> Result<String> {
    require_non_empty("accessToken", access_token)?;
    require_non_empty("openId", open_id)?;
    require_non_empty("sessionKey", session_key)?;
    let signature = sign_with_session_key(session_key, "");
    Ok(query(
        "/wxa/checksession",
        &[
            ("access_token", access_token),
            ("signature", &signature),
            ("openid", open_id),
            ("sig_method", "hmac_sha256"),
        ],
    ))
}

/// `encrypted_msg_hash` for `/wxa/business/checkencryptedmsg`: lowercase hex SHA-256 of the
/// `encryptedData` base64 text exactly as received (what the major SDKs send; WeChat's docs do not
/// spell out the input).
pub fn encrypted_msg_hash(encrypted_data: &str) -> String {
    sha256_hex(encrypted_data.as_bytes())
}

/// `POST /wxa/business/checkencryptedmsg`: was this encryptedData produced by WeChat recently?
pub fn check_encrypted_msg_request(
    access_token: &str,
    encrypted_data: &str,
) -> Result<PostRequest> {
    require_non_empty("accessToken", access_token)?;
    require_non_empty("encryptedData", encrypted_data)?;
    Ok(PostRequest {
        url: query(
            "/wxa/business/checkencryptedmsg",
            &[("access_token", access_token)],
        ),
        body: format!(
            "{{\"encrypted_msg_hash\":\"{}\"}}",
            encrypted_msg_hash(encrypted_data)
        ),
    })
}

/// Whether a retry (with backoff) can succeed: -1 system busy, 45011 rate limit.
pub fn is_retryable(errcode: i64) -> bool {
    matches!(errcode, -1 | 45011)
}

/// What to do about a WeChat `errcode` (every code listed in `docs/protocol.md`, plus a generic
/// answer).
pub fn hint(errcode: i64) -> &'static str {
    match errcode {
        -1 => "WeChat is busy: retry with exponential backoff",
        40029 => "invalid code (expired after 5 minutes, forged, or issued for another appid): call wx.login again and send the new code",
        40163 => "this code was already used (a code works once): call wx.login again; check that the client does not send the same code twice",
        45011 => "rate limited (about 100 calls per minute per user): retry in the next minute",
        40226 => "WeChat blocked the login of this high-risk user: do not retry; show a friendly message",
        40013 => "invalid appid: check the AppID configured on the server (and that the code comes from that mini program)",
        40125 => "invalid AppSecret: check the secret configured on the server (it may have been reset in the WeChat admin console)",
        41002 => "appid is missing from the request: a programming error in the request builder",
        41004 => "secret is missing from the request: a programming error (is the AppSecret configured?)",
        41008 => "code is missing from the request: the client did not send the wx.login code",
        40243 => "the AppSecret is frozen: unfreeze or reset it in the WeChat admin console",
        40001 => "invalid credential: the access_token is invalid or was replaced by a newer one, or the AppSecret is wrong; fetch a fresh token (prefer stable_token)",
        40002 => "invalid grant_type: a programming error in the access_token request",
        40164 => "the server's IP address is not in the API IP whitelist: add it in the WeChat admin console",
        42001 => "the access_token expired: fetch a new one and cache it for less than expires_in",
        45009 => "the daily API quota is exhausted: wait until tomorrow or reset the quota in the admin console",
        89503 => "this IP needs the administrator's confirmation before it can call the API: ask the admin to confirm",
        89506 => "the administrator rejected this IP twice in 24 hours: it cannot call the API for 24 hours",
        89507 => "the administrator rejected this IP in the last hour: it cannot call the API for 1 hour",
        87009 => "invalid signature: the session_key used to sign does not match the user's current one (the user logged in again)",
        _ => "unknown WeChat errcode: look it up in the official API documentation for this endpoint",
    }
}

/// The error of a non-zero `errcode`.
pub fn wx_api_error(errcode: i64, errmsg: &str) -> Error {
    Error::wx_api(WxApiDetails {
        errcode,
        errmsg: errmsg.chars().take(500).collect(),
        retryable: is_retryable(errcode),
        hint: hint(errcode),
    })
}

fn invalid_response(message: impl Into<String>) -> Error {
    Error::with_field(ErrorCode::InvalidResponse, "body", message)
}

/// Parse a WeChat response body: it must be a JSON object; a present non-zero `errcode` is turned
/// into [`ErrorCode::WxApi`]. Returns the members of a successful response.
pub fn parse_response(text: &str) -> Result<Members<'_>> {
    crate::encoding::check_size("body", text.len())?;
    let Some(members) = json::object_members(text) else {
        let what = match json::parse(text) {
            Some(v) => v.kind.describe(),
            None if text.trim().is_empty() => "empty",
            None => "not JSON (an HTML error page or a proxy answer?)",
        };
        return Err(invalid_response(format!(
            "the WeChat response body must be a JSON object; it is {what}"
        )));
    };
    if let Some(code) = members.get("errcode") {
        let Some(n) = code.as_f64() else {
            return Err(invalid_response(format!(
                "errcode must be a number; it is {}",
                code.kind.describe()
            )));
        };
        #[allow(clippy::cast_possible_truncation)]
        let errcode = n as i64;
        #[allow(clippy::cast_precision_loss)]
        let exact = (errcode as f64) == n && n.abs() < 9.0e15;
        if !exact {
            return Err(invalid_response("errcode must be an integer"));
        }
        if errcode != 0 {
            let errmsg = members
                .get("errmsg")
                .and_then(|m| m.as_str())
                .map(|m| m.into_owned())
                .unwrap_or_default();
            return Err(wx_api_error(errcode, &errmsg));
        }
    }
    Ok(members)
}

fn required_string<'a>(members: &Members<'a>, key: &str) -> Result<std::borrow::Cow<'a, str>> {
    match members.get(key) {
        Some(v) => match v.as_str() {
            Some(s) if !s.is_empty() => Ok(s),
            Some(_) => Err(invalid_response(format!("{key} is empty"))),
            None => Err(invalid_response(format!(
                "{key} must be a string; it is {}",
                v.kind.describe()
            ))),
        },
        None => Err(invalid_response(format!(
            "the response has no {key} (and no errcode)"
        ))),
    }
}

/// A successful `jscode2session` answer.
#[derive(Clone, PartialEq, Eq)]
pub struct Code2Session {
    /// `openid`.
    pub open_id: String,
    /// `session_key` (base64 of 16 bytes). Keep it on the server.
    pub session_key: Zeroizing<String>,
    /// `unionid`, when the app is bound to an Open Platform account.
    pub union_id: Option<String>,
}

impl fmt::Debug for Code2Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Code2Session")
            .field("open_id", &self.open_id)
            .field("session_key", &"[redacted]")
            .field("union_id", &self.union_id)
            .finish()
    }
}

/// Parse the `jscode2session` response.
pub fn parse_code2session_response(text: &str) -> Result<Code2Session> {
    let members = parse_response(text)?;
    let open_id = required_string(&members, "openid")?.into_owned();
    let session_key = Zeroizing::new(required_string(&members, "session_key")?.into_owned());
    if crate::testing::decode_session_key("session_key", &session_key).is_err() {
        return Err(invalid_response(
            "session_key is not base64 of 16 bytes (24 characters), as WeChat always returns it",
        ));
    }
    let union_id = match members.get("unionid") {
        None => None,
        Some(v) if v.kind == Kind::Null => None,
        Some(v) => match v.as_str() {
            Some(s) => Some(s.into_owned()),
            None => {
                return Err(invalid_response(format!(
                    "unionid must be a string; it is {}",
                    v.kind.describe()
                )))
            }
        },
    };
    Ok(Code2Session {
        open_id,
        session_key,
        union_id,
    })
}

/// A successful access_token answer (`/cgi-bin/token` or `/cgi-bin/stable_token`).
#[derive(Clone, PartialEq)]
pub struct AccessToken {
    /// `access_token`.
    pub access_token: Zeroizing<String>,
    /// `expires_in`, seconds.
    pub expires_in: f64,
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("access_token", &"[redacted]")
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

/// Parse an access_token response.
pub fn parse_access_token_response(text: &str) -> Result<AccessToken> {
    let members = parse_response(text)?;
    let access_token = Zeroizing::new(required_string(&members, "access_token")?.into_owned());
    let expires_in = match members.get("expires_in") {
        Some(v) => match v.as_f64() {
            Some(n) if n.is_finite() && n > 0.0 => n,
            _ => {
                return Err(invalid_response(
                    "expires_in must be a positive number of seconds",
                ))
            }
        },
        None => return Err(invalid_response("the response has no expires_in")),
    };
    Ok(AccessToken {
        access_token,
        expires_in,
    })
}

/// Parse the `getuserphonenumber` response; check `phone_info`'s shape and watermark (appid in
/// `app_ids`, age when `options.max_age_seconds` is set). Returns the exact `phone_info` JSON text.
pub fn parse_phone_number_response<'a>(
    text: &'a str,
    app_ids: &[&str],
    options: &Options,
) -> Result<&'a str> {
    let members = parse_response(text)?;
    let Some(info) = members.get("phone_info") else {
        return Err(invalid_response(
            "the response has no phone_info (and no errcode)",
        ));
    };
    let Some(info_members) = info.members() else {
        return Err(invalid_response(format!(
            "phone_info must be an object; it is {}",
            info.kind.describe()
        )));
    };
    let mut opts = options.clone();
    opts.watermark = WatermarkRule::Required;
    check_watermark(&info_members, app_ids, &opts)?;
    check_shape(PayloadKind::PhoneNumber, &info_members)?;
    Ok(raw(&info))
}

fn raw<'a>(v: &Value<'a>) -> &'a str {
    v.raw
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;

    #[test]
    fn urls_encode_every_value() {
        assert_eq!(
            code2session_url("wx4f4bc4dec97d474b", "s&e=c r+t/é", "0a1 b").unwrap(),
            "https://api.weixin.qq.com/sns/jscode2session?appid=wx4f4bc4dec97d474b&secret=s%26e%3Dc%20r%2Bt%2F%C3%A9&js_code=0a1%20b&grant_type=authorization_code"
        );
        assert_eq!(
            access_token_url("wxA", "S").unwrap(),
            "https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=wxA&secret=S"
        );
        assert_eq!(
            code2session_url("", "s", "c").unwrap_err().field(),
            Some("appId")
        );
        assert_eq!(
            code2session_url("a", "s", "").unwrap_err().code(),
            ErrorCode::InvalidArgument
        );
    }

    #[test]
    fn check_session_signs_the_empty_body() {
        let url = check_session_url("TOKEN", "oUser", "tiihtNczf5v6AKRyjwEUhQ==").unwrap();
        assert_eq!(
            url,
            "https://api.weixin.qq.com/wxa/checksession?access_token=TOKEN&signature=7154f9f8b4b76b92f541cbf0e37d48840fa06e5e42da92a6f80168a1516a4735&openid=oUser&sig_method=hmac_sha256"
        );
    }

    #[test]
    fn stable_token_body_is_json() {
        let r = stable_token_request("wxA", "se\"cret", true).unwrap();
        assert_eq!(r.url, "https://api.weixin.qq.com/cgi-bin/stable_token");
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(v["secret"], "se\"cret");
        assert_eq!(v["force_refresh"], true);
        assert_eq!(v["grant_type"], "client_credential");
        assert!(!format!("{r:?}").contains("cret"));
    }

    #[test]
    fn encrypted_msg_hash_is_sha256_of_the_text() {
        assert_eq!(
            encrypted_msg_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let r = check_encrypted_msg_request("T", "abc").unwrap();
        assert!(r.body.contains("ba7816bf"));
    }

    #[test]
    fn code2session_success_and_errors() {
        let ok = parse_code2session_response(
            r#"{"openid":"oA","session_key":"tiihtNczf5v6AKRyjwEUhQ==","unionid":"uA"}"#,
        )
        .unwrap();
        assert_eq!(ok.open_id, "oA");
        assert_eq!(ok.union_id.as_deref(), Some("uA"));
        assert!(!format!("{ok:?}").contains("tiih"));
        let ok = parse_code2session_response(
            r#"{"errcode":0,"openid":"oA","session_key":"tiihtNczf5v6AKRyjwEUhQ=="}"#,
        )
        .unwrap();
        assert_eq!(ok.union_id, None);

        let e = parse_code2session_response(r#"{"errcode":40029,"errmsg":"invalid code"}"#)
            .unwrap_err();
        assert_eq!(e.code(), ErrorCode::WxApi);
        let d = e.wx_api_details().unwrap();
        assert_eq!(d.errcode, 40029);
        assert_eq!(d.errmsg, "invalid code");
        assert!(!d.retryable);
        let e =
            parse_code2session_response(r#"{"errcode":-1,"errmsg":"system error"}"#).unwrap_err();
        assert!(e.wx_api_details().unwrap().retryable);
        let e = parse_code2session_response(r#"{"errcode":45011}"#).unwrap_err();
        assert!(e.wx_api_details().unwrap().retryable);
        let e = parse_code2session_response(r#"{"errcode":99999999,"errmsg":"new"}"#).unwrap_err();
        assert_eq!(e.code(), ErrorCode::WxApi);
        assert!(e.wx_api_details().unwrap().hint.contains("unknown"));

        for bad in [
            "<html>502</html>",
            "",
            "[]",
            r#"{"openid":"oA"}"#,
            r#"{"session_key":"tiihtNczf5v6AKRyjwEUhQ=="}"#,
            r#"{"openid":5,"session_key":"tiihtNczf5v6AKRyjwEUhQ=="}"#,
            r#"{"openid":"oA","session_key":"short"}"#,
            r#"{"openid":"oA","session_key":"tiihtNczf5v6AKRyjwEUhQ==","unionid":1}"#,
            r#"{"errcode":"40029"}"#,
            r#"{"errcode":1.5}"#,
        ] {
            let e = parse_code2session_response(bad).unwrap_err();
            assert_eq!(e.code(), ErrorCode::InvalidResponse, "{bad}");
            assert_eq!(e.field(), Some("body"));
        }
    }

    #[test]
    fn every_documented_code_has_a_specific_hint() {
        for code in [
            -1, 40029, 40163, 45011, 40226, 40013, 40125, 41002, 41004, 41008, 40243, 40001, 40002,
            40164, 42001, 45009, 89503, 89506, 89507,
        ] {
            assert!(!hint(code).starts_with("unknown"), "{code}");
        }
    }

    #[test]
    fn access_token_parsing() {
        let t = parse_access_token_response(r#"{"access_token":"AT","expires_in":7200}"#).unwrap();
        assert_eq!(t.access_token.as_str(), "AT");
        assert!((t.expires_in - 7200.0).abs() < f64::EPSILON);
        assert!(!format!("{t:?}").contains("AT\""));
        let e =
            parse_access_token_response(r#"{"errcode":40164,"errmsg":"invalid ip"}"#).unwrap_err();
        assert_eq!(e.wx_api_details().unwrap().errcode, 40164);
        assert_eq!(
            parse_access_token_response(r#"{"access_token":"AT"}"#)
                .unwrap_err()
                .code(),
            ErrorCode::InvalidResponse
        );
    }

    #[test]
    fn phone_number_response() {
        let body = r#"{"errcode":0,"errmsg":"ok","phone_info":{"phoneNumber":"+8613800138000","purePhoneNumber":"13800138000","countryCode":86,"watermark":{"timestamp":1700000000,"appid":"wxA"},"extra":1}}"#;
        let info = parse_phone_number_response(body, &["wxA"], &Options::default()).unwrap();
        assert!(info.starts_with(r#"{"phoneNumber""#) && info.ends_with(r#""extra":1}"#));
        let e = parse_phone_number_response(body, &["wxB"], &Options::default()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::AppIdMismatch);
        let no_wm = r#"{"errcode":0,"phone_info":{"phoneNumber":"1","purePhoneNumber":"1","countryCode":"86"}}"#;
        assert_eq!(
            parse_phone_number_response(no_wm, &["wxA"], &Options::default())
                .unwrap_err()
                .code(),
            ErrorCode::WatermarkMissing
        );
        let shape = r#"{"phone_info":{"phoneNumber":1,"purePhoneNumber":"1","countryCode":"86","watermark":{"appid":"wxA","timestamp":1}}}"#;
        let e = parse_phone_number_response(shape, &["wxA"], &Options::default()).unwrap_err();
        assert_eq!(e.code(), ErrorCode::PayloadShape);
        assert_eq!(e.field(), Some("phoneNumber"));
        let e = parse_phone_number_response(
            r#"{"errcode":40029,"errmsg":"invalid code"}"#,
            &["wxA"],
            &Options::default(),
        )
        .unwrap_err();
        assert_eq!(e.code(), ErrorCode::WxApi);
        let e = parse_phone_number_response(r#"{"errcode":0}"#, &["wxA"], &Options::default())
            .unwrap_err();
        assert_eq!(e.code(), ErrorCode::InvalidResponse);
    }
}
