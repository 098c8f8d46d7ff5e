//! A borrowed, zero-copy JSON scanner with exactly the grammar of ECMAScript's `JSON.parse`.
//!
//! The library returns decrypted payloads by handing the plaintext to `JSON.parse` (so the result is
//! exactly what a user's own `JSON.parse` would give, `__proto__` keys included). Before that, Rust
//! must know the text *is* JSON and must read a few fields (`watermark`, `openId`, typed-payload
//! fields). serde_json differs from `JSON.parse` at the edges (recursion limit 128, numbers out of
//! f64 range, lone surrogate escapes), so this scanner implements the ECMA-404 grammar directly:
//! iterative (no recursion limit, no stack overflow on deep nesting), no allocation for
//! unescaped keys, and duplicate keys resolved like `JSON.parse` (the last one wins).

use std::borrow::Cow;

/// The type of a JSON value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `{...}`
    Object,
    /// `[...]`
    Array,
    /// `"..."`
    String,
    /// A number.
    Number,
    /// `true` or `false`.
    Bool,
    /// `null`.
    Null,
}

impl Kind {
    /// The name used in error messages (`"an object"`, `"a string"`...).
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Object => "an object",
            Kind::Array => "an array",
            Kind::String => "a string",
            Kind::Number => "a number",
            Kind::Bool => "a boolean",
            Kind::Null => "null",
        }
    }
}

/// A JSON value inside a validated document: its kind and its exact source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Value<'a> {
    /// The kind of value.
    pub kind: Kind,
    /// The source text of the value (for strings, including the quotes).
    pub raw: &'a str,
}

impl<'a> Value<'a> {
    /// The members of an object value (`None` if it is not an object).
    pub fn members(&self) -> Option<Members<'a>> {
        if self.kind == Kind::Object {
            object_members(self.raw)
        } else {
            None
        }
    }

    /// The elements of an array value (`None` if it is not an array).
    pub fn elements(&self) -> Option<Vec<Value<'a>>> {
        if self.kind == Kind::Array {
            array_elements(self.raw)
        } else {
            None
        }
    }

    /// The decoded string, for a string value without lone surrogates (`None` otherwise).
    pub fn as_str(&self) -> Option<Cow<'a, str>> {
        if self.kind != Kind::String {
            return None;
        }
        let inner = self.raw.get(1..self.raw.len().checked_sub(1)?)?;
        unescape(inner)
    }

    /// The number as `JSON.parse` reads it (`f64`, overflow to infinity), for a number value.
    pub fn as_f64(&self) -> Option<f64> {
        if self.kind != Kind::Number {
            return None;
        }
        crate::num::parse_number(self.raw)
    }

    /// The boolean, for `true` / `false`.
    pub fn as_bool(&self) -> Option<bool> {
        match (self.kind, self.raw) {
            (Kind::Bool, "true") => Some(true),
            (Kind::Bool, "false") => Some(false),
            _ => None,
        }
    }
}

/// One `"key": value` member of an object.
#[derive(Clone, Copy, Debug)]
pub struct Member<'a> {
    key_raw: &'a str,
    key_escaped: bool,
    /// The member's value.
    pub value: Value<'a>,
}

impl<'a> Member<'a> {
    /// The key's source text between its quotes (escapes kept as written).
    pub fn key_source(&self) -> &'a str {
        self.key_raw
    }

    /// Whether the (unescaped) key equals `name`.
    pub fn key_is(&self, name: &str) -> bool {
        if self.key_escaped {
            unescape(self.key_raw).is_some_and(|k| k == name)
        } else {
            self.key_raw == name
        }
    }

    /// The unescaped key (`None` if it holds a lone surrogate, which no Rust string can).
    pub fn key(&self) -> Option<Cow<'a, str>> {
        if self.key_escaped {
            unescape(self.key_raw)
        } else {
            Some(Cow::Borrowed(self.key_raw))
        }
    }
}

/// The members of an object, in source order.
#[derive(Clone, Debug, Default)]
pub struct Members<'a>(pub Vec<Member<'a>>);

