//! The arguments the JavaScript entries pack for the wasm (`pkg/args.mjs` reads and checks the
//! caller's objects): the decoder options as a flags word and two numbers, and lists of strings as
//! one joined string with the JavaScript length (UTF-16 units) of each piece.

use crate::error::Error;
use crate::open_data::Options;
use crate::payload::PayloadKind;
use crate::watermark::WatermarkRule;

use super::invalid;

/// `flags` bit: turn spaces back into `+` before base64 decoding.
const REPAIR_BASE64: u32 = 1;
/// `flags` bit: `requireWatermark: true` was given.
const WATERMARK_REQUIRED: u32 = 2;
/// `flags` bit: `requireWatermark: false` was given.
const WATERMARK_OPTIONAL: u32 = 4;
/// `flags` bit: `maxAgeSeconds` (and so `now`) was given.
const MAX_AGE: u32 = 8;
/// `flags` bit: `now` was given without `maxAgeSeconds` (diagnose reports the age; no check).
const HAS_NOW: u32 = 16;

/// The options the JavaScript entry packed into numbers.
pub(crate) fn options(
    kind: PayloadKind,
    open_id: Option<String>,
    flags: u32,
    max_age: f64,
    now: f64,
) -> Options {
    let watermark = if flags & WATERMARK_REQUIRED != 0 {
        WatermarkRule::Required
    } else if flags & WATERMARK_OPTIONAL != 0 {
        WatermarkRule::Optional
    } else {
        kind.default_watermark()
    };
    let age = flags & MAX_AGE != 0;
    Options {
        max_age_seconds: age.then_some(max_age),
        now: (age || flags & HAS_NOW != 0).then_some(now),
        open_id,
        repair_base64: flags & REPAIR_BASE64 != 0,
        watermark,
    }
}

/// Split `joined` into pieces of the given lengths in UTF-16 code units (JavaScript's
/// `String.prototype.length`), as the entry concatenated them. A length of `-1` is an absent
/// entry. `None` when the lengths do not add up.
pub(crate) fn split_utf16<'a>(joined: &'a str, lens: &[i32]) -> Option<Vec<Option<&'a str>>> {
    let mut out = Vec::with_capacity(lens.len());
    let mut rest = joined;
    for &len in lens {
        let Ok(units) = usize::try_from(len) else {
            out.push(None);
            continue;
        };
        // Byte offset of the `units`-th UTF-16 unit: ASCII first (one byte per unit).
        let mut seen = 0usize;
        let mut end = rest.len();
        for (at, c) in rest.char_indices() {
            if seen >= units {
                end = at;
                break;
            }
            seen += c.len_utf16();
        }
        if seen != units {
            return None;
        }
        let (piece, tail) = rest.split_at_checked(end)?;
        out.push(Some(piece));
        rest = tail;
    }
    rest.is_empty().then_some(out)
}

/// The allowed appids: `app_ids` alone, or cut into the pieces `lens` gives.
pub(crate) fn app_id_list<'a>(
    app_ids: &'a str,
    lens: Option<&[i32]>,
) -> Result<Vec<&'a str>, Error> {
    match lens {
        None => Ok(vec![app_ids]),
        Some(lens) => split_utf16(app_ids, lens)
            .map(|v| v.into_iter().flatten().collect())
            .ok_or_else(|| invalid("appId", "appId list lengths do not match")),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::split_utf16;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn splits_by_utf16_units() {
        assert_eq!(
            split_utf16("abcde", &[2, -1, 3]),
            Some(vec![Some("ab"), None, Some("cde")])
        );
        assert_eq!(
            split_utf16("a\u{e9}\u{1f600}b", &[2, 2, 1]),
            Some(vec![Some("a\u{e9}"), Some("\u{1f600}"), Some("b")])
        );
        assert_eq!(split_utf16("abc", &[2]), None);
        assert_eq!(split_utf16("abc", &[4]), None);
        assert_eq!(split_utf16("", &[0, 0]), Some(vec![Some(""), Some("")]));
    }
}
