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

fn query(base: &str, path: &str, params: &[(&str, &str)]) -> String {
    let mut url = String::from(base);
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
    code2session_url_at(None, app_id, secret, code)
}

/// [`code2session_url`] under another origin (a proxy, or a platform mirroring WeChat's paths):
/// `base` as checked by [`base_url`], `None` for `https://api.weixin.qq.com`.
pub fn code2session_url_at(
    base: Option<&str>,
    app_id: &str,
    secret: &str,
    code: &str,
) -> Result<String> {
    let base = base_url(base, API_BASE)?;
    require_non_empty("appId", app_id)?;
    require_non_empty("secret", secret)?;
    require_non_empty("code", code)?;
    Ok(query(
        base,
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
    access_token_url_at(None, app_id, secret)
}

/// [`access_token_url`] under another origin ([`base_url`]).
pub fn access_token_url_at(base: Option<&str>, app_id: &str, secret: &str) -> Result<String> {
    let base = base_url(base, API_BASE)?;
    require_non_empty("appId", app_id)?;
    require_non_empty("secret", secret)?;
    Ok(query(
        base,
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
    stable_token_request_at(None, app_id, secret, force_refresh)
}

/// [`stable_token_request`] under another origin ([`base_url`]).
pub fn stable_token_request_at(
    base: Option<&str>,
    app_id: &str,
    secret: &str,
    force_refresh: bool,
) -> Result<PostRequest> {
    let base = base_url(base, API_BASE)?;
    require_non_empty("appId", app_id)?;
    require_non_empty("secret", secret)?;
    Ok(PostRequest {
        url: format!("{base}/cgi-bin/stable_token"),
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
    phone_number_request_at(None, access_token, code)
}

/// [`phone_number_request`] under another origin ([`base_url`]).
pub fn phone_number_request_at(
    base: Option<&str>,
    access_token: &str,
    code: &str,
) -> Result<PostRequest> {
    let base = base_url(base, API_BASE)?;
    require_non_empty("accessToken", access_token)?;
    require_non_empty("code", code)?;
    Ok(PostRequest {
        url: query(
            base,
            "/wxa/business/getuserphonenumber",
            &[("access_token", access_token)],
        ),
        body: format!("{{\"code\":{}}}", json_string(code)),
    })
}

/// `GET /wxa/checksession`: check that a stored session_key is still valid. The signature is the
/// login-state signature over an empty body, `sig_method=hmac_sha256`.
pub fn check_session_url(access_token: &str, open_id: &str, session_key: &str) -> Result<String> {
    check_session_url_at(None, access_token, open_id, session_key)
}

/// [`check_session_url`] under another origin ([`base_url`]; QQ: `https://api.q.qq.com`).
pub fn check_session_url_at(
    base: Option<&str>,
    access_token: &str,
    open_id: &str,
    session_key: &str,
) -> Result<String> {
    let base = base_url(base, API_BASE)?;
    require_non_empty("accessToken", access_token)?;
    require_non_empty("openId", open_id)?;
    require_non_empty("sessionKey", session_key)?;
    let signature = sign_with_session_key(session_key, "");
    Ok(query(
        base,
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
    check_encrypted_msg_request_at(None, access_token, encrypted_data)
}

/// [`check_encrypted_msg_request`] under another origin ([`base_url`]).
pub fn check_encrypted_msg_request_at(
    base: Option<&str>,
    access_token: &str,
    encrypted_data: &str,
) -> Result<PostRequest> {
    let base = base_url(base, API_BASE)?;
    require_non_empty("accessToken", access_token)?;
    require_non_empty("encryptedData", encrypted_data)?;
    Ok(PostRequest {
        url: query(
            base,
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

/// A mini-program platform whose code-to-session API this module speaks (`docs/platforms.md`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Platform {
    /// WeChat (`api.weixin.qq.com`).
    #[default]
    WeChat,
    /// QQ (`api.q.qq.com`), WeChat's paths and dialect.
    Qq,
    /// Douyin / Toutiao (ByteDance): v2 `err_no` dialect, v1 `errcode`.
    Douyin,
    /// Kuaishou: `result` dialect.
    Kuaishou,
    /// WeCom (企业微信) mini programs: a corp access_token instead of appid and secret.
    WeCom,
    /// Baidu (swan): `errno/error/error_description` dialect, 24-byte session_key.
    Baidu,
}

impl Platform {
    /// Every platform, in the order of their numbers at the JavaScript boundary.
    pub const ALL: &'static [Platform] = &[
        Platform::WeChat,
        Platform::Qq,
        Platform::Douyin,
        Platform::Kuaishou,
        Platform::WeCom,
        Platform::Baidu,
    ];

    /// The identifier used in the JavaScript API (`'wechat'`, `'qq'`, ...).
    pub const fn id(self) -> &'static str {
        match self {
            Platform::WeChat => "wechat",
            Platform::Qq => "qq",
            Platform::Douyin => "douyin",
            Platform::Kuaishou => "kuaishou",
            Platform::WeCom => "wecom",
            Platform::Baidu => "baidu",
        }
    }

    /// The platform of an identifier ([`Platform::id`]).
    pub fn from_id(id: &str) -> Option<Platform> {
        Platform::ALL.iter().copied().find(|p| p.id() == id)
    }

    /// The name used in messages.
    pub const fn name(self) -> &'static str {
        match self {
            Platform::WeChat => "WeChat",
            Platform::Qq => "QQ",
            Platform::Douyin => "Douyin",
            Platform::Kuaishou => "Kuaishou",
            Platform::WeCom => "WeCom",
            Platform::Baidu => "Baidu",
        }
    }

    /// The origin of the platform's code-to-session API.
    pub const fn api_base(self) -> &'static str {
        match self {
            Platform::WeChat => API_BASE,
            Platform::Qq => "https://api.q.qq.com",
            Platform::Douyin => "https://developer.toutiao.com",
            Platform::Kuaishou => "https://open.kuaishou.com",
            Platform::WeCom => "https://qyapi.weixin.qq.com",
            Platform::Baidu => "https://spapi.baidu.com",
        }
    }

    /// The decoded length of the platform's session_key: 24 for Baidu (AES-192), 16 elsewhere.
    pub const fn session_key_len(self) -> usize {
        match self {
            Platform::Baidu => 24,
            _ => 16,
        }
    }

    /// Whether the platform documents that a retry can succeed after this code.
    pub fn is_retryable(self, errcode: i64) -> bool {
        match self {
            Platform::WeChat | Platform::Qq => is_retryable(errcode),
            Platform::WeCom => errcode == -1,
            Platform::Douyin | Platform::Kuaishou | Platform::Baidu => false,
        }
    }

    /// What to do about a platform error code (WeChat: [`hint`]).
    pub fn hint(self, errcode: i64) -> &'static str {
        match (self, errcode) {
            (Platform::WeChat, _) => hint(errcode),
            (Platform::Qq, -1) => "QQ is busy: retry with exponential backoff",
            (Platform::Qq, 40029) => "invalid code (expired, already used, or issued for another appid): call qq.login again and send the new code",
            (Platform::Qq, 45011) => "rate limited: retry in the next minute",
            (Platform::Douyin, 40014) => "a required parameter is missing or malformed: check appId, secret and code",
            (Platform::Douyin, 40015) => "invalid appid: check the App ID configured on the server",
            (Platform::Douyin, 40017) => "invalid secret: check the App Secret configured on the server",
            (Platform::Douyin, 40018) => "invalid code (expired or already used): call tt.login again and send the new code",
            (Platform::Douyin, 40019) => "invalid anonymous code: call tt.login again and send the new anonymousCode",
            (Platform::WeCom, -1) => "WeCom is busy: retry with exponential backoff",
            (Platform::WeCom, 40014) => "invalid access_token: fetch a new corp (or suite) access_token",
            (Platform::WeCom, 42001) => "the access_token expired: fetch a new one and cache it for less than expires_in",
            (Platform::WeCom, 40029) => "invalid code (expired or already used): call wx.qy.login again and send the new code",
            _ => self.generic_hint(),
        }
    }

    /// The hint of a code the library does not know.
    pub const fn generic_hint(self) -> &'static str {
        match self {
            Platform::WeChat => "unknown WeChat errcode: look it up in the official API documentation for this endpoint",
            Platform::Qq => "unknown QQ errcode: look it up in QQ's mini program server API documentation",
            Platform::Douyin => "unknown Douyin error: look err_no up in Douyin's open platform documentation (log_id identifies the call)",
            Platform::Kuaishou => "unknown Kuaishou error: look result and error up in Kuaishou's mini program documentation",
            Platform::WeCom => "unknown WeCom errcode: look it up in WeCom's global error code list",
            Platform::Baidu => "unknown Baidu error: look errno and error up in the swan server API documentation (check the App Key and App Secret first)",
        }
    }
}

/// The origin a request builder uses: `base` when given (a proxy, a mirror, a mock; a path prefix
/// is allowed, trailing slashes are dropped), else `default`. `ERR_INVALID_ARGUMENT` (field
/// `baseUrl`) unless it is an `http://` or `https://` URL without query, fragment or whitespace.
pub fn base_url<'a>(base: Option<&'a str>, default: &'a str) -> Result<&'a str> {
    let Some(base) = base else {
        return Ok(default);
    };
    let trimmed = base.trim_end_matches('/');
    let host = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"));
    let ok = matches!(host, Some(h) if !h.is_empty() && !h.starts_with('/'))
        && !trimmed
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '?' || c == '#');
    if !ok {
        return Err(Error::with_field(
            ErrorCode::InvalidArgument,
            "baseUrl",
            "baseUrl must be an http:// or https:// origin (optionally with a path prefix), without query, fragment or spaces",
        ));
    }
    Ok(trimmed)
}

/// The HTTP method of an [`ApiRequest`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// GET: everything in the URL.
    Get,
    /// POST with a body.
    Post,
}

/// A request for any platform: GET with everything in the URL, or POST with a body.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiRequest {
    /// The full URL.
    pub url: String,
    /// GET or POST.
    pub method: Method,
    /// The body's `content-type` (POST only).
    pub content_type: Option<&'static str>,
    /// The body (POST only).
    pub body: Option<String>,
}

impl fmt::Debug for ApiRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // URLs and bodies carry the secret or an access_token.
        write!(f, "ApiRequest({:?}, [redacted])", self.method)
    }
}

