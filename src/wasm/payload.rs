//! JS glue for the typed decoders and the several-keys decoder (src/payload.rs).

use js_sys::Object;
use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use super::{
    app_ids, array_get, array_length, get, invalid, is_array, js_error, open_data_object, opt_bool,
    opt_string, read_options, req_string, require_object, set, string_value, OwnedInput,
};
use crate::error::Error;
use crate::open_data::Options;
use crate::payload::{self, PayloadKind, MAX_SESSION_KEYS};
use crate::watermark::WatermarkRule;

/// Options for `kind`: the shared options, with the watermark rule defaulting per kind and
/// overridden by an explicit `requireWatermark`.
fn kind_options(options: &JsValue, kind: PayloadKind) -> Result<Options, Error> {
    let mut opts = read_options(options)?;
    let explicit = if options.is_undefined() || options.is_null() {
        None
    } else {
        opt_bool(options, "requireWatermark")?
    };
    opts.watermark = match explicit {
        Some(true) => WatermarkRule::Required,
        Some(false) => WatermarkRule::Optional,
        None => kind.default_watermark(),
    };
    Ok(opts)
}

fn decode(kind: PayloadKind, input: &JsValue, options: &JsValue) -> Result<JsValue, JsValue> {
    let run = || -> Result<JsValue, Error> {
        let owned = OwnedInput::read(input)?;
        let opts = kind_options(options, kind)?;
        let data = owned.with(|i| payload::decrypt_payload(kind, i, &opts))?;
        open_data_object(&data)
    };
    run().map_err(|e| js_error(&e))
}

/// `decryptUserInfo(input, options?)`.
#[wasm_bindgen(js_name = decryptUserInfo, skip_typescript)]
pub fn decrypt_user_info(input: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    decode(PayloadKind::UserInfo, &input, &options)
}

/// `decryptPhoneNumber(input, options?)`.
#[wasm_bindgen(js_name = decryptPhoneNumber, skip_typescript)]
pub fn decrypt_phone_number(input: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    decode(PayloadKind::PhoneNumber, &input, &options)
}

/// `decryptShareInfo(input, options?)`.
#[wasm_bindgen(js_name = decryptShareInfo, skip_typescript)]
pub fn decrypt_share_info(input: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    decode(PayloadKind::ShareInfo, &input, &options)
}

/// `decryptGroupEnterInfo(input, options?)`.
#[wasm_bindgen(js_name = decryptGroupEnterInfo, skip_typescript)]
pub fn decrypt_group_enter_info(input: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    decode(PayloadKind::GroupEnterInfo, &input, &options)
}

/// `decryptWeRunData(input, options?)`.
#[wasm_bindgen(js_name = decryptWeRunData, skip_typescript)]
pub fn decrypt_we_run_data(input: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    decode(PayloadKind::WeRunData, &input, &options)
}

/// The payload kind named by `options.kind` (default `openData`).
pub(crate) fn read_kind(options: &JsValue) -> Result<PayloadKind, Error> {
    if options.is_undefined() || options.is_null() {
        return Ok(PayloadKind::OpenData);
    }
    match opt_string(options, "kind")? {
        None => Ok(PayloadKind::OpenData),
        Some(name) => PayloadKind::from_name(&name).ok_or_else(|| {
            invalid(
                "kind",
                "kind must be one of 'openData', 'userInfo', 'phoneNumber', 'shareInfo', 'groupEnterInfo', 'weRunData'",
            )
        }),
    }
}

/// `decryptOpenDataWithKeys({ appId, sessionKeys, encryptedData, iv }, options?)` ->
/// `{ data, keyIndex }`.
#[wasm_bindgen(js_name = decryptOpenDataWithKeys, skip_typescript)]
pub fn decrypt_open_data_with_keys(input: JsValue, options: JsValue) -> Result<JsValue, JsValue> {
    let run = || -> Result<JsValue, Error> {
        require_object(&input, "input")?;
        let ids = app_ids(&input)?;
        let keys_v = get(&input, "sessionKeys")?;
        if !is_array(&keys_v, "sessionKeys")? {
            return Err(invalid(
                "sessionKeys",
                "sessionKeys must be an array of session_keys, current first (null entries are skipped)",
            ));
        }
        let n = array_length(&keys_v, "sessionKeys")?;
        if n as usize > MAX_SESSION_KEYS {
            return Err(invalid(
                "sessionKeys",
                format!("sessionKeys must list between 1 and {MAX_SESSION_KEYS} session_keys"),
            ));
        }
        let mut keys: Vec<Option<Zeroizing<String>>> = Vec::new();
        for i in 0..n {
            let k = array_get(&keys_v, i, "sessionKeys")?;
            keys.push(if k.is_undefined() || k.is_null() {
                None
            } else {
                Some(string_value(&k, "sessionKeys")?)
            });
        }
        let encrypted_data = req_string(&input, "encryptedData")?;
        let iv = req_string(&input, "iv")?;
        let kind = read_kind(&options)?;
        let opts = kind_options(&options, kind)?;
        let ids: Vec<&str> = ids.iter().map(|s| s.as_str()).collect();
        let keys: Vec<Option<&str>> = keys
            .iter()
            .map(|k| k.as_ref().map(|s| s.as_str()))
            .collect();
        let (data, index) =
            payload::decrypt_with_keys(kind, &ids, &keys, &encrypted_data, &iv, &opts)?;
        let obj = open_data_object(&data)?;
        let out: JsValue = Object::new().into();
        set(&out, "data", &obj);
        #[allow(clippy::cast_precision_loss)]
        set(&out, "keyIndex", &JsValue::from_f64(index as f64));
        Ok(out)
    };
    run().map_err(|e| js_error(&e))
}
