//! Sealed session tokens (`sealSession`, `openSession` of the main module). The JavaScript entry
//! (`pkg/session-api.mjs`) reads and checks the caller's objects, `JSON.stringify`s the claims,
//! draws the 12-byte IV from `crypto.getRandomValues`, and passes strings and numbers here; the key
//! list arrives as two joined strings (ids, secrets) with the UTF-16 length of each piece.

use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use super::args::split_utf16;
use super::invalid;
use crate::error::Error;
use crate::session::{self, OpenInput, SealInput, SessionKey, IV_LEN};

/// The key list from its packed form.
fn keys(
    ids: &str,
    id_lens: &[i32],
    secrets: &str,
    secret_lens: &[i32],
) -> Result<Vec<SessionKey>, Error> {
    let mismatch = || invalid("keys", "keys lengths do not match");
    let ids = split_utf16(ids, id_lens).ok_or_else(mismatch)?;
    let secrets = split_utf16(secrets, secret_lens).ok_or_else(mismatch)?;
    if ids.len() != secrets.len() {
        return Err(mismatch());
    }
    ids.into_iter()
        .zip(secrets)
        .map(|(id, secret)| SessionKey::new(id.unwrap_or(""), secret.unwrap_or("")))
        .collect()
}

/// A whole number of seconds the entry already checked (finite, non-negative).
fn seconds(n: f64) -> u64 {
    // The entry passes finite non-negative numbers; `as` saturates anything else.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let s = n.floor() as u64;
    s
}

/// `sealSession`: the compact JWE of `claims` (JSON text) under the first key.
#[wasm_bindgen(js_name = rawSealSession, skip_typescript)]
#[allow(clippy::too_many_arguments)]
pub fn seal_session(
    claims: String,
    ids: String,
    id_lens: Vec<i32>,
    secrets: String,
    secret_lens: Vec<i32>,
    ttl_seconds: f64,
    now: f64,
    iv: Vec<u8>,
) -> Result<String, Error> {
    let claims = Zeroizing::new(claims);
    let secrets = Zeroizing::new(secrets);
    let keys = keys(&ids, &id_lens, &secrets, &secret_lens)?;
    let iv: [u8; IV_LEN] = iv
        .try_into()
        .map_err(|_| invalid("iv", "the IV must be 12 bytes"))?;
    session::seal_session(&SealInput {
        claims: &claims,
        keys: &keys,
        ttl_seconds: seconds(ttl_seconds),
        now: seconds(now),
        iv,
    })
}

/// `openSession`: the claims JSON text of a token (the entry `JSON.parse`s it).
#[wasm_bindgen(js_name = rawOpenSession, skip_typescript)]
pub fn open_session(
    token: String,
    ids: String,
    id_lens: Vec<i32>,
    secrets: String,
    secret_lens: Vec<i32>,
    now: f64,
    clock_tolerance: f64,
) -> Result<String, Error> {
    let secrets = Zeroizing::new(secrets);
    let keys = keys(&ids, &id_lens, &secrets, &secret_lens)?;
    session::open_session(&OpenInput {
        token: &token,
        keys: &keys,
        now: seconds(now),
        clock_tolerance: seconds(clock_tolerance),
    })
}