impl<'a> Members<'a> {
    /// The members at `spans` (from [`check_object`] over the same `text`).
    pub fn from_spans(text: &'a str, spans: &[MemberSpan]) -> Self {
        Members(
            spans
                .iter()
                .filter_map(|sp| {
                    Some(Member {
                        key_raw: text.get(sp.key.clone())?,
                        key_escaped: sp.key_escaped,
                        value: Value {
                            kind: sp.kind,
                            raw: text.get(sp.value.clone())?,
                        },
                    })
                })
                .collect(),
        )
    }

    /// The value of `key` as `JSON.parse` would keep it: the last occurrence wins.
    pub fn get(&self, key: &str) -> Option<Value<'a>> {
        self.0.iter().rev().find(|m| m.key_is(key)).map(|m| m.value)
    }

    /// Number of members (duplicates counted).
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when the object has no members.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Validate a whole JSON document; return its top-level value.
pub fn parse(text: &str) -> Option<Value<'_>> {
    let mut s = Scanner::new(text);
    s.skip_ws();
    let start = s.pos;
    let kind = s.skip_value()?;
    let end = s.pos;
    s.skip_ws();
    if s.pos != s.b.len() {
        return None;
    }
    Some(Value {
        kind,
        raw: text.get(start..end)?,
    })
}

/// Where one top-level member of an object document sits: byte ranges into the document, so
/// the result of one scan can be kept beside an owned buffer (`open_data::OpenData`) and turned
/// back into [`Members`] without scanning again.
#[derive(Clone, Debug)]
pub struct MemberSpan {
    key: core::ops::Range<usize>,
    key_escaped: bool,
    kind: Kind,
    value: core::ops::Range<usize>,
}

/// Validate a whole JSON document that must be an object; return its top-level members.
pub fn object_members(text: &str) -> Option<Members<'_>> {
    check_object(text)
        .ok()
        .map(|spans| Members::from_spans(text, &spans))
}

/// Validate a whole JSON document that must be an object; return where its top-level members
/// are. `Err(pos)`: the byte offset where scanning stopped, so a caller can do equivalent work over
/// the rest (the no-oracle decryption path, `open_data::decrypt_decoded`).
pub fn check_object(text: &str) -> Result<Vec<MemberSpan>, usize> {
    let mut s = Scanner::new(text);
    let mut spans = Vec::new();
    match scan_object(&mut s, |span| spans.push(span)) {
        Some(()) => Ok(spans),
        None => Err(s.pos.min(text.len())),
    }
}

fn scan_object(s: &mut Scanner<'_>, mut push: impl FnMut(MemberSpan)) -> Option<()> {
    s.skip_ws();
    s.expect(b'{')?;
    s.skip_ws();
    if s.peek() == Some(b'}') {
        s.pos += 1;
    } else {
        loop {
            s.skip_ws();
            let key_start = s.pos + 1;
            let key_escaped = s.skip_string()?;
            let key = key_start..s.pos - 1;
            s.skip_ws();
            s.expect(b':')?;
            s.skip_ws();
            let vstart = s.pos;
            let kind = s.skip_value()?;
            push(MemberSpan {
                key,
                key_escaped,
                kind,
                value: vstart..s.pos,
            });
            s.skip_ws();
            match s.next()? {
                b',' => continue,
                b'}' => break,
                _ => return None,
            }
        }
    }
    s.skip_ws();
    if s.pos != s.b.len() {
        return None;
    }
    Some(())
}

/// Validate a whole JSON document that must be an array; return its elements.
pub fn array_elements(text: &str) -> Option<Vec<Value<'_>>> {
    let mut s = Scanner::new(text);
    s.skip_ws();
    s.expect(b'[')?;
    let mut out = Vec::new();
    s.skip_ws();
    if s.peek() == Some(b']') {
        s.pos += 1;
    } else {
        loop {
            s.skip_ws();
            let vstart = s.pos;
            let kind = s.skip_value()?;
            out.push(Value {
                kind,
                raw: text.get(vstart..s.pos)?,
            });
            s.skip_ws();
            match s.next()? {
                b',' => continue,
                b']' => break,
                _ => return None,
            }
        }
    }
    s.skip_ws();
    if s.pos != s.b.len() {
        return None;
    }
    Some(out)
}

