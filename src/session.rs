//! Sealed session tokens: the login state a stateless server hands the mini program after
//! `jscode2session`, as a compact JWE (RFC 7516) with `alg: "dir"` and `enc: "A256GCM"` (RFC 7518
//! §4.5, §5.3).
//!
//! ```text
//! header    = {"alg":"dir","enc":"A256GCM","kid":"<id of the sealing key>"}
//! protected = base64url(UTF-8(header))
//! token     = protected "." "" "." base64url(iv) "." base64url(ciphertext) "." base64url(tag)
//! ```
//!
//! AES-256-GCM under the 32-byte secret of the key named by `kid`, a 12-byte random IV (supplied
//! by the caller: the core draws no randomness, so it is deterministic and testable), the ASCII of
//! `protected` as additional authenticated data, and the claims JSON as plaintext.
//!
//! Rules, written down in `docs/sessions.md`:
//! - base64url is decoded strictly: no padding, no whitespace, no non-zero spare bits (two
//!   different strings never open to one token);
//! - the protected header holds `alg`, `enc`, `kid` and optionally `typ`, each once; anything else
//!   (`zip`, `crit`, ...) is refused;
//! - claims: `sub` (openid) and `appid` non-empty strings; optional `unionid`, `sid` (strings) and
//!   `ver` (a non-negative integer); `iat` and `exp` are set when sealing; the caller's other
//!   members are kept in order. A member whose name is `session_key` in any spelling (letters and
//!   digits compared without case, other characters ignored: `sessionKey`, `SESSION-KEY`...) at any
//!   depth is refused, when sealing and when opening;
//! - every failure to open is [`ErrorCode::SessionInvalid`], except a token that is authentic and
//!   well formed but past `exp` (plus the clock tolerance): [`ErrorCode::SessionExpired`].
//!
//! ```
//! use wx_open_data::session::{open_session, seal_session, OpenInput, SealInput, SessionKey};
//!
//! let keys = [SessionKey::new("2026-11", "AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o")?];
//! let token = seal_session(&SealInput {
//!     claims: r#"{"sub":"o6_bmjrPTlm6_2sgVt7hMZOPfL2M","appid":"wx4f4bc4dec97d474b","ver":3}"#,
//!     keys: &keys,
//!     ttl_seconds: 3600,
//!     now: 1_780_000_000,
//!     iv: [7; 12], // 12 random bytes in real use
//! })?;
//! let claims = open_session(&OpenInput { token: &token, keys: &keys, now: 1_780_000_100, clock_tolerance: 0 })?;
//! assert!(claims.ends_with(r#""ver":3,"iat":1780000000,"exp":1780003600}"#));
//! # Ok::<(), wx_open_data::Error>(())
//! ```

use core::fmt;

use aes_gcm::aead::{AeadInOut, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce, Tag};
use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, URL_SAFE_NO_PAD};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use zeroize::Zeroizing;

use crate::error::{Error, ErrorCode, Result};
use crate::json::{self, Kind, Members, Value};

/// Bytes of a secret (AES-256).
pub const SECRET_LEN: usize = 32;
/// Bytes of the GCM IV.
pub const IV_LEN: usize = 12;
/// Bytes of the GCM tag.
pub const TAG_LEN: usize = 16;
/// Most keys in one `keys` list.
pub const MAX_KEYS: usize = 16;
/// Longest key id, in bytes.
pub const MAX_KEY_ID_LEN: usize = 128;
/// Longest claims JSON accepted for sealing, in bytes: a token carries who the user is, not data.
pub const MAX_CLAIMS_LEN: usize = 8 * 1024;
/// Longest token accepted for opening, in bytes (a token of [`MAX_CLAIMS_LEN`] claims fits).
pub const MAX_TOKEN_LEN: usize = 16 * 1024;
/// Largest `ver`, `iat`, `exp` or `ttlSeconds` (`Number.MAX_SAFE_INTEGER`).
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// The claims the library itself sets.
const IAT: &str = "iat";
const EXP: &str = "exp";

/// One secret of the key list: `id` (the token's `kid`) and 32 secret bytes, wiped on drop and
/// never printed.
#[derive(Clone)]
pub struct SessionKey {
    id: String,
    secret: Zeroizing<[u8; SECRET_LEN]>,
}

