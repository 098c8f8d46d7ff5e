//! Open-data decryption: `encryptedData` + `iv` + `session_key` -> validated JSON text.
//!
//! One pipeline (`run`) does it for every entry point (the generic and typed decoders, the
//! several-keys decoder, the owned-buffer entry of the JS boundary, and `diagnose`), in this order:
//!
//! 1. at least one allowed appid (`ERR_INVALID_ARGUMENT`, field `appId`);
//! 2. `sessionKey`, `encryptedData` and `iv` present (`ERR_INVALID_ARGUMENT`);
//! 3. `sessionKey`: strict base64 decoding to 16 bytes;
//! 4. `iv`: strict base64 decoding to 16 bytes;
//! 5. `encryptedData`: strict base64 decoding to a non-empty multiple of 16 bytes;
//! 6. AES-128-CBC, strict PKCS#7, UTF-8 over the whole unpadded buffer, a JSON object: any failure
//!    here is the one `ERR_DECRYPT_FAILED`, after about the same work wherever it failed;
//! 7. the watermark (appid in the allowed list, optional age);
//! 8. the optional openId check;
//! 9. the shape of the payload kind.
//!
//! The pipeline is generic over an observer: the decoders use one whose empty
//! methods compile away; `diagnose` observes the same steps to report what each one found.

use core::fmt;

use zeroize::{Zeroize, Zeroizing};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use crate::crypto::{aes128_cbc_decrypt, BLOCK};
use crate::encoding::{
    classify_damage_bytes, decode_base64_in_place, decode_base64_repair, Base64Damage,
};
use crate::error::{Error, ErrorCode, Result};
use crate::json::{self, MemberSpan};
use crate::payload::{check_shape, PayloadKind};
use crate::watermark::check_watermark;

/// The JSON reader types of [`OpenData::members`]: the payload's top-level members and their values.
pub use crate::json::{Kind, Member, Members, Value};
/// Whether a payload must carry a watermark (the [`Options::watermark`] setting).
pub use crate::watermark::WatermarkRule;

/// What the caller provides: the allowed appid(s), the session_key and the payload.
#[derive(Clone, Copy)]
pub struct OpenDataInput<'a> {
    /// The allowed appids (at least one).
    pub app_ids: &'a [&'a str],
    /// The session_key from `jscode2session`, base64 text (24 characters).
    pub session_key: &'a str,
    /// `encryptedData` as received from the mini program.
    pub encrypted_data: &'a str,
    /// `iv` as received from the mini program.
    pub iv: &'a str,
}

impl fmt::Debug for OpenDataInput<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OpenDataInput")
            .field("app_ids", &self.app_ids)
            .field("session_key", &"[redacted]")
            .field(
                "encrypted_data",
                &format_args!("<{} chars>", self.encrypted_data.len()),
            )
            .field("iv", &self.iv)
            .finish()
    }
}

/// Validation options. `Default` checks the appid only.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Options {
    /// Reject a `watermark.timestamp` older than this many seconds, or that far in the future.
    pub max_age_seconds: Option<f64>,
    /// The current time in unix seconds (required when `max_age_seconds` is set).
    pub now: Option<f64>,
    /// When the payload carries `openId`, it must equal this.
    pub open_id: Option<String>,
    /// Turn spaces back into `+` before base64 decoding.
    pub repair_base64: bool,
    /// Whether a watermark must be present.
    pub watermark: WatermarkRule,
}

/// A decrypted, validated payload: the exact plaintext JSON text (zeroized on drop).
pub struct OpenData {
    buf: Zeroizing<Vec<u8>>,
    len: usize,
    /// The top-level members found by the one validating scan of the decryption step.
    spans: Vec<MemberSpan>,
}

impl OpenData {
    /// The plaintext JSON text, exactly as WeChat encrypted it (without padding).
    pub fn text(&self) -> &str {
        // `len` was validated as a UTF-8 boundary by the decryption step.
        self.buf
            .get(..self.len)
            .and_then(|b| core::str::from_utf8(b).ok())
            .unwrap_or("")
    }