struct Scanner<'a> {
    b: &'a [u8],
    pos: usize,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Scanner {
            b: text.as_bytes(),
            pos: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.pos += 1;
        Some(c)
    }

    fn expect(&mut self, c: u8) -> Option<()> {
        (self.next()? == c).then_some(())
    }

    /// JSON whitespace is exactly tab, line feed, carriage return and space.
    fn skip_ws(&mut self) {
        while let Some(b'\t' | b'\n' | b'\r' | b' ') = self.peek() {
            self.pos += 1;
        }
    }

    /// Skip a string starting at its opening quote; return whether it contains escapes.
    fn skip_string(&mut self) -> Option<bool> {
        self.expect(b'"')?;
        let mut escaped = false;
        loop {
            // Fast path over plain bytes.
            let rest = self.b.get(self.pos..)?;
            let Some(run) = rest
                .iter()
                .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
            else {
                // Unterminated: everything was read (check_object reports how far scanning got).
                self.pos = self.b.len();
                return None;
            };
            self.pos += run;
            match self.next()? {
                b'"' => return Some(escaped),
                b'\\' => {
                    escaped = true;
                    match self.next()? {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => {}
                        b'u' => {
                            for _ in 0..4 {
                                if !self.next()?.is_ascii_hexdigit() {
                                    return None;
                                }
                            }
                        }
                        _ => return None,
                    }
                }
                _ => return None, // raw control character
            }
        }
    }

    fn skip_digits(&mut self) -> usize {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        self.pos - start
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    fn skip_number(&mut self) -> Option<()> {
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek()? {
            b'0' => self.pos += 1,
            b'1'..=b'9' => {
                self.skip_digits();
            }
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.skip_digits() == 0 {
                return None;
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            if self.skip_digits() == 0 {
                return None;
            }
        }
        Some(())
    }

    fn skip_literal(&mut self, lit: &[u8]) -> Option<()> {
        let end = self.pos.checked_add(lit.len())?;
        if self.b.get(self.pos..end)? == lit {
            self.pos = end;
            Some(())
        } else {
            None
        }
    }

    /// Skip one value (iteratively: nesting depth is bounded only by the input size).
    fn skip_value(&mut self) -> Option<Kind> {
        let first_kind = self.skip_scalar_or_open()?;
        let mut stack: Vec<bool> = Vec::new(); // true = object, false = array
        match first_kind {
            Open::Scalar(k) => return Some(k),
            Open::Closed(k) => return Some(k),
            Open::Object => stack.push(true),
            Open::Array => stack.push(false),
        }
        let kind = if first_kind == Open::Object {
            Kind::Object
        } else {
            Kind::Array
        };
        // We are just after a non-empty container's opening bracket (and, for an object, after
        // its first `"key":`), expecting a value.
        loop {
            self.skip_ws();
            match self.skip_scalar_or_open()? {
                Open::Object => {
                    stack.push(true);
                    continue;
                }
                Open::Array => {
                    stack.push(false);
                    continue;
                }
                Open::Scalar(_) | Open::Closed(_) => {}
            }
            // After a value: close containers or move to the next element.
            loop {
                self.skip_ws();
                let is_object = *stack.last()?;
                match (self.next()?, is_object) {
                    (b',', true) => {
                        self.skip_ws();
                        self.skip_string()?;
                        self.skip_ws();
                        self.expect(b':')?;
                        break;
                    }
                    (b',', false) => break,
                    (b'}', true) | (b']', false) => {
                        stack.pop();
                        if stack.is_empty() {
                            return Some(kind);
                        }
                    }
                    _ => return None,
                }
            }
        }
    }

    /// Skip a scalar or an empty container, or step into a non-empty container (past `{"key":`
    /// for objects, past `[` for arrays).
    fn skip_scalar_or_open(&mut self) -> Option<Open> {
        match self.peek()? {
            b'{' => {
                self.pos += 1;
                self.skip_ws();
                if self.peek() == Some(b'}') {
                    self.pos += 1;
                    return Some(Open::Closed(Kind::Object));
                }
                self.skip_string()?;
                self.skip_ws();
                self.expect(b':')?;
                Some(Open::Object)
            }
            b'[' => {
                self.pos += 1;
                self.skip_ws();
                if self.peek() == Some(b']') {
                    self.pos += 1;
                    return Some(Open::Closed(Kind::Array));
                }
                Some(Open::Array)
            }
            b'"' => {
                self.skip_string()?;
                Some(Open::Scalar(Kind::String))
            }
            b't' => {
                self.skip_literal(b"true")?;
                Some(Open::Scalar(Kind::Bool))
            }
            b'f' => {
                self.skip_literal(b"false")?;
                Some(Open::Scalar(Kind::Bool))
            }
            b'n' => {
                self.skip_literal(b"null")?;
                Some(Open::Scalar(Kind::Null))
            }
            b'-' | b'0'..=b'9' => {
                self.skip_number()?;
                Some(Open::Scalar(Kind::Number))
            }
            _ => None,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Scalar(Kind),
    Closed(Kind),
    Object,
    Array,
}

/// Decode the inside of a validated JSON string. `None` if it encodes a lone surrogate (valid in a
/// JavaScript string, impossible in a Rust `str`): such a value never equals any Rust string.
pub fn unescape(inner: &str) -> Option<Cow<'_, str>> {
    if !inner.as_bytes().contains(&b'\\') {
        return Some(Cow::Borrowed(inner));
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = chars.next()?;
        let decoded = match e {
            '"' => '"',
            '\\' => '\\',
            '/' => '/',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            'u' => {
                let hi = hex4(&mut chars)?;
                if (0xD800..0xDC00).contains(&hi) {
                    if chars.next()? != '\\' || chars.next()? != 'u' {
                        return None;
                    }
                    let lo = hex4(&mut chars)?;
                    if !(0xDC00..0xE000).contains(&lo) {
                        return None;
                    }
                    char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))?
                } else {
                    char::from_u32(hi)?
                }
            }
            _ => return None,
        };
        out.push(decoded);
    }
    Some(Cow::Owned(out))
}

