//! `diagnose`: a structured, typed report of every step of the open-data pipeline on an input. For
//! logs and developers only.
//!
//! The report is gathered by observing the very steps `decryptOpenData` runs
//! ([`crate::open_data`]), so its verdict (`ok`, `code`, `field`) is always the decoder's verdict
//! for the same input and options. Beyond the verdict the pipeline keeps going (with the repaired
//! value of a base64 field that only lost its `+` signs, skipping decryption when an input is
//! unusable) so every field and every later step is reported too.
//!
//! The report holds stable identifiers, statuses, numbers and codes only; the English and Chinese
//! explanations are written from it in JavaScript (`pkg/diagnose-text.mjs`).
//!
//! **Never send this report (or anything derived from it) to the client.** The per-request error
//! must stay the uniform `ERR_DECRYPT_FAILED`: telling a client *which* check failed after
//! decryption (padding, UTF-8, JSON) is a padding oracle. The report never contains key material
//! or plaintext: only lengths, the names of top-level keys, and the watermark's appid and
//! timestamp.

/// The transport damage found in a base64 field ([`Facts::damage`]).
pub use crate::encoding::Base64Damage;
use crate::error::{Error, ErrorCode};
use crate::json::{self, Kind, Members, Writer};
use crate::open_data::{self, Base64Facts, Ciphertext, Field, Observer, Options, Request};
use crate::payload::{shape_issue, PayloadKind, ShapeIssue};
use crate::watermark::WatermarkRule;

/// What to diagnose. Every field is optional: missing ones fail as they do in `decryptOpenData`.
#[derive(Clone, Copy, Default)]
pub struct DiagnoseInput<'a> {
    /// Allowed appids (empty: `ERR_INVALID_ARGUMENT`, as in `decryptOpenData`; the other steps are
    /// still reported).
    pub app_ids: &'a [&'a str],
    /// The session_key.
    pub session_key: Option<&'a str>,
    /// `encryptedData`.
    pub encrypted_data: Option<&'a str>,
    /// `iv`.
    pub iv: Option<&'a str>,
}

impl core::fmt::Debug for DiagnoseInput<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("DiagnoseInput([redacted])")
    }
}

/// The outcome of one check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// The check passed.
    Pass,
    /// The check failed.
    Fail,
    /// The check passed after a repair, or found something suspicious that does not fail.
    Warn,
    /// The check did not run.
    Skip,
}

impl Status {
    /// `"pass"`, `"fail"`, `"warn"` or `"skip"`.
    pub const fn id(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Warn => "warn",
            Status::Skip => "skip",
        }
    }
}

/// Typed facts attached to a check or a cause; each is written only when set.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facts {
    /// The input field concerned (`"sessionKey"`, `"iv"`, `"encryptedData"`).
    pub field: Option<&'static str>,
    /// A length in bytes.
    pub bytes: Option<usize>,
    /// The transport damage of a base64 field.
    pub damage: Option<Base64Damage>,
    /// Whether a damaged base64 field decodes with spaces turned back into `+`.
    pub repairable: Option<bool>,
    /// The number of PKCS#7 padding bytes.
    pub padding: Option<usize>,
    /// The JSON type of a plaintext that is not an object (`"array"`, `"string"`, ...).
    pub json: Option<&'static str>,
    /// A payload kind name (`"userInfo"`, ...).
    pub payload_kind: Option<&'static str>,
    /// Why the payload does not have the shape of its kind.
    pub issue: Option<ShapeIssue>,
    /// `watermark.appid` (at most 64 characters).
    pub appid: Option<String>,
    /// Age of the watermark in seconds (`now - timestamp`).
    pub age: Option<f64>,
    /// How far in the future the watermark is, in seconds.
    pub ahead: Option<f64>,
    /// `maxAgeSeconds`.
    pub max: Option<f64>,
    /// An error code without a more specific cause.
    pub code: Option<ErrorCode>,
}