/// What [`code2session_request`] needs; which fields a platform uses is in `docs/platforms.md`.
#[derive(Clone, Copy, Default)]
pub struct Code2SessionParams<'a> {
    /// The platform (default WeChat).
    pub platform: Platform,
    /// The appid (Baidu: the App Key). Not used by WeCom.
    pub app_id: Option<&'a str>,
    /// The AppSecret (Baidu: the App Secret). Not used by WeCom.
    pub secret: Option<&'a str>,
    /// The login code.
    pub code: Option<&'a str>,
    /// Douyin only: the anonymous code (`code`, this or both).
    pub anonymous_code: Option<&'a str>,
    /// WeCom only: the corp application's access_token (required there).
    pub access_token: Option<&'a str>,
    /// Another origin than the platform's ([`base_url`]).
    pub base_url: Option<&'a str>,
}

impl fmt::Debug for Code2SessionParams<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Code2SessionParams")
            .field("platform", &self.platform)
            .field("app_id", &self.app_id)
            .field("secret", &"[redacted]")
            .field("access_token", &"[redacted]")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

fn required<'a>(field: &'static str, v: Option<&'a str>) -> Result<&'a str> {
    let v = v.unwrap_or("");
    require_non_empty(field, v)?;
    Ok(v)
}

fn only_for(field: &'static str, v: Option<&str>, platform: Platform, who: &str) -> Result<()> {
    if v.is_some() {
        return Err(Error::with_field(
            ErrorCode::InvalidArgument,
            field,
            format!("{field} is only used by {who}, not by {}", platform.name()),
        ));
    }
    Ok(())
}