fn hex4(chars: &mut std::str::Chars<'_>) -> Option<u32> {
    let mut v = 0u32;
    for _ in 0..4 {
        v = (v << 4) | chars.next()?.to_digit(16)?;
    }
    Some(v)
}

/// Append `s` as a JSON string literal (quotes included), escaped exactly as `JSON.stringify`
/// escapes it: `"` and `\` with a backslash, the control characters U+0000 to U+001F as `\b`, `\f`,
/// `\n`, `\r`, `\t` or `\u00xx` (lowercase hex), everything else as is. (`JSON.stringify` also
/// escapes lone surrogates, which a `&str` cannot hold.)
pub fn write_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(s.len() + 2);
    out.push('"');
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0c => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        // `i` is an ASCII byte, so both ends are char boundaries.
        out.push_str(s.get(plain..i).unwrap_or(""));
        plain = i + 1;
        if escape.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(
                HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0'),
            ));
            out.push(char::from(
                HEX.get(usize::from(b & 0x0f)).copied().unwrap_or(b'0'),
            ));
        } else {
            out.push_str(escape);
        }
    }
    out.push_str(s.get(plain..).unwrap_or(""));
    out.push('"');
}

/// `s` as a JSON string literal: [`write_string`] into a new `String`.
pub fn string_literal(s: &str) -> String {
    let mut out = String::new();
    write_string(&mut out, s);
    out
}