impl Facts {
    fn write(&self, w: &mut Writer) {
        if let Some(f) = self.field {
            w.key("field").string(f);
        }
        if let Some(n) = self.bytes {
            w.key("bytes").integer(n as u64);
        }
        if let Some(d) = self.damage {
            w.key("damage").string(d.id());
        }
        if let Some(r) = self.repairable {
            w.key("repairable").boolean(r);
        }
        if let Some(n) = self.padding {
            w.key("padding").integer(n as u64);
        }
        if let Some(j) = self.json {
            w.key("json").string(j);
        }
        if let Some(k) = self.payload_kind {
            w.key("payloadKind").string(k);
        }
        if let Some(i) = &self.issue {
            w.key("issue").begin_object();
            w.key("what").string(i.what);
            w.key("field").string(i.field);
            w.key("index").opt_integer(i.index.map(|n| n as u64));
            w.key("key").opt_string(i.key);
            w.key("want").opt_string(i.want);
            w.key("got").opt_string(i.got);
            w.end_object();
        }
        if let Some(a) = &self.appid {
            w.key("appid").string(a);
        }
        if let Some(n) = self.age {
            w.key("age").number(n);
        }
        if let Some(n) = self.ahead {
            w.key("ahead").number(n);
        }
        if let Some(n) = self.max {
            w.key("max").number(n);
        }
        if let Some(c) = self.code {
            w.key("code").string(c.as_str());
        }
    }
}

/// One check: which step, its status, and what it found.
#[derive(Clone, Debug, PartialEq)]
pub struct Check {
    /// Stable identifier, e.g. `"iv.base64"`, `"decrypt.padding"`, `"watermark.appid"`.
    pub id: &'static str,
    /// The outcome.
    pub status: Status,
    /// What was found, as a stable identifier (`"strict"`, `"damaged"`, `"expired"`, ...).
    pub finding: &'static str,
    /// The numbers and names the finding refers to.
    pub facts: Facts,
}

/// The likely cause of the verdict, as a stable identifier and its facts.
#[derive(Clone, Debug, PartialEq)]
pub struct Cause {
    /// `"ok"`, `"base64"`, `"decrypt.padding"`, `"watermark.expired"`, ...
    pub id: &'static str,
    /// The numbers and names the cause refers to.
    pub facts: Facts,
}

/// Facts about one base64 input field.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct FieldReport {
    /// Whether the field was given.
    pub present: bool,
    /// Length in characters.
    pub length: usize,
    /// `"ok"`, `"missing"` or the transport damage found ([`Base64Damage::id`]).
    pub base64: &'static str,
    /// Decoded length in bytes (of the repaired value when the text is damaged but repairable).
    pub decoded_bytes: Option<usize>,
    /// True when turning spaces back into `+` makes it decode.
    pub repairable: bool,
}

/// Facts about the decrypted buffer (never its content).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PlaintextReport {
    /// Ciphertext length in bytes.
    pub ciphertext_bytes: usize,
    /// Whether the PKCS#7 padding is valid.
    pub padding_ok: bool,
    /// The padding length when valid.
    pub padding_bytes: Option<usize>,
    /// Whether the unpadded bytes are UTF-8.
    pub utf8: bool,
    /// `"object"`, another JSON type (`"array"`, `"string"`...), `"invalid"`, or `"skipped"`.
    pub json: &'static str,
    /// The top-level key names (at most 50, each cut to 64 characters), when the payload is an
    /// object.
    pub keys: Vec<String>,
    /// The payload kind the keys suggest.
    pub kind: Option<&'static str>,
}

/// Facts about the watermark.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct WatermarkReport {
    /// Whether the payload has a `watermark` object.
    pub present: bool,
    /// `watermark.appid`, when a string (at most 64 characters).
    pub appid: Option<String>,
    /// Whether it is in the allowed list (`None` when no appId was given).
    pub appid_matches: Option<bool>,
    /// `watermark.timestamp`, when a finite number.
    pub timestamp: Option<f64>,
    /// `now - timestamp`, when both are known.
    pub age_seconds: Option<f64>,
}

/// The whole report.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// True when `decryptOpenData` succeeds with these inputs and options.
    pub ok: bool,
    /// The code `decryptOpenData` throws (`None` when `ok`).
    pub code: Option<ErrorCode>,
    /// The field it names.
    pub field: Option<&'static str>,
    /// The likely cause (`"ok"` when everything checks out).
    pub cause: Cause,
    /// Every check, in order.
    pub checks: Vec<Check>,
    /// See [`FieldReport`].
    pub session_key: FieldReport,
    /// See [`FieldReport`].
    pub iv: FieldReport,
    /// See [`FieldReport`].
    pub encrypted_data: FieldReport,
    /// Present when decryption was attempted.
    pub plaintext: Option<PlaintextReport>,
    /// Present when the payload is a JSON object.
    pub watermark: Option<WatermarkReport>,
}