/// `a=1&b=2` with every value percent-encoded (a form body).
fn form(params: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in params.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(k);
        out.push('=');
        out.push_str(&url_encode(v));
    }
    out
}

const FORM: &str = "application/x-www-form-urlencoded";

/// The code-to-session request of a platform: WeChat's `GET /sns/jscode2session` (and QQ's, under
/// its host), Douyin's v2 JSON POST, Kuaishou's and Baidu's form POSTs, WeCom's GET with the corp
/// access_token.
pub fn code2session_request(p: &Code2SessionParams<'_>) -> Result<ApiRequest> {
    let platform = p.platform;
    let base = base_url(p.base_url, platform.api_base())?;
    if platform != Platform::Douyin {
        only_for("anonymousCode", p.anonymous_code, platform, "Douyin")?;
    }
    if platform != Platform::WeCom {
        only_for("accessToken", p.access_token, platform, "WeCom")?;
    }
    let get = |url: String| ApiRequest {
        url,
        method: Method::Get,
        content_type: None,
        body: None,
    };
    let post = |url: String, content_type: &'static str, body: String| ApiRequest {
        url,
        method: Method::Post,
        content_type: Some(content_type),
        body: Some(body),
    };
    Ok(match platform {
        Platform::WeChat | Platform::Qq => get(code2session_url_at(
            Some(base),
            required("appId", p.app_id)?,
            required("secret", p.secret)?,
            required("code", p.code)?,
        )?),
        Platform::Douyin => {
            let app_id = required("appId", p.app_id)?;
            let secret = required("secret", p.secret)?;
            let code = p.code.filter(|c| !c.is_empty());
            let anonymous = p.anonymous_code.filter(|c| !c.is_empty());
            if code.is_none() && anonymous.is_none() {
                return Err(Error::with_field(
                    ErrorCode::InvalidArgument,
                    "code",
                    "code is required (Douyin also accepts anonymousCode instead, or both)",
                ));
            }
            let mut w = json::Writer::new();
            w.begin_object()
                .key("appid")
                .string(app_id)
                .key("secret")
                .string(secret);
            if let Some(c) = code {
                w.key("code").string(c);
            }
            if let Some(a) = anonymous {
                w.key("anonymous_code").string(a);
            }
            w.end_object();
            post(
                format!("{base}/api/apps/v2/jscode2session"),
                "application/json",
                w.finish(),
            )
        }
        Platform::Kuaishou => post(
            format!("{base}/oauth2/mp/code2session"),
            FORM,
            form(&[
                ("app_id", required("appId", p.app_id)?),
                ("app_secret", required("secret", p.secret)?),
                ("js_code", required("code", p.code)?),
            ]),
        ),
        Platform::WeCom => get(query(
            base,
            "/cgi-bin/miniprogram/jscode2session",
            &[
                ("access_token", required("accessToken", p.access_token)?),
                ("js_code", required("code", p.code)?),
                ("grant_type", "authorization_code"),
            ],
        )),
        Platform::Baidu => post(
            format!("{base}/oauth/jscode2sessionkey"),
            FORM,
            form(&[
                ("code", required("code", p.code)?),
                ("client_id", required("appId", p.app_id)?),
                ("sk", required("secret", p.secret)?),
            ]),
        ),
    })
}