/// A small JSON text writer: objects, arrays, strings, numbers, booleans and `null`, with the
/// commas placed for the caller. Strings are escaped by [`write_string`]; numbers are written so
/// that `JSON.parse` gives back the same `f64` (non-finite numbers become `null`, as with
/// `JSON.stringify`).
#[derive(Debug, Default)]
pub struct Writer {
    out: String,
    comma: bool,
}

impl Writer {
    /// An empty writer.
    pub fn new() -> Self {
        Writer::default()
    }

    fn sep(&mut self) {
        if self.comma {
            self.out.push(',');
        }
    }

    /// Open an object (`{`).
    pub fn begin_object(&mut self) -> &mut Self {
        self.sep();
        self.out.push('{');
        self.comma = false;
        self
    }

    /// Close the current object (`}`).
    pub fn end_object(&mut self) -> &mut Self {
        self.out.push('}');
        self.comma = true;
        self
    }

    /// Open an array (`[`).
    pub fn begin_array(&mut self) -> &mut Self {
        self.sep();
        self.out.push('[');
        self.comma = false;
        self
    }

    /// Close the current array (`]`).
    pub fn end_array(&mut self) -> &mut Self {
        self.out.push(']');
        self.comma = true;
        self
    }

    /// The key of the next member of the current object.
    pub fn key(&mut self, key: &str) -> &mut Self {
        self.sep();
        write_string(&mut self.out, key);
        self.out.push(':');
        self.comma = false;
        self
    }

    /// A string value.
    pub fn string(&mut self, s: &str) -> &mut Self {
        self.sep();
        write_string(&mut self.out, s);
        self.comma = true;
        self
    }

    /// A number value (`null` when not finite). Rust's shortest round-trip formatting, never with
    /// an exponent, so `JSON.parse` reads back the same `f64`.
    pub fn number(&mut self, n: f64) -> &mut Self {
        self.sep();
        if n.is_finite() {
            self.out.push_str(&crate::num::format_number(n));
        } else {
            self.out.push_str("null");
        }
        self.comma = true;
        self
    }

    /// An integer value.
    pub fn integer(&mut self, n: u64) -> &mut Self {
        self.sep();
        self.out.push_str(&n.to_string());
        self.comma = true;
        self
    }

    /// A boolean value.
    pub fn boolean(&mut self, b: bool) -> &mut Self {
        self.sep();
        self.out.push_str(if b { "true" } else { "false" });
        self.comma = true;
        self
    }

    /// `null`.
    pub fn null(&mut self) -> &mut Self {
        self.sep();
        self.out.push_str("null");
        self.comma = true;
        self
    }

    /// A string value, or `null` for `None`.
    pub fn opt_string(&mut self, s: Option<&str>) -> &mut Self {
        match s {
            Some(s) => self.string(s),
            None => self.null(),
        }
    }

    /// A number value, or `null` for `None`.
    pub fn opt_number(&mut self, n: Option<f64>) -> &mut Self {
        match n {
            Some(n) => self.number(n),
            None => self.null(),
        }
    }

    /// An integer value, or `null` for `None`.
    pub fn opt_integer(&mut self, n: Option<u64>) -> &mut Self {
        match n {
            Some(n) => self.integer(n),
            None => self.null(),
        }
    }

    /// The JSON text written.
    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid(s: &str) -> bool {
        parse(s).is_some()
    }

    #[test]
    fn grammar_matches_json_parse() {
        for ok in [
            "{}",
            "[]",
            " {} ",
            "0",
            "-0",
            "1.5e10",
            "1E+2",
            "-12.25e-3",
            "\"\"",
            "true",
            "false",
            "null",
            "[1,[2,[3]]]",
            "{\"a\":{\"b\":[]}}",
            "\"\\ud800\"",
            "\"\\u00e9\\n\"",
            "1e400",
            "\t\n\r {\"a\" : 1 }\n",
        ] {
            assert!(valid(ok), "{ok}");
        }
        for bad in [
            "",
            " ",
            "{",
            "}",
            "[1,]",
            "{\"a\":1,}",
            "01",
            "1.",
            ".5",
            "-",
            "+1",
            "1e",
            "\"\\x\"",
            "\"\u{1}\"",
            "'a'",
            "{a:1}",
            "[1 2]",
            "nul",
            "truex",
            "\u{feff}{}",
            "{}{}",
            "\"\\u12\"",
            "NaN",
            "Infinity",
            "{\"a\" 1}",
            "\u{a0}{}",
        ] {
            assert!(!valid(bad), "{bad:?}");
        }
    }