impl Report {
    /// The report as JSON text (camelCase keys; `None` as `null`).
    pub fn to_json(&self) -> String {
        let mut w = Writer::new();
        w.begin_object();
        w.key("ok").boolean(self.ok);
        w.key("code").opt_string(self.code.map(ErrorCode::as_str));
        w.key("field").opt_string(self.field);
        w.key("cause")
            .begin_object()
            .key("id")
            .string(self.cause.id);
        self.cause.facts.write(&mut w);
        w.end_object();
        w.key("checks").begin_array();
        for c in &self.checks {
            w.begin_object();
            w.key("id").string(c.id);
            w.key("status").string(c.status.id());
            w.key("finding").string(c.finding);
            c.facts.write(&mut w);
            w.end_object();
        }
        w.end_array();
        for (name, f) in [
            ("sessionKey", &self.session_key),
            ("iv", &self.iv),
            ("encryptedData", &self.encrypted_data),
        ] {
            w.key(name).begin_object();
            w.key("present").boolean(f.present);
            w.key("length").integer(f.length as u64);
            w.key("base64").string(f.base64);
            w.key("decodedBytes")
                .opt_integer(f.decoded_bytes.map(|n| n as u64));
            w.key("repairable").boolean(f.repairable);
            w.end_object();
        }
        w.key("plaintext");
        match &self.plaintext {
            None => {
                w.null();
            }
            Some(p) => {
                w.begin_object();
                w.key("ciphertextBytes").integer(p.ciphertext_bytes as u64);
                w.key("paddingOk").boolean(p.padding_ok);
                w.key("paddingBytes")
                    .opt_integer(p.padding_bytes.map(|n| n as u64));
                w.key("utf8").boolean(p.utf8);
                w.key("json").string(p.json);
                w.key("keys").begin_array();
                for k in &p.keys {
                    w.string(k);
                }
                w.end_array();
                w.key("kind").opt_string(p.kind);
                w.end_object();
            }
        }
        w.key("watermark");
        match &self.watermark {
            None => {
                w.null();
            }
            Some(m) => {
                w.begin_object();
                w.key("present").boolean(m.present);
                w.key("appid").opt_string(m.appid.as_deref());
                w.key("appidMatches");
                match m.appid_matches {
                    Some(b) => w.boolean(b),
                    None => w.null(),
                };
                w.key("timestamp").opt_number(m.timestamp);
                w.key("ageSeconds").opt_number(m.age_seconds);
                w.end_object();
            }
        }
        w.end_object();
        w.finish()
    }

    /// The status of the check `id`, if it ran.
    pub fn status(&self, id: &str) -> Option<Status> {
        self.checks.iter().find(|c| c.id == id).map(|c| c.status)
    }
}

/// Why decryption failed, as the observer saw it.
#[derive(Clone, Copy)]
enum DecryptCause {
    Padding,
    WrongIv,
    Utf8,
    NotObject,
    Json,
}

/// The observer that builds the report.
struct Diagnoser<'a> {
    app_ids: &'a [&'a str],
    options: &'a Options,
    checks: Vec<Check>,
    fields: [FieldReport; 3],
    plaintext: Option<PlaintextReport>,
    watermark: Option<WatermarkReport>,
    decrypt_cause: Option<DecryptCause>,
    guessed: Option<PayloadKind>,
    has_open_id: bool,
    watermark_appid_present: bool,
}

const fn base64_id(field: Field) -> &'static str {
    match field {
        Field::SessionKey => "sessionKey.base64",
        Field::Iv => "iv.base64",
        Field::EncryptedData => "encryptedData.base64",
    }
}

const fn length_id(field: Field) -> &'static str {
    match field {
        Field::SessionKey => "sessionKey.length",
        Field::Iv => "iv.length",
        Field::EncryptedData => "encryptedData.length",
    }
}

/// The short name of a JSON type (`"array"`, `"string"`, ...).
fn json_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Object => "object",
        Kind::Array => "array",
        Kind::String => "string",
        Kind::Number => "number",
        Kind::Bool => "boolean",
        Kind::Null => "null",
    }
}