/// The error of a non-zero `errcode`.
pub fn wx_api_error(errcode: i64, errmsg: &str) -> Error {
    platform_api_error(Platform::WeChat, errcode, None, errmsg)
}

/// The error of a platform's error answer: its numeric code (0 when it gave only a textual one),
/// its textual code when it gave one, and its message, with the platform's retry rule and hint.
pub fn platform_api_error(
    platform: Platform,
    errcode: i64,
    errcode_text: Option<&str>,
    errmsg: &str,
) -> Error {
    let known = errcode != 0;
    Error::wx_api(WxApiDetails {
        errcode,
        errcode_text: errcode_text.map(|t| t.chars().take(100).collect()),
        errmsg: errmsg.chars().take(500).collect(),
        retryable: known && platform.is_retryable(errcode),
        hint: if known {
            platform.hint(errcode)
        } else {
            platform.generic_hint()
        },
        platform,
    })
}

fn invalid_response(message: impl Into<String>) -> Error {
    Error::with_field(ErrorCode::InvalidResponse, "body", message)
}

/// Parse a WeChat response body: it must be a JSON object; a present non-zero `errcode` is turned
/// into [`ErrorCode::WxApi`]. Returns the members of a successful response.
pub fn parse_response(text: &str) -> Result<Members<'_>> {
    let members = response_object(Platform::WeChat, text)?;
    errcode_dialect(Platform::WeChat, &members)?;
    Ok(members)
}

/// The body as a JSON object, or `ERR_INVALID_RESPONSE` naming what it is instead.
fn response_object(platform: Platform, text: &str) -> Result<Members<'_>> {
    crate::encoding::check_size("body", text.len())?;
    let Some(members) = json::object_members(text) else {
        let what = match json::parse(text) {
            Some(v) => v.kind.describe(),
            None if text.trim().is_empty() => "empty",
            None => "not JSON (an HTML error page or a proxy answer?)",
        };
        return Err(invalid_response(format!(
            "the {} response body must be a JSON object; it is {what}",
            platform.name()
        )));
    };
    Ok(members)
}