impl fmt::Debug for SessionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionKey")
            .field("id", &self.id)
            .field("secret", &"<redacted>")
            .finish()
    }
}

/// Base64 of either alphabet, padding optional, spare bits zero (what `openssl rand -base64 32`
/// and `crypto.randomBytes(32).toString('base64url')` print).
const SECRET_STANDARD: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);
const SECRET_URL_SAFE: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

fn invalid_keys(message: impl Into<String>) -> Error {
    Error::with_field(ErrorCode::InvalidArgument, "keys", message)
}

impl SessionKey {
    /// A key from its id and its secret: 32 bytes in base64url or base64 (padding optional).
    /// `ERR_INVALID_ARGUMENT` (field `keys`) otherwise.
    pub fn new(id: &str, secret: &str) -> Result<Self> {
        let engine = if secret.bytes().any(|b| b == b'-' || b == b'_') {
            &SECRET_URL_SAFE
        } else {
            &SECRET_STANDARD
        };
        let mut buf = Zeroizing::new([0u8; SECRET_LEN + 3]);
        let n = engine
            .decode_slice(secret.as_bytes(), buf.as_mut_slice())
            .map_err(|_| {
                invalid_keys(
                    "keys[].secret must be 32 random bytes in base64url or base64 \
                     (make one with `openssl rand -base64 32`)",
                )
            })?;
        let mut bytes = Zeroizing::new([0u8; SECRET_LEN]);
        match buf.get(..n) {
            Some(b) if n == SECRET_LEN => bytes.copy_from_slice(b),
            _ => {
                return Err(invalid_keys(format!(
                    "keys[].secret must decode to 32 bytes, this one decodes to {n}"
                )))
            }
        }
        Self::from_bytes(id, *bytes)
    }

    /// A key from its id and its 32 secret bytes.
    pub fn from_bytes(id: &str, secret: [u8; SECRET_LEN]) -> Result<Self> {
        let secret = Zeroizing::new(secret);
        if id.is_empty() || id.len() > MAX_KEY_ID_LEN {
            return Err(invalid_keys(format!(
                "keys[].id must be a non-empty string of at most {MAX_KEY_ID_LEN} bytes"
            )));
        }
        Ok(SessionKey {
            id: id.to_owned(),
            secret,
        })
    }

    /// The key id (the `kid` of the tokens it seals).
    pub fn id(&self) -> &str {
        &self.id
    }

    fn cipher(&self) -> Option<Aes256Gcm> {
        Aes256Gcm::new_from_slice(self.secret.as_slice()).ok()
    }
}

/// A non-empty list of at most [`MAX_KEYS`] keys with distinct ids.
fn check_keys(keys: &[SessionKey]) -> Result<&SessionKey> {
    if keys.len() > MAX_KEYS {
        return Err(invalid_keys(format!(
            "keys must list between 1 and {MAX_KEYS} keys"
        )));
    }
    for (i, k) in keys.iter().enumerate() {
        if keys.iter().skip(i + 1).any(|other| other.id == k.id) {
            return Err(invalid_keys("keys must have distinct ids"));
        }
    }
    keys.first()
        .ok_or_else(|| invalid_keys("keys must list at least one key: the first seals, all open"))
}

/// What [`seal_session`] needs.
#[derive(Debug)]
pub struct SealInput<'a> {
    /// The claims: a JSON object (`JSON.stringify` of the caller's object at the boundary).
    pub claims: &'a str,
    /// The keys; the first one seals.
    pub keys: &'a [SessionKey],
    /// Lifetime of the token in seconds (at least 1): `exp = iat + ttl_seconds`.
    pub ttl_seconds: u64,
    /// The current time, Unix seconds: `iat`.
    pub now: u64,
    /// 12 random bytes, never reused with the same key.
    pub iv: [u8; IV_LEN],
}

/// What [`open_session`] needs.
#[derive(Debug)]
pub struct OpenInput<'a> {
    /// The compact JWE.
    pub token: &'a str,
    /// Every key that may have sealed it; the token's `kid` picks one.
    pub keys: &'a [SessionKey],
    /// The current time, Unix seconds.
    pub now: u64,
    /// Seconds a token stays valid past its `exp` (clock skew between servers).
    pub clock_tolerance: u64,
}