    /// The top-level members of the payload object (from the scan that validated it: no rescan).
    pub fn members(&self) -> Members<'_> {
        Members::from_spans(self.text(), &self.spans)
    }

    /// The buffer back, wiped and empty but with its capacity, for the next call to reuse
    /// ([`decrypt_owned`] leaves nothing beyond its length: the decoder zeroes what it truncates).
    pub fn into_buffer(mut self) -> Vec<u8> {
        let mut buf = core::mem::take(&mut *self.buf);
        buf.as_mut_slice().zeroize();
        buf.clear();
        buf
    }
}

impl fmt::Debug for OpenData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "OpenData(<{} bytes redacted>)", self.len)
    }
}

/// An input field of the pipeline, in the order the fields are decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// `sessionKey`.
    SessionKey,
    /// `iv`.
    Iv,
    /// `encryptedData`.
    EncryptedData,
}

impl Field {
    /// The JavaScript name of the field.
    pub const fn name(self) -> &'static str {
        match self {
            Field::SessionKey => "sessionKey",
            Field::Iv => "iv",
            Field::EncryptedData => "encryptedData",
        }
    }
}

/// What the base64 step of a field found, beyond its verdict (gathered only when `diagnose`
/// observes the pipeline).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Base64Facts {
    /// Length of the text in characters.
    pub chars: usize,
    /// `None` when the text as given is strict standard base64; else the damage found in it.
    pub damage: Option<Base64Damage>,
    /// Whether turning spaces into `+` makes the text decode.
    pub repairable: bool,
    /// The decoded length the pipeline continues with (the repaired value when the text is damaged
    /// and repairable), `None` when it cannot continue.
    pub decoded: Option<usize>,
}

/// Watches the steps of [`run`]. Every method has an empty default; the decoders use
/// [`NoObserver`], for which the calls compile to nothing.
///
/// An observer never changes the verdict: [`run`] returns the error of the first failing step,
/// whatever the observer does. With [`Observer::EXPLORE`] the pipeline goes on after that first
/// failure (with the repaired value of a repairable base64 field, skipping decryption when an
/// input is unusable) so that the later steps can be observed too; the verdict stays the first
/// failure.
pub(crate) trait Observer {
    /// Keep going after the first failure, and gather [`Base64Facts`].
    const EXPLORE: bool = false;
    /// No appid is allowed (step 1 failed).
    fn no_app_ids(&mut self) {}
    /// A field is absent (observed at its decoding step).
    fn missing(&mut self, _field: Field) {}
    /// The base64 step of a field ran (only when exploring).
    fn base64(&mut self, _field: Field, _facts: &Base64Facts, _verdict: Option<&Error>) {}
    /// The decoded length of a field was checked.
    fn length(&mut self, _field: Field, _bytes: usize, _ok: bool) {}
    /// Decryption was skipped because an input is unusable (only when exploring).
    fn decrypt_skipped(&mut self) {}
    /// Decryption ran: the whole decrypted buffer and the unpadded length when the padding is valid.
    /// Called after the no-oracle checks, whatever their outcome.
    fn decrypted(&mut self, _buf: &[u8], _unpadded: Option<usize>, _verdict: Option<&Error>) {}
    /// The payload is a JSON object: its members, before the checks of steps 7 to 9.
    fn object(&mut self, _members: &Members<'_>) {}
    /// The watermark step ran.
    fn watermark(&mut self, _verdict: Option<&Error>) {}
    /// The openId step ran (only observed when an openId is expected).
    fn open_id(&mut self, _verdict: Option<&Error>) {}
    /// The shape step ran.
    fn shape(&mut self, _kind: PayloadKind, _verdict: Option<&Error>) {}
}

/// The observer of the normal path: observes nothing, costs nothing.
pub(crate) struct NoObserver;

impl Observer for NoObserver {}

/// The `encryptedData` of a request: borrowed text, or the text's bytes owned by the pipeline and
/// decoded and decrypted in place.
pub(crate) enum Ciphertext<'a> {
    /// Base64 text.
    Text(&'a str),
    /// The UTF-8 bytes of the base64 text (zeroized on drop).
    Owned(Zeroizing<Vec<u8>>),
}

/// Everything the pipeline needs. Absent fields (`None`) fail step 2.
pub(crate) struct Request<'a> {
    pub kind: PayloadKind,
    pub app_ids: &'a [&'a str],
    pub session_key: Option<&'a str>,
    pub iv: Option<&'a str>,
    pub encrypted_data: Option<Ciphertext<'a>>,
    pub options: &'a Options,
}

