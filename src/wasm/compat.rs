//! `WXBizDataCrypt`: a drop-in for WeChat's official Node sample
//! (`new WXBizDataCrypt(appId, sessionKey).decryptData(encryptedData, iv)`).
//!
//! Valid data gives what the sample gives (the whole payload object). Every failure throws an
//! `Error` whose message is `'Illegal Buffer'`, as the sample's, while also carrying our `name`
//! (`WxOpenDataError`), `code`, `field`, the legacy numeric `errcode` (-41001 to -41004) and our
//! developer message in `detail`. Unlike the sample it is strict (PKCS#7, UTF-8, JSON) and never
//! crashes with a TypeError on a payload without watermark.

use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use super::{invalid, js_error, js_type, open_data_object, set, string_value};
use crate::error::Error;
use crate::open_data::{self, OpenDataInput, Options};
use crate::payload::legacy_errcode;

/// The compatibility error: message `'Illegal Buffer'`, plus `code`, `field`, `errcode`, `detail`.
fn legacy_error(e: &Error) -> JsValue {
    let err = js_error(e);
    set(&err, "message", &JsValue::from_str("Illegal Buffer"));
    set(&err, "detail", &JsValue::from_str(e.message()));
    #[allow(clippy::cast_precision_loss)]
    set(
        &err,
        "errcode",
        &JsValue::from_f64(legacy_errcode(e.code()) as f64),
    );
    err
}

fn text(v: &JsValue, field: &'static str) -> Result<Zeroizing<String>, Error> {
    if v.is_undefined() || v.is_null() {
        return Err(invalid(field, format!("{field} is required")));
    }
    if !v.is_string() {
        return Err(invalid(
            field,
            format!("{field} must be a string, got {}", js_type(v)),
        ));
    }
    string_value(v, field)
}

/// `new WXBizDataCrypt(appId, sessionKey)`.
#[wasm_bindgen(js_name = WXBizDataCrypt, skip_typescript)]
pub struct WxBizDataCrypt {
    app_id: String,
    session_key: Zeroizing<String>,
}

#[wasm_bindgen(js_class = WXBizDataCrypt)]
impl WxBizDataCrypt {
    /// Keep the appid and session_key; nothing is checked until `decryptData` (as in the sample).
    #[wasm_bindgen(constructor)]
    pub fn new(app_id: JsValue, session_key: JsValue) -> Result<WxBizDataCrypt, JsValue> {
        let app_id = text(&app_id, "appId").map_err(|e| legacy_error(&e))?;
        let session_key = text(&session_key, "sessionKey").map_err(|e| legacy_error(&e))?;
        Ok(WxBizDataCrypt {
            app_id: app_id.to_string(),
            session_key,
        })
    }

    /// The appid given to the constructor (the sample exposes `this.appId`).
    #[wasm_bindgen(getter, js_name = appId)]
    pub fn app_id(&self) -> String {
        self.app_id.clone()
    }

    /// Decrypt and return the payload; throws `Error('Illegal Buffer')` with our `code` and the
    /// legacy `errcode` on any failure (including an appid mismatch or a missing watermark).
    #[wasm_bindgen(js_name = decryptData)]
    pub fn decrypt_data(&self, encrypted_data: JsValue, iv: JsValue) -> Result<JsValue, JsValue> {
        let run = || -> Result<JsValue, Error> {
            let data = text(&encrypted_data, "encryptedData")?;
            let iv = text(&iv, "iv")?;
            let ids = [self.app_id.as_str()];
            let out = open_data::decrypt_open_data(
                &OpenDataInput {
                    app_ids: &ids,
                    session_key: &self.session_key,
                    encrypted_data: &data,
                    iv: &iv,
                },
                &Options::default(),
            )?;
            open_data_object(&out)
        };
        run().map_err(|e| legacy_error(&e))
    }
}