impl Diagnoser<'_> {
    fn check(&mut self, id: &'static str, status: Status, finding: &'static str, facts: Facts) {
        self.checks.push(Check {
            id,
            status,
            finding,
            facts,
        });
    }

    fn field(&mut self, field: Field) -> &mut FieldReport {
        let [session_key, iv, encrypted_data] = &mut self.fields;
        match field {
            Field::SessionKey => session_key,
            Field::Iv => iv,
            Field::EncryptedData => encrypted_data,
        }
    }

    /// The watermark facts and checks (steps 7's rules, and the later ones a failure would hide).
    fn watermark_checks(&mut self, members: &Members<'_>) {
        let mut r = WatermarkReport::default();
        let given = members.get("watermark");
        let Some(wm) = given.and_then(|w| w.members()) else {
            if given.is_none() && self.options.watermark == WatermarkRule::Optional {
                self.check(
                    "watermark.present",
                    Status::Skip,
                    "absent-optional",
                    Facts::default(),
                );
            } else {
                let facts = Facts {
                    payload_kind: self.guessed.map(PayloadKind::name),
                    ..Facts::default()
                };
                self.check("watermark.present", Status::Fail, "absent", facts);
            }
            self.watermark = Some(r);
            return;
        };
        r.present = true;
        self.check(
            "watermark.present",
            Status::Pass,
            "present",
            Facts::default(),
        );
        self.watermark_appid_present = wm.get("appid").is_some();
        let appid = wm.get("appid").and_then(|a| a.as_str());
        r.appid = appid.as_ref().map(|a| a.chars().take(64).collect());
        match appid {
            None => self.check("watermark.appid", Status::Fail, "invalid", Facts::default()),
            Some(_) if self.app_ids.is_empty() => {
                self.check(
                    "watermark.appid",
                    Status::Skip,
                    "no-app-ids",
                    Facts::default(),
                );
            }
            Some(a) => {
                let matches = self.app_ids.iter().any(|allowed| *allowed == a.as_ref());
                r.appid_matches = Some(matches);
                let facts = Facts {
                    appid: r.appid.clone(),
                    ..Facts::default()
                };
                if matches {
                    self.check("watermark.appid", Status::Pass, "allowed", facts);
                } else {
                    self.check("watermark.appid", Status::Fail, "not-allowed", facts);
                }
            }
        }
        r.timestamp = wm
            .get("timestamp")
            .and_then(|t| t.as_f64())
            .filter(|t| t.is_finite());
        let max = self.options.max_age_seconds;
        // The decoders take a missing `now` as 0 when they check the age.
        let now = self.options.now.or(max.map(|_| 0.0));
        match (r.timestamp, now) {
            (Some(ts), Some(now)) => {
                let age = now - ts;
                r.age_seconds = Some(age);
                let facts = Facts {
                    age: Some(age),
                    max,
                    ..Facts::default()
                };
                match max {
                    Some(m) if age > m => {
                        self.check("watermark.age", Status::Fail, "expired", facts);
                    }
                    Some(m) if -age > m => {
                        let facts = Facts {
                            age: None,
                            ahead: Some(-age),
                            ..facts
                        };
                        self.check("watermark.age", Status::Fail, "future", facts);
                    }
                    Some(_) => self.check("watermark.age", Status::Pass, "within", facts),
                    None => self.check("watermark.age", Status::Skip, "no-max-age", facts),
                }
            }
            (None, _) if max.is_some() => {
                self.check(
                    "watermark.age",
                    Status::Fail,
                    "no-timestamp",
                    Facts::default(),
                );
            }
            _ => self.check("watermark.age", Status::Skip, "unknown", Facts::default()),
        }
        self.watermark = Some(r);
    }

    /// The likely cause of the pipeline's verdict, from what was observed.
    fn cause(&self, verdict: Option<&Error>) -> Cause {
        let Some(e) = verdict else {
            return Cause {
                id: "ok",
                facts: Facts::default(),
            };
        };
        let field = e.field();
        let [session_key, iv, encrypted_data] = &self.fields;
        let of = |f: Field| match f {
            Field::SessionKey => session_key,
            Field::Iv => iv,
            Field::EncryptedData => encrypted_data,
        };
        let named = |name: &str| {
            [Field::SessionKey, Field::Iv, Field::EncryptedData]
                .into_iter()
                .find(|f| f.name() == name)
        };
        let field_report = field.and_then(named).map(of);
        let facts = Facts {
            field,
            ..Facts::default()
        };
        let wm = self.watermark.as_ref();
        let (id, facts) = match e.code() {
            ErrorCode::InvalidArgument if field == Some("appId") => ("appId.missing", facts),
            ErrorCode::InvalidArgument => ("field.missing", facts),
            ErrorCode::InputTooLarge => ("field.too-large", facts),
            ErrorCode::InvalidBase64 => {
                let damage = field_report
                    .and_then(|f| damage_of(f.base64))
                    .unwrap_or(Base64Damage::Other);
                let facts = Facts {
                    damage: Some(damage),
                    repairable: Some(field_report.is_some_and(|f| f.repairable)),
                    ..facts
                };
                ("base64", facts)
            }
            ErrorCode::InvalidSessionKey | ErrorCode::InvalidIv | ErrorCode::InvalidCiphertext => {
                let id = match e.code() {
                    ErrorCode::InvalidSessionKey => "sessionKey.length",
                    ErrorCode::InvalidIv => "iv.length",
                    _ => "encryptedData.length",
                };
                let facts = Facts {
                    bytes: field_report.and_then(|f| f.decoded_bytes),
                    ..facts
                };
                (id, facts)
            }
            ErrorCode::DecryptFailed => {
                let id = match self.decrypt_cause {
                    Some(DecryptCause::Padding) | None => "decrypt.padding",
                    Some(DecryptCause::WrongIv) => "decrypt.wrong-iv",
                    Some(DecryptCause::Utf8) => "decrypt.utf8",
                    Some(DecryptCause::NotObject) => "decrypt.not-object",
                    Some(DecryptCause::Json) => "decrypt.json",
                };
                (id, facts)
            }
            ErrorCode::WatermarkMissing if !wm.is_some_and(|w| w.present) => {
                let facts = Facts {
                    payload_kind: self.guessed.map(PayloadKind::name),
                    ..facts
                };
                ("watermark.missing", facts)
            }
            ErrorCode::WatermarkMissing if !self.watermark_appid_present => {
                ("watermark.appid-invalid", facts)
            }
            ErrorCode::WatermarkMissing => ("watermark.timestamp-missing", facts),
            ErrorCode::AppIdMismatch => match wm.and_then(|w| w.appid.clone()) {
                None => ("watermark.appid-invalid", facts),
                Some(appid) => {
                    let facts = Facts {
                        appid: Some(appid),
                        ..facts
                    };
                    ("watermark.appid-mismatch", facts)
                }
            },
            ErrorCode::WatermarkExpired => {
                let age = wm.and_then(|w| w.age_seconds).unwrap_or(0.0);
                let max = self.options.max_age_seconds;
                if age >= 0.0 {
                    let facts = Facts {
                        age: Some(age),
                        max,
                        ..facts
                    };
                    ("watermark.expired", facts)
                } else {
                    let facts = Facts {
                        ahead: Some(-age),
                        max,
                        ..facts
                    };
                    ("watermark.future", facts)
                }
            }
            ErrorCode::OpenIdMismatch => ("openId.mismatch", facts),
            code => {
                let facts = Facts {
                    code: Some(code),
                    ..facts
                };
                ("other", facts)
            }
        };
        Cause { id, facts }
    }
}