/// The verdict so far: with a non-exploring observer the first failure returns at once; when
/// exploring it is kept and the pipeline continues.
pub(crate) struct Verdict<O: Observer> {
    first: Option<Error>,
    _observer: core::marker::PhantomData<O>,
}

impl<O: Observer> Verdict<O> {
    fn new() -> Self {
        Verdict {
            first: None,
            _observer: core::marker::PhantomData,
        }
    }

    /// Record a failure; `Err` when the pipeline must stop now.
    fn fail(&mut self, e: Error) -> Result<()> {
        if !O::EXPLORE {
            return Err(e);
        }
        if self.first.is_none() {
            self.first = Some(e);
        }
        Ok(())
    }

    /// Record the outcome of a step; the value to continue with, if any.
    fn step<T>(&mut self, r: Result<T>) -> Result<Option<T>> {
        match r {
            Ok(v) => Ok(Some(v)),
            Err(e) => self.fail(e).map(|()| None),
        }
    }
}

/// The error of an absent field.
fn required(field: Field) -> Error {
    Error::with_field(
        ErrorCode::InvalidArgument,
        field.name(),
        format!("{} is required", field.name()),
    )
}

/// Step 1: `ERR_INVALID_ARGUMENT` unless at least one appid is allowed.
pub(crate) fn require_app_ids(app_ids: &[&str]) -> Result<()> {
    if app_ids.is_empty() {
        return Err(Error::with_field(
            ErrorCode::InvalidArgument,
            "appId",
            APP_ID_REQUIRED,
        ));
    }
    Ok(())
}

/// Message of the `ERR_INVALID_ARGUMENT` for a missing or empty `appId`.
pub(crate) const APP_ID_REQUIRED: &str =
    "appId is required: the appid (or list of appids) this data must belong to";

/// What exploring observers learn of a base64 text beyond the verdict; the bytes to continue
/// with when the verdict failed (the repaired value of a repairable text).
fn explore_base64(text: &[u8]) -> (Base64Facts, Option<Zeroizing<Vec<u8>>>) {
    let chars = core::str::from_utf8(text).map_or(text.len(), |s| s.chars().count());
    let strict = match STANDARD.decode(text) {
        Ok(v) if !text.is_empty() => Some(Zeroizing::new(v)),
        _ => None,
    };
    if let Some(v) = strict {
        let facts = Base64Facts {
            chars,
            damage: None,
            repairable: false,
            decoded: Some(v.len()),
        };
        return (facts, Some(v));
    }
    let damage = classify_damage_bytes(text);
    let repaired = if damage == Base64Damage::Spaces {
        let fixed: Zeroizing<Vec<u8>> = Zeroizing::new(
            text.iter()
                .map(|&b| if b == b' ' { b'+' } else { b })
                .collect(),
        );
        STANDARD.decode(fixed.as_slice()).ok().map(Zeroizing::new)
    } else {
        None
    };
    let facts = Base64Facts {
        chars,
        damage: Some(damage),
        repairable: repaired.is_some(),
        decoded: repaired.as_ref().map(|r| r.len()),
    };
    (facts, repaired)
}

