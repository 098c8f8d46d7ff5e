//! The boundary of `wx-open-data/api-security` (src/api_security). The JavaScript entry
//! (`pkg/api-security-api.mjs`) reads and checks the caller's object, does the RSA-PSS signing and
//! verifying with the platform's WebCrypto, and calls these with strings and numbers; everything
//! else (JSON, AES-256-GCM, PEM/DER, the response checks) happens here.

use js_sys::{Object, Uint8Array};
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use super::{invalid, parse_json, set};
use crate::api_security::{self, OpenInput, ResponseHeaders, SealInput};
use crate::error::Error;

/// A whole number of seconds from JavaScript (checked there; checked again here).
fn seconds(field: &'static str, n: f64) -> Result<u64, Error> {
    if (0.0..=9_007_199_254_740_991.0).contains(&n) && n.fract() == 0.0 {
        // In range and integral: exact.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Ok(n as u64)
    } else {
        Err(invalid(
            field,
            format!("{field} must be a whole number of seconds"),
        ))
    }
}

/// `{ body, signingString }` of a request.
#[wasm_bindgen(js_name = rawSealApiRequest, skip_typescript)]
#[allow(clippy::too_many_arguments)]
pub fn seal_api_request(
    url: &str,
    app_id: &str,
    symmetric_key: String,
    symmetric_key_sn: &str,
    params_json: String,
    timestamp: f64,
    nonce: &str,
    iv: &[u8],
) -> Result<JsValue, Error> {
    let symmetric_key = Zeroizing::new(symmetric_key);
    let params_json = Zeroizing::new(params_json);
    let sealed = api_security::seal(&SealInput {
        url,
        app_id,
        symmetric_key: &symmetric_key,
        symmetric_key_sn,
        params_json: &params_json,
        timestamp: seconds("timestamp", timestamp)?,
        nonce,
        iv,
    })?;
    let out: JsValue = Object::new().into();
    set(&out, "body", &JsValue::from_str(&sealed.body));
    set(
        &out,
        "signingString",
        &JsValue::from_str(&sealed.signing_string),
    );
    Ok(out)
}

/// The PKCS#8 DER of a PEM RSA private key (PKCS#1 or PKCS#8), for `crypto.subtle.importKey`.
#[wasm_bindgen(js_name = rawPrivateKeyPkcs8, skip_typescript)]
pub fn private_key_pkcs8(pem: String) -> Result<Uint8Array, Error> {
    let pem = Zeroizing::new(pem);
    let der = api_security::private_key_pkcs8("privateKey", &pem)?;
    // Copied into a JavaScript buffer; the wasm copy is wiped when `der` drops.
    Ok(Uint8Array::from(der.as_slice()))
}

/// The SubjectPublicKeyInfo DER of a PEM certificate, for `crypto.subtle.importKey('spki')`.
#[wasm_bindgen(js_name = rawCertificateSpki, skip_typescript)]
pub fn certificate_spki(pem: &str) -> Result<Uint8Array, Error> {
    let der = api_security::certificate_spki("certificates", pem)?;
    Ok(Uint8Array::from(der.as_slice()))
}

/// `{ signingString, signature, index, deprecated }` of a response, or its error. `serials`: the
/// 证书编号 of the caller's certificates, one per line.
#[wasm_bindgen(js_name = rawCheckApiResponse, skip_typescript)]
#[allow(clippy::too_many_arguments)]
pub fn check_api_response(
    url: &str,
    app_id: &str,
    h_app_id: Option<String>,
    h_timestamp: Option<String>,
    h_serial: Option<String>,
    h_signature: Option<String>,
    h_serial_deprecated: Option<String>,
    h_signature_deprecated: Option<String>,
    body: String,
    serials: &str,
) -> Result<JsValue, Error> {
    let body = Zeroizing::new(body);
    let serials: Vec<&str> = serials.split('\n').collect();
    let headers = ResponseHeaders {
        app_id: h_app_id.as_deref(),
        timestamp: h_timestamp.as_deref(),
        serial: h_serial.as_deref(),
        signature: h_signature.as_deref(),
        serial_deprecated: h_serial_deprecated.as_deref(),
        signature_deprecated: h_signature_deprecated.as_deref(),
    };
    let v = api_security::check_response(url, app_id, &headers, &body, &serials)?;
    let out: JsValue = Object::new().into();
    set(&out, "signingString", &JsValue::from_str(&v.signing_string));
    set(&out, "signature", &Uint8Array::from(v.signature.as_slice()));
    #[allow(clippy::cast_precision_loss)]
    set(&out, "index", &JsValue::from_f64(v.serial_index as f64));
    set(&out, "deprecated", &JsValue::from_bool(v.deprecated));
    Ok(out)
}

/// The decrypted, checked response as `JSON.parse` gives it (without `_n`, `_appid`, `_timestamp`).
#[wasm_bindgen(js_name = rawOpenApiResponse, skip_typescript)]
#[allow(clippy::too_many_arguments)]
pub fn open_api_response(
    url: &str,
    app_id: &str,
    symmetric_key: String,
    symmetric_key_sn: &str,
    timestamp: &str,
    body: String,
    now: f64,
    max_age_seconds: f64,
) -> Result<JsValue, Error> {
    let symmetric_key = Zeroizing::new(symmetric_key);
    let body = Zeroizing::new(body);
    let text = api_security::open_envelope(&OpenInput {
        url,
        app_id,
        symmetric_key: &symmetric_key,
        symmetric_key_sn,
        timestamp,
        body: &body,
        now: seconds("now", now.floor())?,
        max_age_seconds: seconds("maxAgeSeconds", max_age_seconds)?,
    })?;
    parse_json(&text).ok_or_else(|| {
        Error::with_field(
            crate::ErrorCode::ApiDecryptFailed,
            "body",
            api_security::API_DECRYPT_FAILED_MESSAGE,
        )
    })
}
