//! The login flow's hot functions: open data (every payload kind, one or several session_keys),
//! rawData signatures and login-state signatures.
//!
//! The JavaScript entry (`pkg/api.mjs`) reads the caller's objects, checks types, sizes and
//! required fields, and passes strings and numbers straight in: nothing here calls back into
//! JavaScript to read a field. Short strings arrive as owned copies in wasm memory and are wiped
//! ([`Zeroizing`]) when dropped. The encryptedData text, the one long input, is written by the entry
//! with `TextEncoder.encodeInto` straight into a buffer this module keeps between calls
//! ([`data_buffer`]): it is base64-decoded, decrypted and validated there, and wiped after the call.

use core::cell::RefCell;

use js_sys::Array;
use wasm_bindgen::prelude::*;
use zeroize::{Zeroize, Zeroizing};

use super::args::{app_id_list, options, split_utf16};
use super::{invalid, open_data_object};
use crate::error::Error;
use crate::open_data as core_open_data;
use crate::payload::{self, PayloadKind};
use crate::signature;

fn kind(index: u32) -> Result<PayloadKind, Error> {
    usize::try_from(index)
        .ok()
        .and_then(|i| PayloadKind::ALL.get(i).copied())
        .ok_or_else(|| invalid("kind", "unknown payload kind"))
}

