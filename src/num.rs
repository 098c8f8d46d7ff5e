//! Numbers as JavaScript reads and prints them, without linking Rust's general float parser and
//! printer into the `.wasm` (their code and tables were a tenth of the login module).
//!
//! [`parse_number`] reads a JSON number literal the way `JSON.parse` does (the nearest `f64`,
//! overflow to infinity). Literals whose significand has at most 15 digits and whose decimal
//! exponent is within ±22 are computed exactly here: the significand is an integer below 2^53
//! and 10^|e| is exact in an `f64`, so one IEEE multiplication or division gives the correctly
//! rounded result (Clinger's fast path). Everything else (rare in WeChat's payloads: timestamps,
//! counts and codes are small integers) goes to the runtime's own parser: `Number()` in
//! WebAssembly, `str::parse` natively.
//!
//! [`format_number`] prints an `f64` for error messages: integers below 2^53 in full, other
//! values through the runtime's printer (`String()` in WebAssembly, `Display` natively).

/// Powers of ten exactly representable in an `f64`.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The value of a JSON number literal (`-? int frac? exp?`, already validated by the scanner).
pub fn parse_number(raw: &str) -> Option<f64> {
    fast_path(raw).or_else(|| slow_parse(raw))
}

/// Clinger's fast path: `None` when the literal is not within its exact range.
fn fast_path(raw: &str) -> Option<f64> {
    let bytes = raw.as_bytes();
    let (negative, rest) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, bytes),
    };
    let mut significand: u64 = 0;
    let mut digits = 0u32;
    let mut exponent: i64 = 0;
    let mut i = 0;
    let mut seen_point = false;
    while let Some(&c) = rest.get(i) {
        match c {
            b'0'..=b'9' => {
                if significand != 0 || c != b'0' {
                    digits += 1;
                }
                if digits > 15 {
                    return None;
                }
                significand = significand * 10 + u64::from(c - b'0');
                if seen_point {
                    exponent -= 1;
                }
            }
            b'.' if !seen_point => seen_point = true,
            b'e' | b'E' => break,
            _ => return None,
        }
        i += 1;
    }
    if let Some(exp) = rest.get(i + 1..) {
        let exp = core::str::from_utf8(exp).ok()?;
        let exp = exp.strip_prefix('+').unwrap_or(exp);
        // At most a few digits are meaningful here; longer exponents take the slow path.
        if exp.len() > 5 {
            return None;
        }
        exponent += exp.parse::<i64>().ok()?;
    }
    // The significand is below 10^15 < 2^53: exact as an f64.
    #[allow(clippy::cast_precision_loss)]
    let value = significand as f64;
    let value = if significand == 0 {
        0.0
    } else if exponent >= 0 {
        value * *POW10.get(usize::try_from(exponent).ok()?)?
    } else {
        value / *POW10.get(usize::try_from(-exponent).ok()?)?
    };
    Some(if negative { -value } else { value })
}

#[cfg(target_arch = "wasm32")]
fn slow_parse(raw: &str) -> Option<f64> {
    Some(crate::wasm::js_number(raw))
}

#[cfg(not(target_arch = "wasm32"))]
fn slow_parse(raw: &str) -> Option<f64> {
    raw.parse::<f64>().ok()
}

/// `n` as JavaScript's `String(n)` prints it, for messages.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
        // Integral and below 2^53: exact in an i64 (`-0` prints as `0`, as in JavaScript).
        #[allow(clippy::cast_possible_truncation)]
        return (n as i64).to_string();
    }
    slow_format(n)
}

#[cfg(target_arch = "wasm32")]
fn slow_format(n: f64) -> String {
    crate::wasm::js_string(n)
}

#[cfg(not(target_arch = "wasm32"))]
fn slow_format(n: f64) -> String {
    n.to_string()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::float_cmp)]
    use super::*;

    #[test]
    fn fast_path_agrees_with_rust_parser() {
        let samples = [
            "0",
            "-0",
            "1",
            "-1",
            "1700000000",
            "0.5",
            "3.14159",
            "-2.5e3",
            "1e22",
            "1e-22",
            "1E5",
            "1e+5",
            "123456789012345",
            "0.000001",
            "100.25e-2",
            "9007199254740991",
            "1e23",
            "12345678901234567890",
            "1e400",
            "-1e400",
            "1e-400",
            "0.1",
            "0.30000000000000004",
            "5e-324",
            "1.7976931348623157e308",
            "00",
            "1.0",
            "0e5",
            "2.2250738585072014e-308",
        ];
        for s in samples {
            let want: f64 = s.parse().unwrap();
            let got = parse_number(s).unwrap();
            assert!(
                got == want && got.is_sign_negative() == want.is_sign_negative(),
                "{s}: {got} != {want}"
            );
        }
    }

    #[test]
    fn fast_path_is_exact_on_random_literals() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let digits = (x % 16) as usize + 1;
            let sig = x % 10u64.pow(digits.min(15) as u32);
            let point = (x >> 20) % 18;
            let exp = ((x >> 30) % 61) as i64 - 30;
            let mut s = sig.to_string();
            if point > 0 && (point as usize) < s.len() {
                s.insert(s.len() - point as usize, '.');
            }
            if x & (1 << 40) != 0 {
                s = format!("{s}e{exp}");
            }
            if x & (1 << 41) != 0 {
                s.insert(0, '-');
            }
            let want: f64 = s.parse().unwrap();
            assert_eq!(parse_number(&s).unwrap().to_bits(), want.to_bits(), "{s}");
        }
    }

    #[test]
    fn prints_integers_like_javascript() {
        assert_eq!(format_number(600.0), "600");
        assert_eq!(format_number(-0.0), "0");
        assert_eq!(format_number(1_700_000_000.0), "1700000000");
        assert_eq!(format_number(9_007_199_254_740_991.0), "9007199254740991");
        assert_eq!(format_number(0.5), "0.5");
    }
}