/// The integer value of a code member (`errcode`, `err_no`, `errno`, `result`), or
/// `ERR_INVALID_RESPONSE`.
fn integer_code(key: &str, v: &Value<'_>) -> Result<i64> {
    let Some(n) = v.as_f64() else {
        return Err(invalid_response(format!(
            "{key} must be a number; it is {}",
            v.kind.describe()
        )));
    };
    #[allow(clippy::cast_possible_truncation)]
    let code = n as i64;
    #[allow(clippy::cast_precision_loss)]
    let exact = (code as f64) == n && n.abs() < 9.0e15;
    if !exact {
        return Err(invalid_response(format!("{key} must be an integer")));
    }
    Ok(code)
}

/// The first of `keys` that holds a string (the error message members of a dialect).
fn message_of(members: &Members<'_>, keys: &[&str]) -> String {
    keys.iter()
        .find_map(|k| members.get(k).and_then(|m| m.as_str()))
        .map(|m| m.into_owned())
        .unwrap_or_default()
}

/// `errcode/errmsg` (WeChat, QQ, WeCom, Douyin v1): a present non-zero `errcode` is an error.
fn errcode_dialect(platform: Platform, members: &Members<'_>) -> Result<()> {
    if let Some(code) = members.get("errcode") {
        let errcode = integer_code("errcode", &code)?;
        if errcode != 0 {
            let errmsg = message_of(members, &["errmsg"]);
            return Err(platform_api_error(platform, errcode, None, &errmsg));
        }
    }
    Ok(())
}

/// The members of a platform's successful answer, after its error dialect: `errcode/errmsg`
/// (WeChat, QQ, WeCom, Douyin v1), `err_no/err_tips` with the result under `data` (Douyin v2),
/// `errno/error/error_description` (Baidu), `result/error/error_msg` (Kuaishou, 1 is success).
pub fn parse_platform_response(platform: Platform, text: &str) -> Result<Members<'_>> {
    let members = response_object(platform, text)?;
    match platform {
        Platform::WeChat | Platform::Qq | Platform::WeCom => {
            errcode_dialect(platform, &members)?;
            Ok(members)
        }
        Platform::Douyin => {
            let Some(code) = members.get("err_no") else {
                // v1 answers flat, in the errcode dialect.
                errcode_dialect(platform, &members)?;
                return Ok(members);
            };
            let err_no = integer_code("err_no", &code)?;
            if err_no != 0 {
                let errmsg = message_of(&members, &["err_tips", "err_msg"]);
                return Err(platform_api_error(platform, err_no, None, &errmsg));
            }
            match members.get("data") {
                Some(data) => data.members().ok_or_else(|| {
                    invalid_response(format!(
                        "data must be an object; it is {}",
                        data.kind.describe()
                    ))
                }),
                None => Err(invalid_response(
                    "the response has no data (and err_no is 0)",
                )),
            }
        }
        Platform::Baidu => textual_dialect(platform, members, "errno", 0, "error_description"),
        Platform::Kuaishou => textual_dialect(platform, members, "result", 1, "error_msg"),
    }
}