thread_local! {
    /// The encryptedData buffer, kept between calls (empty and wiped between them).
    static DATA: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

fn busy() -> Error {
    invalid(
        "encryptedData",
        "the library was called again while a call was running",
    )
}

/// Make the encryptedData buffer `len` zero bytes long and return its address in wasm memory: the
/// entry then writes the UTF-8 text there (at most `len` bytes) and calls [`open_data`].
#[wasm_bindgen(js_name = rawDataBuffer, skip_typescript)]
pub fn data_buffer(len: u32) -> Result<u32, Error> {
    DATA.with(|d| {
        let mut d = d.try_borrow_mut().map_err(|_| busy())?;
        d.as_mut_slice().zeroize();
        d.clear();
        d.resize(usize::try_from(len).unwrap_or(usize::MAX), 0);
        // wasm32 addresses are 32-bit.
        #[allow(clippy::cast_possible_truncation)]
        Ok(d.as_ptr() as usize as u32)
    })
}

/// Fill the encryptedData buffer from Rust (what the entry does with `encodeInto`); returns the
/// length to pass to [`open_data`]. For the boundary's own tests.
#[doc(hidden)]
pub fn write_data(text: &str) -> Result<u32, Error> {
    data_buffer(u32::try_from(text.len()).unwrap_or(u32::MAX))?;
    DATA.with(|d| {
        let mut d = d.try_borrow_mut().map_err(|_| busy())?;
        if let Some(dst) = d.get_mut(..text.len()) {
            dst.copy_from_slice(text.as_bytes());
        }
        u32::try_from(text.len()).map_err(|_| busy())
    })
}

/// The module's memory, where the entry writes the encryptedData text.
#[wasm_bindgen(js_name = rawMemory, skip_typescript)]
pub fn memory() -> JsValue {
    wasm_bindgen::memory()
}

/// Decrypt and validate open data of `kind` (the index of a [`PayloadKind::ALL`] entry) whose
/// encryptedData text is the first `data_len` bytes of the [`data_buffer`]. Returns `JSON.parse` of
/// the plaintext (always an object), or, on failure, the core error as the string described in
/// `From<Error> for JsValue`: returned rather than thrown, so a failing call pays for one JavaScript
/// throw (the entry's), not two.
#[wasm_bindgen(js_name = rawOpenData, skip_typescript)]
#[allow(clippy::too_many_arguments)]
pub fn open_data(
    kind_index: u32,
    app_ids: String,
    app_id_lens: Option<Vec<i32>>,
    session_key: String,
    iv: String,
    data_len: u32,
    open_id: Option<String>,
    flags: u32,
    max_age: f64,
    now: f64,
) -> JsValue {
    open_data_result(
        kind_index,
        app_ids,
        app_id_lens,
        session_key,
        iv,
        data_len,
        open_id,
        flags,
        max_age,
        now,
    )
    .unwrap_or_else(JsValue::from)
}

/// Decrypt and validate open data of `kind` (the index of a [`PayloadKind::ALL`] entry) whose
/// encryptedData text is the first `data_len` bytes of the [`data_buffer`]; returns `JSON.parse` of
/// the plaintext.
#[allow(clippy::too_many_arguments)]
fn open_data_result(
    kind_index: u32,
    app_ids: String,
    app_id_lens: Option<Vec<i32>>,
    session_key: String,
    iv: String,
    data_len: u32,
    open_id: Option<String>,
    flags: u32,
    max_age: f64,
    now: f64,
) -> Result<JsValue, Error> {
    let session_key = Zeroizing::new(session_key);
    let iv = Zeroizing::new(iv);
    let mut text = Zeroizing::new(DATA.with(|d| {
        d.try_borrow_mut()
            .map(|mut d| core::mem::take(&mut *d))
            .map_err(|_| busy())
    })?);
    let len = usize::try_from(data_len).unwrap_or(usize::MAX);
    if len > text.len() {
        return Err(invalid("encryptedData", "encryptedData was not written"));
    }
    // The bytes past `len` are the zeros `data_buffer` wrote.
    text.truncate(len);
    let kind = kind(kind_index)?;
    let ids = app_id_list(&app_ids, app_id_lens.as_deref())?;
    let opts = options(kind, open_id, flags, max_age, now);
    let data = core_open_data::decrypt_owned(kind, &ids, &session_key, &iv, text, &opts)?;
    let result = open_data_object(&data);
    let buffer = data.into_buffer();
    DATA.with(|d| {
        if let Ok(mut d) = d.try_borrow_mut() {
            *d = buffer;
        }
    });
    result
}

/// Like [`open_data`] with several candidate session_keys (`session_keys` cut by `key_lens`, `-1`
/// for an absent key); returns `[payload, keyIndex]`.
#[wasm_bindgen(js_name = rawOpenDataWithKeys, skip_typescript)]
#[allow(clippy::too_many_arguments)]
pub fn open_data_with_keys(
    kind_index: u32,
    app_ids: String,
    app_id_lens: Option<Vec<i32>>,
    session_keys: String,
    key_lens: Vec<i32>,
    iv: String,
    encrypted_data: String,
    open_id: Option<String>,
    flags: u32,
    max_age: f64,
    now: f64,
) -> Result<JsValue, Error> {
    let session_keys = Zeroizing::new(session_keys);
    let iv = Zeroizing::new(iv);
    let encrypted_data = Zeroizing::new(encrypted_data);
    let kind = kind(kind_index)?;
    let ids = app_id_list(&app_ids, app_id_lens.as_deref())?;
    let keys = split_utf16(&session_keys, &key_lens)
        .ok_or_else(|| invalid("sessionKeys", "sessionKeys lengths do not match"))?;
    let opts = options(kind, open_id, flags, max_age, now);
    let (data, index) = payload::decrypt_with_keys(kind, &ids, &keys, &encrypted_data, &iv, &opts)?;
    let obj = open_data_object(&data)?;
    #[allow(clippy::cast_precision_loss)]
    let index = JsValue::from_f64(index as f64);
    Ok(Array::of2(&obj, &index).into())
}

/// Whether `signature` is `sha1(rawData + session_key)` in hex (constant-time comparison).
#[wasm_bindgen(js_name = rawVerifyRawDataSignature, skip_typescript)]
pub fn verify_raw_data_signature(raw_data: String, signature: String, session_key: String) -> bool {
    let raw_data = Zeroizing::new(raw_data);
    let session_key = Zeroizing::new(session_key);
    signature::verify_raw_data_signature(&raw_data, &signature, &session_key)
}

/// The login-state signature `hex(hmac_sha256(key = session_key, body))`.
#[wasm_bindgen(js_name = rawSignWithSessionKey, skip_typescript)]
pub fn sign_with_session_key(session_key: String, body: String) -> String {
    let session_key = Zeroizing::new(session_key);
    let body = Zeroizing::new(body);
    signature::sign_with_session_key(&session_key, &body)
}