fn invalid_claims(message: impl Into<String>) -> Error {
    Error::with_field(ErrorCode::InvalidArgument, "claims", message)
}

/// The one code of every failure to open a token.
fn session_invalid(message: &str) -> Error {
    Error::with_field(
        ErrorCode::SessionInvalid,
        "token",
        format!("session token invalid: {message}"),
    )
}

/// Whether a member name names a session_key: its ASCII letters and digits, lowercased, spell
/// `sessionkey` (`session_key`, `sessionKey`, `SESSION-KEY`, `session.key` ...).
pub fn names_session_key(name: &str) -> bool {
    let mut letters = name
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_lowercase());
    b"sessionkey".iter().all(|&c| letters.next() == Some(c)) && letters.next().is_none()
}

/// Whether some object at any depth of `value` has a member naming a session_key. Iterative:
/// nesting depth is bounded only by the input size.
fn carries_session_key(value: Value<'_>) -> bool {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v.kind {
            Kind::Object => {
                for m in v.members().map(|m| m.0).unwrap_or_default() {
                    if m.key().is_some_and(|k| names_session_key(&k)) {
                        return true;
                    }
                    stack.push(m.value);
                }
            }
            Kind::Array => stack.extend(v.elements().unwrap_or_default()),
            _ => {}
        }
    }
    false
}

/// A non-negative integer no larger than [`MAX_SAFE_INTEGER`].
fn safe_integer(v: Value<'_>) -> Option<u64> {
    let n = v.as_f64()?;
    if n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n <= MAX_SAFE_INTEGER as f64 {
        // Checked above: a whole number in 0..=2^53-1.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Some(n as u64)
    } else {
        None
    }
}

