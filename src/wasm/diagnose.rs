//! JS glue for `diagnose(input, options?)` (src/diagnose.rs): hands over the typed report, which
//! pkg/diagnose-text.mjs words. For logs and developers only: answers to clients must use the
//! uniform error, never this report.

use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use super::{app_ids, get, opt_string, read_options, require_object};
use crate::diagnose::{self, DiagnoseInput};
use crate::error::Error;

/// `diagnose({ appId?, sessionKey?, encryptedData?, iv? }, options?)` -> the typed report object
/// (the options of `decryptOpenData`; the verdict is the one `decryptOpenData` reaches with them).
#[wasm_bindgen(js_name = rawDiagnose, skip_typescript)]
pub fn diagnose(input: JsValue, options: JsValue) -> Result<JsValue, Error> {
    require_object(&input, "input")?;
    let app = get(&input, "appId")?;
    let ids: Vec<Zeroizing<String>> = if app.is_undefined() || app.is_null() {
        Vec::new()
    } else {
        app_ids(&input)?
    };
    let session_key = opt_string(&input, "sessionKey")?;
    let encrypted_data = opt_string(&input, "encryptedData")?;
    let iv = opt_string(&input, "iv")?;
    let opts = read_options(&options)?;
    let ids: Vec<&str> = ids.iter().map(|s| s.as_str()).collect();
    let report = diagnose::diagnose(
        &DiagnoseInput {
            app_ids: &ids,
            session_key: session_key.as_deref().map(|s| s.as_str()),
            encrypted_data: encrypted_data.as_deref().map(|s| s.as_str()),
            iv: iv.as_deref().map(|s| s.as_str()),
        },
        &opts,
    );
    js_sys::JSON::parse(&report.to_json()).map_err(|_| {
        Error::new(
            crate::ErrorCode::InvalidArgument,
            "internal: the report is not JSON",
        )
    })
}