/// The damage of a [`FieldReport::base64`] identifier.
fn damage_of(id: &str) -> Option<Base64Damage> {
    [
        Base64Damage::Spaces,
        Base64Damage::DoubleUrlEncoded,
        Base64Damage::UrlSafeAlphabet,
        Base64Damage::LineBreaks,
        Base64Damage::MissingPadding,
        Base64Damage::Empty,
        Base64Damage::Other,
    ]
    .into_iter()
    .find(|d| d.id() == id)
}

impl Observer for Diagnoser<'_> {
    const EXPLORE: bool = true;

    fn no_app_ids(&mut self) {
        self.check("appId", Status::Fail, "missing", Facts::default());
    }

    fn missing(&mut self, field: Field) {
        self.field(field).base64 = "missing";
        self.check(base64_id(field), Status::Fail, "missing", Facts::default());
    }

    fn base64(&mut self, field: Field, facts: &Base64Facts, verdict: Option<&Error>) {
        let r = self.field(field);
        r.present = true;
        r.length = facts.chars;
        r.base64 = facts.damage.map_or("ok", Base64Damage::id);
        r.decoded_bytes = facts.decoded;
        r.repairable = facts.repairable;
        let id = base64_id(field);
        match (facts.damage, verdict) {
            (None, None) => {
                let f = Facts {
                    bytes: facts.decoded,
                    ..Facts::default()
                };
                self.check(id, Status::Pass, "strict", f);
            }
            (None, Some(e)) => {
                let f = Facts {
                    code: Some(e.code()),
                    ..Facts::default()
                };
                self.check(id, Status::Fail, "rejected", f);
            }
            (Some(d), None) => {
                let f = Facts {
                    damage: Some(d),
                    ..Facts::default()
                };
                self.check(id, Status::Warn, "repaired", f);
            }
            (Some(d), Some(_)) => {
                let f = Facts {
                    damage: Some(d),
                    ..Facts::default()
                };
                self.check(id, Status::Fail, "damaged", f);
            }
        }
    }

    fn length(&mut self, field: Field, bytes: usize, ok: bool) {
        let status = if ok { Status::Pass } else { Status::Fail };
        let facts = Facts {
            bytes: Some(bytes),
            ..Facts::default()
        };
        self.check(length_id(field), status, "length", facts);
    }

    fn decrypt_skipped(&mut self) {
        self.check(
            "decrypt.padding",
            Status::Skip,
            "input-failed",
            Facts::default(),
        );
    }

    fn decrypted(&mut self, buf: &[u8], unpadded: Option<usize>, _verdict: Option<&Error>) {
        let mut p = PlaintextReport {
            ciphertext_bytes: buf.len(),
            json: "skipped",
            ..PlaintextReport::default()
        };
        let none = Facts::default;
        let Some(len) = unpadded else {
            self.decrypt_cause = Some(DecryptCause::Padding);
            self.check("decrypt.padding", Status::Fail, "invalid", none());
            self.check("decrypt.utf8", Status::Skip, "padding-failed", none());
            self.check("decrypt.json", Status::Skip, "padding-failed", none());
            self.plaintext = Some(p);
            return;
        };
        p.padding_ok = true;
        p.padding_bytes = Some(buf.len().saturating_sub(len));
        let facts = Facts {
            padding: p.padding_bytes,
            ..Facts::default()
        };
        self.check("decrypt.padding", Status::Pass, "valid", facts);
        let body = buf.get(..len).unwrap_or(&[]);
        // Everything after the first block is a JSON object's end: only the first block is garbled.
        let tail_ok = body.len() > 16
            && body
                .get(16..)
                .and_then(|t| core::str::from_utf8(t).ok())
                .is_some_and(|t| t.trim_end().ends_with('}'));
        match core::str::from_utf8(body) {
            Err(_) => {
                let (cause, finding) = if tail_ok {
                    (DecryptCause::WrongIv, "first-block")
                } else {
                    (DecryptCause::Utf8, "invalid")
                };
                self.decrypt_cause = Some(cause);
                self.check("decrypt.utf8", Status::Fail, finding, none());
                self.check("decrypt.json", Status::Skip, "not-utf8", none());
            }
            Ok(text) => {
                p.utf8 = true;
                self.check("decrypt.utf8", Status::Pass, "valid", none());
                match json::parse(text) {
                    Some(v) if v.kind == Kind::Object => {
                        p.json = "object";
                        self.check("decrypt.json", Status::Pass, "object", none());
                    }
                    Some(v) => {
                        p.json = json_type(v.kind);
                        self.decrypt_cause = Some(DecryptCause::NotObject);
                        let facts = Facts {
                            json: Some(json_type(v.kind)),
                            ..Facts::default()
                        };
                        self.check("decrypt.json", Status::Fail, "not-object", facts);
                    }
                    None => {
                        p.json = "invalid";
                        let (cause, finding) = if tail_ok {
                            (DecryptCause::WrongIv, "first-block")
                        } else {
                            (DecryptCause::Json, "invalid")
                        };
                        self.decrypt_cause = Some(cause);
                        self.check("decrypt.json", Status::Fail, finding, none());
                    }
                }
            }
        }
        self.plaintext = Some(p);
    }

    fn object(&mut self, members: &Members<'_>) {
        let kind = guess_kind(members);
        self.guessed = Some(kind);
        self.has_open_id = members.get("openId").is_some();
        if let Some(p) = self.plaintext.as_mut() {
            p.keys = members
                .0
                .iter()
                .take(50)
                .filter_map(|m| m.key().map(|k| k.chars().take(64).collect()))
                .collect();
            p.kind = Some(kind.name());
        }
        let facts = Facts {
            payload_kind: Some(kind.name()),
            issue: shape_issue(kind, members),
            ..Facts::default()
        };
        let status = if facts.issue.is_some() {
            Status::Warn
        } else {
            Status::Pass
        };
        self.check("payload.shape", status, "guessed-kind", facts);
        self.watermark_checks(members);
    }

    fn open_id(&mut self, verdict: Option<&Error>) {
        let none = Facts::default();
        match verdict {
            Some(_) => self.check("openId", Status::Fail, "differs", none),
            None if self.has_open_id => self.check("openId", Status::Pass, "matches", none),
            None => self.check("openId", Status::Skip, "absent", none),
        }
    }
}