/// Check the claim set's typed members; the message names the member at fault.
fn check_claim_types(members: &Members<'_>) -> core::result::Result<(), &'static str> {
    let non_empty_string =
        |v: Option<Value<'_>>| v.and_then(|v| v.as_str()).is_some_and(|s| !s.is_empty());
    if !non_empty_string(members.get("sub")) {
        return Err("claims.sub must be a non-empty string (the openid)");
    }
    if !non_empty_string(members.get("appid")) {
        return Err("claims.appid must be a non-empty string");
    }
    for (name, message) in [
        (
            "unionid",
            "claims.unionid must be a non-empty string when present",
        ),
        ("sid", "claims.sid must be a non-empty string when present"),
    ] {
        match members.get(name) {
            Some(v) if v.kind != Kind::Null && !non_empty_string(Some(v)) => return Err(message),
            _ => {}
        }
    }
    if let Some(v) = members.get("ver") {
        if v.kind != Kind::Null && safe_integer(v).is_none() {
            return Err("claims.ver must be a non-negative integer (the session version)");
        }
    }
    match members.get("nbf") {
        Some(v) if v.kind != Kind::Null && !v.as_f64().is_some_and(f64::is_finite) => {
            Err("claims.nbf must be a number (Unix seconds) when present")
        }
        _ => Ok(()),
    }
}

/// Seal `input.claims` into a compact JWE under the first key. `ERR_INVALID_ARGUMENT` for bad keys,
/// ttl or claims (field `keys`, `ttlSeconds` or `claims`).
pub fn seal_session(input: &SealInput<'_>) -> Result<String> {
    let key = check_keys(input.keys)?;
    if input.ttl_seconds == 0 {
        return Err(Error::with_field(
            ErrorCode::InvalidArgument,
            "ttlSeconds",
            "ttlSeconds must be a positive whole number of seconds",
        ));
    }
    let exp = input
        .now
        .checked_add(input.ttl_seconds)
        .filter(|&e| e <= MAX_SAFE_INTEGER)
        .ok_or_else(|| {
            Error::with_field(
                ErrorCode::InvalidArgument,
                "ttlSeconds",
                "now + ttlSeconds is above Number.MAX_SAFE_INTEGER",
            )
        })?;
    if input.claims.len() > MAX_CLAIMS_LEN {
        return Err(invalid_claims(format!(
            "claims are {} bytes of JSON; the limit is {MAX_CLAIMS_LEN}: a token says who the user is, \
             keep data in the database",
            input.claims.len()
        )));
    }
    let members = json::object_members(input.claims)
        .ok_or_else(|| invalid_claims("claims must be a JSON object"))?;
    check_claim_types(&members).map_err(invalid_claims)?;
    if let Some(v) = json::parse(input.claims) {
        if carries_session_key(v) {
            return Err(invalid_claims(
                "claims must not carry a session_key (in any spelling, at any depth): \
                 session_key stays on the server",
            ));
        }
    }

    // The plaintext: the caller's members in order (their own `iat` / `exp` dropped), then ours.
    let mut plain = Zeroizing::new(String::with_capacity(input.claims.len() + 40));
    plain.push('{');
    for m in &members.0 {
        let name = m
            .key()
            .ok_or_else(|| invalid_claims("a claim name holds a lone surrogate"))?;
        if name == IAT || name == EXP {
            continue;
        }
        json::write_string(&mut plain, &name);
        plain.push(':');
        plain.push_str(m.value.raw);
        plain.push(',');
    }
    plain.push_str(&format!("\"{IAT}\":{},\"{EXP}\":{exp}}}", input.now));

    let mut header = String::with_capacity(48 + key.id.len());
    header.push_str(r#"{"alg":"dir","enc":"A256GCM","kid":"#);
    json::write_string(&mut header, &key.id);
    header.push('}');
    let protected = URL_SAFE_NO_PAD.encode(header.as_bytes());

    let cipher = key
        .cipher()
        .ok_or_else(|| invalid_keys("keys[].secret must be 32 bytes"))?;
    let mut buf = Zeroizing::new(plain.as_bytes().to_vec());
    let tag = cipher
        .encrypt_inout_detached(
            &Nonce::from(input.iv),
            protected.as_bytes(),
            buf.as_mut_slice().into(),
        )
        .map_err(|_| invalid_claims("claims are too long to encrypt"))?;

    let mut token = String::with_capacity(protected.len() + buf.len() * 4 / 3 + 48);
    token.push_str(&protected);
    token.push_str("..");
    token.push_str(&URL_SAFE_NO_PAD.encode(input.iv));
    token.push('.');
    token.push_str(&URL_SAFE_NO_PAD.encode(buf.as_slice()));
    token.push('.');
    token.push_str(&URL_SAFE_NO_PAD.encode(tag.as_slice()));
    Ok(token)
}

/// Strict base64url (no padding, no whitespace, zero spare bits) of exactly `N` bytes.
fn decode_fixed<const N: usize>(part: &str) -> Option<[u8; N]> {
    let mut out = [0u8; N];
    if part.len() != (N * 4).div_ceil(3) {
        return None;
    }
    match URL_SAFE_NO_PAD.decode_slice(part.as_bytes(), &mut out) {
        Ok(n) if n == N => Some(out),
        _ => None,
    }
}

/// The key the protected header names, after checking every header member.
fn header_key<'k>(protected: &str, keys: &'k [SessionKey]) -> Result<&'k SessionKey> {
    let bytes = URL_SAFE_NO_PAD
        .decode(protected.as_bytes())
        .map_err(|_| session_invalid("the protected header is not canonical base64url"))?;
    let text = core::str::from_utf8(&bytes)
        .map_err(|_| session_invalid("the protected header is not UTF-8"))?;
    let members = json::object_members(text)
        .ok_or_else(|| session_invalid("the protected header is not a JSON object"))?;
    let mut seen = [false; 4];
    let mut kid = None;
    for m in &members.0 {
        let name = m.key().unwrap_or_default();
        let (slot, ok) = match &*name {
            "alg" => (0, m.value.as_str().is_some_and(|v| v == "dir")),
            "enc" => (1, m.value.as_str().is_some_and(|v| v == "A256GCM")),
            "kid" => {
                kid = m.value.as_str();
                (2, kid.is_some())
            }
            "typ" => (3, m.value.kind == Kind::String),
            _ => {
                return Err(session_invalid(
                    "the protected header has a member other than alg, enc, kid, typ",
                ))
            }
        };
        let Some(flag) = seen.get_mut(slot) else {
            return Err(session_invalid("the protected header is malformed"));
        };
        if !ok || *flag {
            return Err(session_invalid(
                "the protected header must be alg \"dir\", enc \"A256GCM\" and a kid, each once",
            ));
        }
        *flag = true;
    }
    let kid = kid.filter(|_| seen.first() == Some(&true) && seen.get(1) == Some(&true));
    let Some(kid) = kid else {
        return Err(session_invalid(
            "the protected header must have alg \"dir\", enc \"A256GCM\" and a kid",
        ));
    };
    keys.iter()
        .find(|k| k.id == *kid)
        .ok_or_else(|| session_invalid("no key has the token's kid"))
}

