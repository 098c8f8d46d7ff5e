//! `diagnose(input, options?)` (src/diagnose.rs): hands over the typed report, which
//! pkg/diagnose-text.mjs words. The JavaScript entry reads and checks the arguments as it does for
//! the decoders (`pkg/args.mjs`), so the options mean exactly what they mean there. For logs and
//! developers only: answers to clients must use the uniform error, never this report.

use wasm_bindgen::prelude::*;
use zeroize::Zeroizing;

use super::args::{app_id_list, options};
use super::parse_json;
use crate::diagnose::{self, DiagnoseInput};
use crate::error::{Error, ErrorCode};
use crate::payload::PayloadKind;

/// The typed report for the given fields (`None`: absent; `app_ids` with `app_id_lens` as for the
/// decoders, an empty list when no appId was given) and the decoders' packed options.
#[wasm_bindgen(js_name = rawDiagnose, skip_typescript)]
#[allow(clippy::too_many_arguments)]
pub fn diagnose(
    app_ids: String,
    app_id_lens: Option<Vec<i32>>,
    session_key: Option<String>,
    encrypted_data: Option<String>,
    iv: Option<String>,
    open_id: Option<String>,
    flags: u32,
    max_age: f64,
    now: f64,
) -> Result<JsValue, Error> {
    let session_key = session_key.map(Zeroizing::new);
    let encrypted_data = encrypted_data.map(Zeroizing::new);
    let iv = iv.map(Zeroizing::new);
    let ids = app_id_list(&app_ids, app_id_lens.as_deref())?;
    let opts = options(PayloadKind::OpenData, open_id, flags, max_age, now);
    let report = diagnose::diagnose(
        &DiagnoseInput {
            app_ids: &ids,
            session_key: session_key.as_deref().map(|s| s.as_str()),
            encrypted_data: encrypted_data.as_deref().map(|s| s.as_str()),
            iv: iv.as_deref().map(|s| s.as_str()),
        },
        &opts,
    );
    parse_json(&report.to_json()).ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidArgument,
            "internal: the report is not JSON",
        )
    })
}
