//! The JSON scanner against serde_json. For documents nested less than 128 deep (serde_json's
//! recursion limit) the two must agree on accept/reject, except for the two documented
//! differences where `JSON.parse` (and so the scanner) accepts and serde_json rejects: numbers out
//! of f64 range (`1e400` is Infinity for JSON.parse) and lone surrogate escapes (`"\ud800"`).
//! For accepted objects, member kinds and decoded string values must agree too (last key wins).
#![no_main]

use libfuzzer_sys::fuzz_target;
use wx_open_data::json::{self, Kind};

fn depth(text: &str) -> usize {
    let (mut d, mut max, mut in_str, mut esc) = (0usize, 0usize, false, false);
    for &b in text.as_bytes() {
        if in_str {
            if esc {
                esc = false;
            } else if b == b'\\' {
                esc = true;
            } else if b == b'"' {
                in_str = false;
            }
            continue;
        }
        match b {
            b'"' => in_str = true,
            b'[' | b'{' => {
                d += 1;
                max = max.max(d);
            }
            b']' | b'}' => d = d.saturating_sub(1),
            _ => {}
        }
    }
    max
}

fn kind_of(v: &serde_json::Value) -> Kind {
    match v {
        serde_json::Value::Null => Kind::Null,
        serde_json::Value::Bool(_) => Kind::Bool,
        serde_json::Value::Number(_) => Kind::Number,
        serde_json::Value::String(_) => Kind::String,
        serde_json::Value::Array(_) => Kind::Array,
        serde_json::Value::Object(_) => Kind::Object,
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = core::str::from_utf8(data) else {
        return;
    };
    let ours = json::parse(text);
    // The three entry points agree with each other.
    assert_eq!(json::object_members(text).is_some(), ours.is_some_and(|v| v.kind == Kind::Object));
    assert_eq!(json::array_elements(text).is_some(), ours.is_some_and(|v| v.kind == Kind::Array));
    if depth(text) >= 127 {
        return;
    }
    let theirs = serde_json::from_str::<serde_json::Value>(text);
    match (&ours, &theirs) {
        (Some(_), Err(e)) => {
            let m = e.to_string();
            let lower = text.to_ascii_lowercase();
            // A lone surrogate needs a \uD800-\uDFFF escape; an out-of-range number needs digits.
            let documented = (m.contains("number out of range") && lower.bytes().any(|b| b.is_ascii_digit()))
                || ((m.contains("surrogate") || m.contains("hex escape") || m.contains("unicode code point"))
                    && (lower.contains("\\ud8") || lower.contains("\\ud9") || lower.contains("\\uda")
                        || lower.contains("\\udb") || lower.contains("\\udc") || lower.contains("\\udd")
                        || lower.contains("\\ude") || lower.contains("\\udf")));
            assert!(documented, "scanner accepts, serde_json rejects ({m}): {text:?}");
        }
        (None, Ok(_)) => panic!("scanner rejects what serde_json accepts: {text:?}"),
        (Some(v), Ok(sv)) => {
            assert_eq!(v.kind, kind_of(sv));
            if let (Some(members), serde_json::Value::Object(map)) = (v.members(), sv) {
                for (k, sval) in map {
                    let ov = members.get(k).expect("serde key present in scanner members");
                    assert_eq!(ov.kind, kind_of(sval), "kind of member {k:?}");
                    if let serde_json::Value::String(s) = sval {
                        assert_eq!(ov.as_str().as_deref(), Some(s.as_str()));
                    }
                    if let serde_json::Value::Bool(b) = sval {
                        assert_eq!(ov.as_bool(), Some(*b));
                    }
                }
            }
            if let (Some(els), serde_json::Value::Array(arr)) = (v.elements(), sv) {
                assert_eq!(els.len(), arr.len());
            }
        }
        (None, Err(_)) => {}
    }
});