/// Open a compact JWE sealed by [`seal_session`] (or by any JWE implementation with the same
/// header and claims) and return its claims JSON text. `ERR_SESSION_INVALID` for every failure,
/// `ERR_SESSION_EXPIRED` for an authentic token past `exp` + tolerance, `ERR_INVALID_ARGUMENT` for a
/// bad key list.
pub fn open_session(input: &OpenInput<'_>) -> Result<String> {
    check_keys(input.keys)?;
    let token = input.token;
    if token.len() > MAX_TOKEN_LEN {
        return Err(session_invalid("the token is too long"));
    }
    let mut parts = token.split('.');
    let (Some(protected), Some(encrypted_key), Some(iv), Some(ct), Some(tag), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err(session_invalid(
            "a compact JWE has five dot-separated parts",
        ));
    };
    if !encrypted_key.is_empty() {
        return Err(session_invalid(
            "the encrypted key must be empty for alg \"dir\"",
        ));
    }
    let key = header_key(protected, input.keys)?;
    let iv = decode_fixed::<IV_LEN>(iv)
        .ok_or_else(|| session_invalid("the iv is not 12 bytes of canonical base64url"))?;
    let tag = decode_fixed::<TAG_LEN>(tag)
        .ok_or_else(|| session_invalid("the tag is not 16 bytes of canonical base64url"))?;
    let mut buf = Zeroizing::new(
        URL_SAFE_NO_PAD
            .decode(ct.as_bytes())
            .map_err(|_| session_invalid("the ciphertext is not canonical base64url"))?,
    );
    let cipher = key
        .cipher()
        .ok_or_else(|| session_invalid("the key cannot be used"))?;
    cipher
        .decrypt_inout_detached(
            &Nonce::from(iv),
            protected.as_bytes(),
            buf.as_mut_slice().into(),
            &Tag::from(tag),
        )
        .map_err(|_| {
            session_invalid(
                "the token does not decrypt with the key of its kid (wrong secret, or tampered)",
            )
        })?;
    let text = String::from_utf8(core::mem::take(&mut *buf))
        .map_err(|_| session_invalid("the claims are not UTF-8"))?;
    let members = json::object_members(&text)
        .ok_or_else(|| session_invalid("the claims are not a JSON object"))?;
    check_claim_types(&members).map_err(session_invalid)?;
    let (Some(iat), Some(exp)) = (members.get(IAT), members.get(EXP)) else {
        return Err(session_invalid("the claims lack iat or exp"));
    };
    let (Some(_), Some(exp)) = (iat.as_f64().filter(|n| n.is_finite()), exp.as_f64()) else {
        return Err(session_invalid("claims.iat and claims.exp must be numbers"));
    };
    if !exp.is_finite() {
        return Err(session_invalid("claims.exp must be a finite number"));
    }
    if json::parse(&text).is_some_and(carries_session_key) {
        return Err(session_invalid("the claims carry a session_key"));
    }
    // The token's own time checks, as `jose` does them: expired once now - tolerance >= exp; not
    // yet valid while now + tolerance < nbf.
    #[allow(clippy::cast_precision_loss)]
    let (now, tolerance) = (input.now as f64, input.clock_tolerance as f64);
    // `nbf`, when present, is a finite number (checked with the other claims).
    if let Some(nbf) = members.get("nbf").and_then(|v| v.as_f64()) {
        if now + tolerance < nbf {
            return Err(session_invalid("the token is not valid yet (nbf)"));
        }
    }
    if exp <= now - tolerance {
        return Err(Error::with_field(
            ErrorCode::SessionExpired,
            "token",
            "session token expired: sign the user in again",
        ));
    }
    Ok(text)
}