/// The payload kind the top-level keys suggest.
fn guess_kind(members: &Members<'_>) -> PayloadKind {
    let has = |k: &str| members.get(k).is_some();
    if has("openGId") {
        PayloadKind::ShareInfo
    } else if has("opengid") || has("open_single_roomid") || has("chat_type") {
        PayloadKind::GroupEnterInfo
    } else if has("stepInfoList") {
        PayloadKind::WeRunData
    } else if has("phoneNumber") || has("purePhoneNumber") {
        PayloadKind::PhoneNumber
    } else if has("nickName") || has("avatarUrl") {
        PayloadKind::UserInfo
    } else {
        PayloadKind::OpenData
    }
}

/// Run the open-data pipeline (kind `openData`, as `decryptOpenData` with `options`) observing
/// every step, and build the report.
pub fn diagnose(input: &DiagnoseInput<'_>, options: &Options) -> Report {
    let mut d = Diagnoser {
        app_ids: input.app_ids,
        options,
        checks: Vec::new(),
        fields: Default::default(),
        plaintext: None,
        watermark: None,
        decrypt_cause: None,
        guessed: None,
        has_open_id: false,
        watermark_appid_present: false,
    };
    let verdict = open_data::run(
        &mut d,
        Request {
            kind: PayloadKind::OpenData,
            app_ids: input.app_ids,
            session_key: input.session_key,
            iv: input.iv,
            encrypted_data: input.encrypted_data.map(Ciphertext::Text),
            options,
        },
    );
    let err = verdict.as_ref().err();
    let cause = d.cause(err);
    let [session_key, iv, encrypted_data] = d.fields;
    Report {
        ok: err.is_none(),
        code: err.map(Error::code),
        field: err.and_then(Error::field),
        cause,
        checks: d.checks,
        session_key,
        iv,
        encrypted_data,
        plaintext: d.plaintext,
        watermark: d.watermark,
    }
}