/// The outcome of a base64 step: the verdict of the decoding; when exploring (`explored` holds
/// the facts of the text and its repaired value), the facts are observed and a failed verdict
/// continues with the repaired value if there is one.
fn base64_step<O: Observer>(
    obs: &mut O,
    verdict: &mut Verdict<O>,
    field: Field,
    explored: Option<(Base64Facts, Option<Zeroizing<Vec<u8>>>)>,
    decoded: Result<Zeroizing<Vec<u8>>>,
) -> Result<Option<Zeroizing<Vec<u8>>>> {
    let Some((mut facts, fallback)) = explored else {
        return verdict.step(decoded);
    };
    if let Ok(v) = &decoded {
        facts.decoded = Some(v.len());
    }
    obs.base64(field, &facts, decoded.as_ref().err());
    match decoded {
        Ok(v) => Ok(Some(v)),
        Err(e) => verdict.fail(e).map(|()| fallback),
    }
}

/// The base64 step of a text field ([`decode_base64_repair`]).
fn decode_text<O: Observer>(
    obs: &mut O,
    verdict: &mut Verdict<O>,
    field: Field,
    text: &str,
    repair: bool,
) -> Result<Option<Zeroizing<Vec<u8>>>> {
    let explored = O::EXPLORE.then(|| explore_base64(text.as_bytes()));
    let decoded = decode_base64_repair(field.name(), text, repair);
    base64_step(obs, verdict, field, explored, decoded)
}

/// The error of a sessionKey or iv that does not decode to 16 bytes.
pub(crate) fn wrong_length(field: Field, len: usize) -> Error {
    if field == Field::Iv {
        Error::with_field(
            ErrorCode::InvalidIv,
            "iv",
            format!("iv must decode to 16 bytes (24 base64 characters); it decodes to {len} bytes"),
        )
    } else {
        Error::with_field(
            ErrorCode::InvalidSessionKey,
            "sessionKey",
            format!(
                "sessionKey must decode to 16 bytes (24 base64 characters, as jscode2session returns it); it decodes to {len} bytes"
            ),
        )
    }
}

/// Steps 3 (with `field` [`Field::SessionKey`]) and 4 ([`Field::Iv`]): base64 to exactly 16 bytes.
fn decode_16<O: Observer>(
    obs: &mut O,
    verdict: &mut Verdict<O>,
    field: Field,
    text: Option<&str>,
    repair: bool,
) -> Result<Option<Zeroizing<[u8; 16]>>> {
    let Some(text) = text else {
        obs.missing(field);
        return Ok(None);
    };
    let Some(bytes) = decode_text(obs, verdict, field, text, repair)? else {
        return Ok(None);
    };
    obs.length(field, bytes.len(), bytes.len() == 16);
    if bytes.len() != 16 {
        let e = wrong_length(field, bytes.len());
        return verdict.fail(e).map(|()| None);
    }
    Ok(zeroizing_array::<16>(&bytes))
}

/// Key bytes copied straight into a zeroizing array (no unwiped `[u8; N]` temporary on the stack),
/// when there are exactly `N` of them.
pub(crate) fn zeroizing_array<const N: usize>(bytes: &[u8]) -> Option<Zeroizing<[u8; N]>> {
    if bytes.len() != N {
        return None;
    }
    let mut out = Zeroizing::new([0u8; N]);
    for (dst, src) in out.iter_mut().zip(bytes) {
        *dst = *src;
    }
    Some(out)
}

