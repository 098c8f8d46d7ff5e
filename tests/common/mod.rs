//! Helpers shared by the integration tests that read tests/vectors/*.json.
#![allow(dead_code, clippy::unwrap_used, clippy::panic)] // test code; not every test uses every helper

use serde_json::Value;
use wx_open_data::ErrorCode;

/// Parse `tests/vectors/<file>`.
pub fn load_vectors(file: &str) -> Value {
    let path = format!("{}/tests/vectors/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

/// The `ErrorCode` whose string form is `name` (panics on an unknown code: the vector is wrong).
pub fn code_of(name: &str) -> ErrorCode {
    *ErrorCode::ALL
        .iter()
        .find(|c| c.as_str() == name)
        .unwrap_or_else(|| panic!("unknown code {name}"))
}