#[cfg(test)]
mod tests {
    #![allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )]
    use super::*;

    const APPID: &str = "wx4f4bc4dec97d474b";
    const KEY: &str = "tiihtNczf5v6AKRyjwEUhQ==";
    const IV: &str = "r7BXXKkLb8qrSNn05n0qiA==";
    const DATA: &str = "CiyLU1Aw2KjvrjMdj8YKliAjtP4gsMZMQmRzooG2xrDcvSnxIMXFufNstNGTyaGS9uT5geRa0W4oTOb1WT7fJlAC+oNPdbB+3hVbJSRgv+4lGOETKUQz6OYStslQ142dNCuabNPGBzlooOmB231qMM85d2/fV6ChevvXvQP8Hkue1poOFtnEtpyxVLW1zAo6/1Xx1COxFvrc2d7UL/lmHInNlxuacJXwu0fjpXfz/YqYzBIBzD6WUfTIF9GRHpOn/Hz7saL8xz+W//FRAUid1OksQaQx4CMs8LOddcQhULW4ucetDf96JcR3g0gfRK4PC7E/r7Z6xNrXd2UIeorGj5Ef7b1pJAYB6Y5anaHqZ9J6nKEBvB4DnNLIVWSgARns/8wR2SiRS7MNACwTyrGvt9ts8p12PKFdlqYTopNHR1Vf7XjfhQlVsAJdNiKdYmYVoKlaRv85IfVunYzO0IKXsyl7JCUjCpoG20f0a04COwfneQAGGwd5oa+T8yO5hzuyDb/XcxxmK01EpqOyuxINew==";