    #[test]
    fn deep_nesting_is_fine() {
        let depth = 100_000;
        let s = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert!(valid(&s));
        let s = format!("{}{}", "[".repeat(depth), "]".repeat(depth - 1));
        assert!(!valid(&s));
        let obj = format!("{}1{}", "{\"a\":".repeat(1000), "}".repeat(1000));
        assert!(valid(&obj));
    }

    #[test]
    fn members_last_wins_and_escaped_keys() {
        let m = object_members(r#"{"a":1,"w\u0061":"x","a":[2],"s":"\u4f60\ud83d\ude00"}"#);
        let m = m.unwrap_or_default();
        assert_eq!(m.len(), 4);
        assert_eq!(m.get("a").map(|v| v.kind), Some(Kind::Array));
        assert_eq!(m.get("wa").and_then(|v| v.as_str()).as_deref(), Some("x"));
        assert_eq!(m.get("s").and_then(|v| v.as_str()).as_deref(), Some("你😀"));
        assert!(m.get("missing").is_none());
        assert!(object_members("[1]").is_none());
        assert!(object_members("{\"a\":1} x").is_none());
    }

    #[test]
    fn lone_surrogates_never_equal() {
        assert_eq!(unescape("\\ud800"), None);
        assert_eq!(unescape("\\udc00"), None);
        assert_eq!(unescape("\\ud800\\u0041"), None);
        assert_eq!(unescape("ok\\/").as_deref(), Some("ok/"));
    }

    #[test]
    fn strings_are_escaped_like_json_stringify() {
        let all: String = (0u8..0x80).map(char::from).collect();
        let s = format!("{all}é你😀\u{2028}\u{7f}");
        assert_eq!(
            string_literal(&s),
            serde_json::to_string(&s).unwrap_or_default()
        );
        assert_eq!(
            string_literal("a\"b\\c\u{1}\u{1f}\u{8}\u{c}"),
            r#""a\"b\\c\u0001\u001f\b\f""#
        );
        let mut w = Writer::new();
        w.begin_object()
            .key("a")
            .begin_array()
            .integer(1)
            .number(0.5)
            .null()
            .end_array();
        w.key("b")
            .opt_string(Some("x"))
            .key("c")
            .number(f64::NAN)
            .key("d")
            .boolean(true);
        w.key("e").begin_object().end_object().end_object();
        let out = w.finish();
        assert_eq!(
            out,
            r#"{"a":[1,0.5,null],"b":"x","c":null,"d":true,"e":{}}"#
        );
        for n in [1e300, 1e-7, -0.0, 0.1 + 0.2, 1_477_314_187.25, 5e-324] {
            let mut w = Writer::new();
            w.number(n);
            let back: f64 = serde_json::from_str(&w.finish()).unwrap_or(f64::NAN);
            // -0 is written as `0`, as `JSON.stringify` writes it.
            let want = if n == 0.0 { 0.0_f64 } else { n };
            assert_eq!(back.to_bits(), want.to_bits(), "{n}");
        }
    }

    #[test]
    fn agrees_with_serde_json_on_simple_documents() {
        for s in [
            r#"{"openId":"x","watermark":{"timestamp":1477314187,"appid":"wx4f4bc4dec97d474b"}}"#,
            r#"{"a":[1,2,{"b":null}],"c":true,"d":-0.5e-7}"#,
            r#"{"a":"\u0000"}"#,
        ] {
            assert_eq!(
                valid(s),
                serde_json::from_str::<serde_json::Value>(s).is_ok(),
                "{s}"
            );
        }
    }
}