/// Step 5: `encryptedData` to a non-empty multiple of 16 bytes (decoded in place when owned).
fn decode_ciphertext<O: Observer>(
    obs: &mut O,
    verdict: &mut Verdict<O>,
    data: Option<Ciphertext<'_>>,
    repair: bool,
) -> Result<Option<Zeroizing<Vec<u8>>>> {
    const FIELD: Field = Field::EncryptedData;
    let bytes = match data {
        None => {
            obs.missing(FIELD);
            return Ok(None);
        }
        Some(Ciphertext::Text(text)) => decode_text(obs, verdict, FIELD, text, repair)?,
        Some(Ciphertext::Owned(mut buf)) => {
            // The facts of the text are taken before the buffer is overwritten by its decoding.
            let explored = O::EXPLORE.then(|| explore_base64(&buf));
            let decoded = decode_base64_in_place(FIELD.name(), &mut buf, repair).map(|()| buf);
            base64_step(obs, verdict, FIELD, explored, decoded)?
        }
    };
    let Some(bytes) = bytes else {
        return Ok(None);
    };
    let ok = !bytes.is_empty() && bytes.len() % BLOCK == 0;
    obs.length(FIELD, bytes.len(), ok);
    if !ok {
        let e = Error::with_field(
            ErrorCode::InvalidCiphertext,
            "encryptedData",
            format!(
                "encryptedData must decode to a non-empty multiple of 16 bytes; it decodes to {} bytes (truncated or not an encryptedData value)",
                bytes.len()
            ),
        );
        return verdict.fail(e).map(|()| None);
    }
    Ok(Some(bytes))
}

/// Step 6: decrypt a ciphertext already decoded; on success the buffer holds UTF-8 JSON object text
/// of the returned length. Padding, UTF-8 and JSON failures are indistinguishable: the same error
/// comes back, and about the same work is done whichever check fails, wherever it fails (no timing
/// oracle): the UTF-8 and JSON checks run even when the padding is bad, and when they stop early
/// the rest of the buffer is walked by [`equalize`] at about the scanner's cost per byte.
pub(crate) fn decrypt_decoded<O: Observer>(
    obs: &mut O,
    key: &[u8; 16],
    iv: &[u8; 16],
    mut buf: Zeroizing<Vec<u8>>,
) -> Result<OpenData> {
    let unpadded = aes128_cbc_decrypt(key, iv, &mut buf, BLOCK);
    // Over the buffer minus the claimed padding, or the whole buffer when the padding is bad.
    let claimed = match unpadded {
        Ok(n) => n,
        Err(_) => buf.len(),
    };
    let spans = json_object_spans(buf.get(..claimed).unwrap_or(&[]));
    let result = match (unpadded, spans) {
        (Ok(len), Some(spans)) => Ok((len, spans)),
        _ => Err(Error::decrypt_failed()),
    };
    obs.decrypted(&buf, unpadded.ok(), result.as_ref().err());
    let (len, spans) = result?;
    Ok(OpenData { buf, len, spans })
}

/// The UTF-8 and JSON-object checks of a decrypted body: the member spans when `body` is a UTF-8
/// JSON object, else `None`, with about the same work whichever check fails, wherever it fails.
pub(crate) fn json_object_spans(body: &[u8]) -> Option<Vec<json::MemberSpan>> {
    // The valid UTF-8 prefix (validated once), then the JSON scan of it: a document cut by invalid
    // UTF-8 fails the scan at its end.
    let mut chunks = body.utf8_chunks();
    let (text, utf8_ok) = match chunks.next() {
        Some(c) => (c.valid(), c.invalid().is_empty()),
        None => ("", true),
    };
    let (scanned, spans) = match json::check_object(text) {
        Ok(spans) => (text.len(), Some(spans)),
        Err(pos) => (pos, None),
    };
    // Equal work for early failures: validate the UTF-8 after the first invalid sequence too, and
    // walk the bytes the JSON scan did not reach.
    for c in chunks {
        core::hint::black_box(c.valid());
    }
    equalize(body.get(scanned..).unwrap_or(&[]));
    spans.filter(|_| utf8_ok)
}