/// Baidu's `errno/error/error_description` and Kuaishou's `result/error/error_msg`: the numeric
/// member `code_key` other than `ok` is an error, and so is a textual `error` without it.
fn textual_dialect<'a>(
    platform: Platform,
    members: Members<'a>,
    code_key: &str,
    ok: i64,
    message_key: &str,
) -> Result<Members<'a>> {
    let error = members.get("error").and_then(|e| e.as_str());
    let errmsg = || message_of(&members, &[message_key, "error"]);
    match members.get(code_key) {
        Some(code) => {
            let n = integer_code(code_key, &code)?;
            if n != ok {
                return Err(platform_api_error(platform, n, error.as_deref(), &errmsg()));
            }
        }
        None => {
            if let Some(error) = error {
                return Err(platform_api_error(platform, 0, Some(&error), &errmsg()));
            }
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

/// An optional string member (`null` and, with `empty_is_absent`, `""` mean absent).
fn optional_string(
    members: &Members<'_>,
    key: &str,
    empty_is_absent: bool,
) -> Result<Option<String>> {
    match members.get(key) {
        None => Ok(None),
        Some(v) if v.kind == Kind::Null => Ok(None),
        Some(v) => match v.as_str() {
            Some(s) if empty_is_absent && s.is_empty() => Ok(None),
            Some(s) => Ok(Some(s.into_owned())),
            None => Err(invalid_response(format!(
                "{key} must be a string; it is {}",
                v.kind.describe()
            ))),
        },
    }
}

/// A successful code-to-session answer, in one shape for every platform.
#[derive(Clone, PartialEq, Eq)]
pub struct Code2Session {
    /// `openid` (Kuaishou `open_id`; WeCom: `open_userid` when given, else `userid`; Douyin: empty
    /// when only an anonymous code was exchanged).
    pub open_id: String,
    /// `session_key`: base64 of 16 bytes (Baidu: 24). Keep it on the server. Empty only for
    /// Douyin's anonymous-only login.
    pub session_key: Zeroizing<String>,
    /// `unionid`, when the app is bound to an Open Platform account.
    pub union_id: Option<String>,
    /// Douyin's `anonymous_openid`.
    pub anonymous_open_id: Option<String>,
    /// WeCom's `corpid`.
    pub corp_id: Option<String>,
    /// WeCom's `userid`.
    pub user_id: Option<String>,
}

impl fmt::Debug for Code2Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Code2Session")
            .field("open_id", &self.open_id)
            .field("session_key", &"[redacted]")
            .field("union_id", &self.union_id)
            .field("anonymous_open_id", &self.anonymous_open_id)
            .field("corp_id", &self.corp_id)
            .field("user_id", &self.user_id)
            .finish()
    }
}

/// Parse WeChat's `jscode2session` response.
pub fn parse_code2session_response(text: &str) -> Result<Code2Session> {
    parse_code2session_response_for(Platform::WeChat, text)
}

/// Parse a platform's code-to-session response (its error dialect, then its field names).
pub fn parse_code2session_response_for(platform: Platform, text: &str) -> Result<Code2Session> {
    let members = parse_platform_response(platform, text)?;
    let mut out = Code2Session {
        open_id: String::new(),
        session_key: Zeroizing::new(String::new()),
        union_id: None,
        anonymous_open_id: None,
        corp_id: None,
        user_id: None,
    };
    match platform {
        Platform::Douyin => {
            // With only an anonymous_code, openid and session_key come back empty.
            out.anonymous_open_id = optional_string(&members, "anonymous_openid", true)?;
            let open_id = optional_string(&members, "openid", true)?;
            out.union_id = optional_string(&members, "unionid", true)?;
            if open_id.is_none() && out.anonymous_open_id.is_some() {
                return Ok(out);
            }
            out.open_id = required_string(&members, "openid")?.into_owned();
            out.session_key = session_key_of(platform, &members)?;
        }
        Platform::Kuaishou => {
            out.open_id = required_string(&members, "open_id")?.into_owned();
            out.session_key = session_key_of(platform, &members)?;
        }
        Platform::WeCom => {
            out.corp_id = Some(required_string(&members, "corpid")?.into_owned());
            let user_id = required_string(&members, "userid")?.into_owned();
            out.session_key = session_key_of(platform, &members)?;
            out.open_id =
                optional_string(&members, "open_userid", true)?.unwrap_or_else(|| user_id.clone());
            out.user_id = Some(user_id);
        }
        Platform::WeChat | Platform::Qq | Platform::Baidu => {
            out.open_id = required_string(&members, "openid")?.into_owned();
            out.session_key = session_key_of(platform, &members)?;
            out.union_id = optional_string(&members, "unionid", false)?;
        }
    }
    Ok(out)
}

/// `session_key`: present, and base64 of the platform's key length.
fn session_key_of(platform: Platform, members: &Members<'_>) -> Result<Zeroizing<String>> {
    let key = Zeroizing::new(required_string(members, "session_key")?.into_owned());
    let decoded = crate::encoding::decode_base64("session_key", &key);
    if decoded.map(|k| k.len()).ok() == Some(platform.session_key_len()) {
        return Ok(key);
    }
    Err(invalid_response(if platform == Platform::WeChat {
        String::from(
            "session_key is not base64 of 16 bytes (24 characters), as WeChat always returns it",
        )
    } else {
        format!(
            "session_key is not base64 of {} bytes, as {} returns it",
            platform.session_key_len(),
            platform.name()
        )
    }))
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