    fn opts() -> Options {
        Options {
            now: Some(1_477_314_187.0 + 60.0),
            ..Options::default()
        }
    }

    fn run(key: &str, iv: &str, data: &str, app: &[&str]) -> Report {
        let input = DiagnoseInput {
            app_ids: app,
            session_key: Some(key),
            encrypted_data: Some(data),
            iv: Some(iv),
        };
        diagnose(&input, &opts())
    }

    #[test]
    fn official_vector_is_ok() {
        let r = run(KEY, IV, DATA, &[APPID]);
        assert!(r.ok, "{r:?}");
        assert_eq!(r.code, None);
        assert_eq!(r.cause.id, "ok");
        let p = r.plaintext.as_ref().unwrap();
        assert_eq!(p.padding_bytes, Some(7));
        assert_eq!(p.kind, Some("userInfo"));
        let w = r.watermark.as_ref().unwrap();
        assert_eq!(w.appid.as_deref(), Some(APPID));
        assert_eq!(w.age_seconds, Some(60.0));
        // No plaintext values, no key, and JSON that the scanner accepts.
        let json = r.to_json();
        assert!(!json.contains("Band") && !json.contains(KEY) && !json.contains("oGZUI0"));
        assert!(crate::json::object_members(&json).is_some(), "{json}");
    }

    #[test]
    fn spaces_are_named_and_repair_is_tried() {
        let r = run(KEY, IV, &DATA.replace('+', " "), &[APPID]);
        assert!(!r.ok);
        assert_eq!(r.code, Some(ErrorCode::InvalidBase64));
        assert_eq!(r.field, Some("encryptedData"));
        assert_eq!(r.encrypted_data.base64, "spaces");
        assert!(r.encrypted_data.repairable);
        assert_eq!(r.cause.facts.repairable, Some(true));
        // The rest of the pipeline ran on the repaired value.
        assert_eq!(r.status("decrypt.json"), Some(Status::Pass));
    }

    #[test]
    fn wrong_key_wrong_iv_wrong_appid_no_appid() {
        let r = run("AAAAAAAAAAAAAAAAAAAAAA==", IV, DATA, &[APPID]);
        assert_eq!(r.code, Some(ErrorCode::DecryptFailed));
        assert_eq!(r.cause.id, "decrypt.padding");
        let r = run(KEY, "AAAAAAAAAAAAAAAAAAAAAA==", DATA, &[APPID]);
        assert_eq!(r.code, Some(ErrorCode::DecryptFailed));
        assert_eq!(r.cause.id, "decrypt.wrong-iv");
        let r = run(KEY, IV, DATA, &["wxother"]);
        assert_eq!(r.code, Some(ErrorCode::AppIdMismatch));
        assert_eq!(r.cause.facts.appid.as_deref(), Some(APPID));
        // As decryptOpenData: no appId is an invalid argument; the rest is still reported.
        let r = run(KEY, IV, DATA, &[]);
        assert_eq!(
            (r.ok, r.code, r.field),
            (false, Some(ErrorCode::InvalidArgument), Some("appId"))
        );
        assert_eq!(r.status("watermark.appid"), Some(Status::Skip));
        assert_eq!(r.status("decrypt.json"), Some(Status::Pass));
    }

    #[test]
    fn lengths_and_missing_fields() {
        let r = run("AAAA", IV, DATA, &[APPID]);
        assert_eq!(r.code, Some(ErrorCode::InvalidSessionKey));
        let r = run(KEY, "AAAA", DATA, &[APPID]);
        assert_eq!(r.code, Some(ErrorCode::InvalidIv));
        let r = run(KEY, IV, "AAAA", &[APPID]);
        assert_eq!(r.code, Some(ErrorCode::InvalidCiphertext));
        let r = diagnose(&DiagnoseInput::default(), &opts());
        assert_eq!(r.code, Some(ErrorCode::InvalidArgument));
        assert_eq!(r.field, Some("appId"));
        let input = DiagnoseInput {
            app_ids: &[APPID],
            session_key: Some(KEY),
            iv: Some(IV),
            encrypted_data: Some(DATA),
        };
        let o = Options {
            max_age_seconds: Some(10.0),
            ..opts()
        };
        assert_eq!(diagnose(&input, &o).code, Some(ErrorCode::WatermarkExpired));
    }
}