/// Walk the bytes the UTF-8 and JSON checks did not reach, with per-byte work comparable to the
/// JSON scanner's string fast path (a data-dependent search for `"`, `\` or a control byte), so a
/// failure near the start costs about what a failure near the end does. `black_box` keeps the
/// compiler from removing or vectorizing the loop away.
fn equalize(rest: &[u8]) {
    let mut rest = core::hint::black_box(rest);
    while let Some(i) = rest
        .iter()
        .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
    {
        rest = core::hint::black_box(rest.get(i + 1..).unwrap_or(&[]));
    }
}

/// Step 8: when an openId is expected and the payload carries one, they must be equal.
fn check_open_id(members: &Members<'_>, options: &Options) -> Result<()> {
    if let Some(expected) = options.open_id.as_deref() {
        if let Some(v) = members.get("openId") {
            if v.as_str().as_deref() != Some(expected) {
                return Err(Error::with_field(
                    ErrorCode::OpenIdMismatch,
                    "openId",
                    "the payload's openId is not the openId of this session: the data belongs to another user",
                ));
            }
        }
    }
    Ok(())
}

/// Steps 7 to 9 on a decrypted payload: watermark, openId, shape of `kind`.
fn check_payload<O: Observer>(
    obs: &mut O,
    verdict: &mut Verdict<O>,
    data: &OpenData,
    kind: PayloadKind,
    app_ids: &[&str],
    options: &Options,
) -> Result<()> {
    let members = data.members();
    obs.object(&members);
    let r = check_watermark(&members, app_ids, options);
    obs.watermark(r.as_ref().err());
    verdict.step(r)?;
    let r = check_open_id(&members, options);
    if options.open_id.is_some() {
        obs.open_id(r.as_ref().err());
    }
    verdict.step(r)?;
    let r = check_shape(kind, &members);
    obs.shape(kind, r.as_ref().err());
    verdict.step(r)?;
    Ok(())
}

/// The pipeline: steps 1 to 9 (see the module docs), observed by `obs`.
pub(crate) fn run<O: Observer>(obs: &mut O, req: Request<'_>) -> Result<OpenData> {
    let mut verdict = Verdict::<O>::new();
    if let Err(e) = require_app_ids(req.app_ids) {
        obs.no_app_ids();
        verdict.fail(e)?;
    }
    let present = [
        (Field::SessionKey, req.session_key.is_some()),
        (Field::EncryptedData, req.encrypted_data.is_some()),
        (Field::Iv, req.iv.is_some()),
    ];
    for (field, present) in present {
        if !present {
            verdict.fail(required(field))?;
        }
    }
    let repair = req.options.repair_base64;
    let key = decode_16(
        obs,
        &mut verdict,
        Field::SessionKey,
        req.session_key,
        repair,
    )?;
    let iv = decode_16(obs, &mut verdict, Field::Iv, req.iv, repair)?;
    let ciphertext = decode_ciphertext(obs, &mut verdict, req.encrypted_data, repair)?;
    let (Some(key), Some(iv), Some(ciphertext)) = (key, iv, ciphertext) else {
        obs.decrypt_skipped();
        return Err(verdict.first.unwrap_or_else(Error::decrypt_failed));
    };
    let data = match decrypt_decoded(obs, &key, &iv, ciphertext) {
        Ok(data) => data,
        Err(e) => {
            verdict.fail(e)?;
            return Err(verdict.first.unwrap_or_else(Error::decrypt_failed));
        }
    };
    check_payload(obs, &mut verdict, &data, req.kind, req.app_ids, req.options)?;
    match verdict.first {
        Some(e) => Err(e),
        None => Ok(data),
    }
}

/// Decrypt and validate open data. See the module docs for the rules.
pub fn decrypt_open_data(input: &OpenDataInput<'_>, options: &Options) -> Result<OpenData> {
    decrypt(PayloadKind::OpenData, input, options)
}

/// Decrypt and validate a payload of `kind` (the pipeline with the shape check of `kind`).
pub(crate) fn decrypt(
    kind: PayloadKind,
    input: &OpenDataInput<'_>,
    options: &Options,
) -> Result<OpenData> {
    run(
        &mut NoObserver,
        Request {
            kind,
            app_ids: input.app_ids,
            session_key: Some(input.session_key),
            iv: Some(input.iv),
            encrypted_data: Some(Ciphertext::Text(input.encrypted_data)),
            options,
        },
    )
}

/// The entry of the JS boundary: like the decoder of `kind`, taking ownership of the UTF-8 bytes of
/// the `encryptedData` base64 text. The text is base64-decoded in place in that buffer, decrypted
/// in place, and the returned payload keeps its plaintext there: one buffer, and no copy of the
/// ciphertext, per call. Same steps, errors and messages as [`decrypt_open_data`] and
/// [`crate::payload::decrypt_payload`].
pub fn decrypt_owned(
    kind: PayloadKind,
    app_ids: &[&str],
    session_key: &str,
    iv: &str,
    encrypted_data: Zeroizing<Vec<u8>>,
    options: &Options,
) -> Result<OpenData> {
    run(
        &mut NoObserver,
        Request {
            kind,
            app_ids,
            session_key: Some(session_key),
            iv: Some(iv),
            encrypted_data: Some(Ciphertext::Owned(encrypted_data)),
            options,
        },
    )
}

/// The checks after decryption: watermark and openId.
pub fn validate(members: &Members<'_>, app_ids: &[&str], options: &Options) -> Result<()> {
    check_watermark(members, app_ids, options)?;
    check_open_id(members, options)
}

/// The several-keys decoder's pipeline: steps 1 to 9 with each candidate key in turn. The keys are
/// all decoded first (a malformed stored key is reported even when an earlier key would have
/// matched, in field `sessionKeys`); `iv` and `encryptedData` are decoded once, right after the
/// first key, and only the decoded ciphertext is copied for each attempt.
pub(crate) fn run_with_keys(
    kind: PayloadKind,
    app_ids: &[&str],
    session_keys: &[Option<&str>],
    encrypted_data: &str,
    iv: &str,
    options: &Options,
) -> Result<(OpenData, usize)> {
    let obs = &mut NoObserver;
    let mut verdict = Verdict::<NoObserver>::new();
    let repair = options.repair_base64;
    let mut keys = Vec::with_capacity(session_keys.len());
    // The decoded iv and ciphertext, shared by every key.
    type Shared = (Zeroizing<[u8; 16]>, Zeroizing<Vec<u8>>);
    let mut shared: Option<Shared> = None;
    for (i, key) in session_keys.iter().enumerate() {
        let Some(key) = key else { continue };
        let decoded = decode_16(obs, &mut verdict, Field::SessionKey, Some(key), repair)
            .map_err(|e| e.in_field("sessionKeys"))?;
        if shared.is_none() {
            let iv = decode_16(obs, &mut verdict, Field::Iv, Some(iv), repair)?;
            let ct = decode_ciphertext(
                obs,
                &mut verdict,
                Some(Ciphertext::Text(encrypted_data)),
                repair,
            )?;
            if let (Some(iv), Some(ct)) = (iv, ct) {
                shared = Some((iv, ct));
            }
        }
        if let Some(k) = decoded {
            keys.push((i, k));
        }
    }
    let Some((iv, ciphertext)) = shared else {
        return Err(Error::decrypt_failed());
    };
    for (i, key) in keys {
        let attempt = Zeroizing::new(ciphertext.to_vec());
        match decrypt_decoded(obs, &key, &iv, attempt) {
            Ok(data) => {
                check_payload(obs, &mut verdict, &data, kind, app_ids, options)?;
                return Ok((data, i));
            }
            Err(e) if e.code() == ErrorCode::DecryptFailed => continue,
            Err(e) => return Err(e),
        }
    }
    Err(Error::decrypt_failed())
}
