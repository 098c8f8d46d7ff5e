//! Input checks and encodings: size limits, strict base64 with transport-damage diagnosis, hex.

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use zeroize::Zeroizing;

use crate::error::{Error, ErrorCode, Result};

/// Inputs longer than this (in bytes of UTF-8, or UTF-16 code units at the JS boundary) are
/// rejected with `ERR_INPUT_TOO_LARGE` before any decoding or copying: 1 MiB. Real payloads are a
/// few hundred bytes (WeRun, the largest, about 4 KiB).
pub const MAX_INPUT_LEN: usize = 1024 * 1024;

/// Reject an input longer than [`MAX_INPUT_LEN`].
pub fn check_size(field: &'static str, len: usize) -> Result<()> {
    if len > MAX_INPUT_LEN {
        return Err(Error::with_field(
            ErrorCode::InputTooLarge,
            field,
            format!(
                "{field} is {len} characters long; the limit is {MAX_INPUT_LEN} (1 MiB). \
                 Real WeChat payloads are a few KiB at most"
            ),
        ));
    }
    Ok(())
}

/// `ERR_INPUT_TOO_LARGE` above the size limit, `ERR_INVALID_ARGUMENT` when empty.
pub(crate) fn require_non_empty(field: &'static str, value: &str) -> Result<()> {
    check_size(field, value.len())?;
    if value.is_empty() {
        return Err(Error::with_field(
            ErrorCode::InvalidArgument,
            field,
            format!("{field} must not be empty"),
        ));
    }
    Ok(())
}

/// What kind of transport damage a rejected base64 string shows. The order is the order of checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base64Damage {
    /// Contains spaces: a `+` was URL/form-decoded into a space.
    Spaces,
    /// Contains `%2B`, `%2F` or `%3D`: the value was URL-encoded twice.
    DoubleUrlEncoded,
    /// Contains `-` or `_`: the URL-safe alphabet was used.
    UrlSafeAlphabet,
    /// Contains line breaks or tabs (wrapped base64).
    LineBreaks,
    /// Length is not a multiple of 4 and the text would be valid with `=` added.
    MissingPadding,
    /// Empty string.
    Empty,
    /// Any other invalid character or malformed padding.
    Other,
}

impl Base64Damage {
    /// Short stable identifier (used by `diagnose`).
    pub fn id(self) -> &'static str {
        match self {
            Base64Damage::Spaces => "spaces",
            Base64Damage::DoubleUrlEncoded => "double-url-encoded",
            Base64Damage::UrlSafeAlphabet => "url-safe-alphabet",
            Base64Damage::LineBreaks => "line-breaks",
            Base64Damage::MissingPadding => "missing-padding",
            Base64Damage::Empty => "empty",
            Base64Damage::Other => "invalid",
        }
    }

    /// Plain-English explanation and fix.
    pub fn explanation(self) -> &'static str {
        match self {
            Base64Damage::Spaces => "contains spaces: a '+' was turned into a space by URL or form decoding on the way to the server. \
Send the value in a JSON body (wx.request with data as an object) or encode it with encodeURIComponent; \
or pass { repairBase64: true } to turn spaces back into '+'",
            Base64Damage::DoubleUrlEncoded => "contains %2B, %2F or %3D: the value was URL-encoded twice. \
Encode it once (encodeURIComponent on the client, a single decode on the server) or send it in a JSON body",
            Base64Damage::UrlSafeAlphabet => "contains '-' or '_': it was converted to the URL-safe base64 alphabet. \
WeChat emits standard base64 ('+', '/', '='); pass the value through unchanged",
            Base64Damage::LineBreaks => "contains line breaks or tabs: the value was wrapped or concatenated. Pass the value through unchanged",
            Base64Damage::MissingPadding => "is missing its '=' padding (length is not a multiple of 4): \
the value was trimmed or cut in transit. Pass the value through unchanged",
            Base64Damage::Empty => "is empty",
            Base64Damage::Other => "is not valid standard base64 (characters outside A-Z a-z 0-9 + / =, misplaced '=' or non-zero trailing bits)",
        }
    }
}

/// Find the transport damage in a string that failed strict decoding.
pub fn classify_damage(s: &str) -> Base64Damage {
    classify_damage_bytes(s.as_bytes())
}

/// [`classify_damage`] over the bytes of the text (the in-place decoder holds bytes, not a `str`).
pub fn classify_damage_bytes(bytes: &[u8]) -> Base64Damage {
    if bytes.is_empty() {
        return Base64Damage::Empty;
    }
    if bytes.contains(&b' ') {
        return Base64Damage::Spaces;
    }
    let double_encoded = bytes.windows(3).any(|w| {
        matches!(
            w,
            [b'%', b'2', b'B' | b'b' | b'F' | b'f'] | [b'%', b'3', b'D' | b'd']
        )
    });
    if double_encoded {
        return Base64Damage::DoubleUrlEncoded;
    }
    if bytes.iter().any(|&b| b == b'-' || b == b'_') {
        return Base64Damage::UrlSafeAlphabet;
    }
    if bytes
        .iter()
        .any(|&b| b == b'\n' || b == b'\r' || b == b'\t')
    {
        return Base64Damage::LineBreaks;
    }
    if bytes.len() % 4 != 0
        && bytes
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
    {
        let mut padded = Zeroizing::new(bytes.to_vec());
        while padded.len() % 4 != 0 {
            padded.push(b'=');
        }
        if STANDARD.decode(padded.as_slice()).is_ok() {
            return Base64Damage::MissingPadding;
        }
    }
    Base64Damage::Other
}

/// Strict standard base64 (RFC 4648 alphabet, `=` padding required, canonical trailing bits).
/// On failure, `ERR_INVALID_BASE64` names `field` and the likely transport damage.
pub fn decode_base64(field: &'static str, s: &str) -> Result<Zeroizing<Vec<u8>>> {
    check_size(field, s.len())?;
    match STANDARD.decode(s.as_bytes()) {
        Ok(v) if !v.is_empty() || !s.is_empty() => Ok(Zeroizing::new(v)),
        _ => Err(base64_error(field, s)),
    }
}

/// Like [`decode_base64`], after turning spaces back into `+` when `repair` is set.
pub fn decode_base64_repair(
    field: &'static str,
    s: &str,
    repair: bool,
) -> Result<Zeroizing<Vec<u8>>> {
    if repair && s.as_bytes().contains(&b' ') {
        let fixed = Zeroizing::new(s.replace(' ', "+"));
        decode_base64(field, &fixed)
    } else {
        decode_base64(field, s)
    }
}

/// The `ERR_INVALID_BASE64` error for `field`, naming the damage found in `s`.
pub fn base64_error(field: &'static str, s: &str) -> Error {
    damage_error(field, classify_damage(s))
}

/// The `ERR_INVALID_BASE64` error for `field` and a damage already classified.
pub fn damage_error(field: &'static str, damage: Base64Damage) -> Error {
    Error::with_field(
        ErrorCode::InvalidBase64,
        field,
        format!("{field} {}", damage.explanation()),
    )
}

/// Characters of base64 text decoded per step by [`decode_base64_in_place`]: a multiple of 4,
/// decoded into a stack buffer of three quarters that size. Small, because that buffer is wiped
/// byte by byte (volatile writes) after every call: a 3 KiB buffer cost more than the AES of a
/// typical payload.
pub const IN_PLACE_CHUNK: usize = 256;

/// Strict standard base64 decoded in place, with exactly the rules and errors of
/// [`decode_base64_repair`]: `buf` holds the UTF-8 bytes of the base64 text and, on success, the
/// decoded bytes (the vector is truncated to their length). No second buffer of the input's size
/// is allocated: the text is decoded in chunks of [`IN_PLACE_CHUNK`] characters into a small stack
/// buffer whose content is then written to the front of `buf`, behind the chunk still to be read
/// (the decoded bytes are three quarters of the text).
///
/// With `repair`, spaces are first turned into `+` in the buffer. On failure the contents of `buf`
/// are unspecified (partly decoded); the error names the damage of the text as it was.
pub fn decode_base64_in_place(
    field: &'static str,
    buf: &mut Zeroizing<Vec<u8>>,
    repair: bool,
) -> Result<()> {
    check_size(field, buf.len())?;
    if repair {
        for b in buf.iter_mut().filter(|b| **b == b' ') {
            *b = b'+';
        }
    }
    if buf.is_empty() {
        return Err(damage_error(field, Base64Damage::Empty));
    }
    match decode_chunks_in_place(buf, IN_PLACE_CHUNK) {
        Ok(n) => {
            if let Some(tail) = buf.get_mut(n..) {
                tail.fill(0);
            }
            buf.truncate(n);
            Ok(())
        }
        Err(consumed) => Err(damage_error(field, damage_after(buf, consumed))),
    }
}

/// The damage of a text whose first `consumed` bytes were decoded (and overwritten) before the
/// failure: those bytes were all in the base64 alphabet (chunks holding anything else fail before
/// anything is written), so the classification of the original text is that of `A`s followed by
/// the untouched rest. Only the last quantum decides whether `=` padding would repair the text, and
/// it lies in the untouched rest.
fn damage_after(buf: &[u8], consumed: usize) -> Base64Damage {
    let rest = buf.get(consumed..).unwrap_or(&[]);
    let mut probe = Zeroizing::new(vec![b'A'; consumed]);
    probe.extend_from_slice(rest);
    classify_damage_bytes(&probe)
}

/// Decode `buf` in place chunk by chunk; `Ok(decoded length)` or `Err(index of the first byte of
/// the chunk that failed)`. `chunk` must be a non-zero multiple of 4, at most [`IN_PLACE_CHUNK`].
/// Every chunk but the last holds whole quanta without padding (a `=` that ends an inner chunk
/// is misplaced padding), so decoding the chunks one by one accepts exactly what decoding the
/// whole text does.
pub fn decode_chunks_in_place(buf: &mut [u8], chunk: usize) -> core::result::Result<usize, usize> {
    let chunk = chunk.clamp(4, IN_PLACE_CHUNK) / 4 * 4;
    let mut out = Zeroizing::new([0u8; IN_PLACE_CHUNK / 4 * 3]);
    let len = buf.len();
    let (mut read, mut write) = (0usize, 0usize);
    while read < len {
        let end = len.min(read + chunk);
        let text = buf.get(read..end).ok_or(read)?;
        if end < len && text.last() == Some(&b'=') {
            return Err(read);
        }
        let n = STANDARD
            .decode_slice(text, out.as_mut_slice())
            .map_err(|_| read)?;
        // `write + n <= read`: three bytes per four characters already read.
        let dst = buf.get_mut(write..write + n).ok_or(read)?;
        dst.copy_from_slice(out.get(..n).ok_or(read)?);
        write += n;
        read = end;
    }
    Ok(write)
}

/// Lenient base64 for EncodingAESKey: standard alphabet, padding required, non-zero trailing bits
/// allowed (most real EncodingAESKeys have them).
pub const STANDARD_ALLOW_TRAILING_BITS: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::RequireCanonical),
);

/// Standard base64 encoding with padding.
pub fn encode_base64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Lowercase hex.
pub fn to_hex(bytes: &[u8]) -> String {
    fn nibble(n: u8) -> char {
        char::from(if n < 10 { b'0' + n } else { b'a' + (n - 10) })
    }
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(nibble(b >> 4));
        out.push(nibble(b & 0x0f));
    }
    out
}

/// Parse hex of either case into exactly `N` bytes; `None` when malformed or of the wrong length.
pub fn from_hex<const N: usize>(s: &str) -> Option<[u8; N]> {
    let bytes = s.as_bytes();
    if bytes.len() != N * 2 {
        return None;
    }
    let mut out = [0u8; N];
    for (slot, pair) in out.iter_mut().zip(bytes.chunks_exact(2)) {
        let hi = hex_val(*pair.first()?)?;
        let lo = hex_val(*pair.get(1)?)?;
        *slot = (hi << 4) | lo;
    }
    Some(out)
}

fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_base64() {
        assert_eq!(
            decode_base64("iv", "r7BXXKkLb8qrSNn05n0qiA==").map(|v| v.len()),
            Ok(16)
        );
        let e = decode_base64("iv", "r7BXXKkLb8qrSNn05n0qiA").err();
        assert_eq!(e.map(|e| e.code()), Some(ErrorCode::InvalidBase64));
    }

    #[test]
    fn damage_kinds() {
        assert_eq!(classify_damage("ab c="), Base64Damage::Spaces);
        assert_eq!(classify_damage("abc%2Bd"), Base64Damage::DoubleUrlEncoded);
        assert_eq!(classify_damage("abc%2fd"), Base64Damage::DoubleUrlEncoded);
        assert_eq!(classify_damage("ab-_"), Base64Damage::UrlSafeAlphabet);
        assert_eq!(classify_damage("YWJj\nZA=="), Base64Damage::LineBreaks);
        assert_eq!(classify_damage("YWJjZA"), Base64Damage::MissingPadding);
        assert_eq!(classify_damage(""), Base64Damage::Empty);
        assert_eq!(classify_damage("YW*j"), Base64Damage::Other);
    }

    #[test]
    fn repair_turns_spaces_into_plus() {
        let broken = "tiihtNczf5v6AKRyjwEUhQ==".replace('+', " ");
        assert!(decode_base64_repair("sessionKey", &broken, true).is_ok());
        let with_plus = "a+b/AA==";
        let spaced = with_plus.replace('+', " ");
        assert_eq!(
            decode_base64_repair("x", &spaced, true).ok().as_deref(),
            decode_base64("x", with_plus).ok().as_deref()
        );
        assert_eq!(
            decode_base64_repair("x", &spaced, false)
                .err()
                .map(|e| e.code()),
            Some(ErrorCode::InvalidBase64)
        );
    }

    fn in_place(text: &str, repair: bool, chunk: usize) -> core::result::Result<Vec<u8>, Error> {
        let mut buf = Zeroizing::new(text.as_bytes().to_vec());
        if chunk == IN_PLACE_CHUNK {
            decode_base64_in_place("x", &mut buf, repair).map(|()| buf.to_vec())
        } else if text.is_empty() {
            Err(base64_error("x", text))
        } else {
            let n = decode_chunks_in_place(&mut buf, chunk).map_err(|_| base64_error("x", text))?;
            Ok(buf.get(..n).unwrap_or(&[]).to_vec())
        }
    }

    #[test]
    fn in_place_edges() {
        for (text, ok) in [
            ("", false),
            ("QQ==", true),
            ("QR==", false),
            ("QQ=", false),
            ("QQ", false),
            ("QUJD", true),
            ("QQ==QUJD", false),
            ("QUJDQQ==", true),
            ("QUJD=", false),
            ("====", false),
            ("QUI=", true),
            ("QUJ=", false),
        ] {
            for chunk in [4, 8, IN_PLACE_CHUNK] {
                let got = in_place(text, false, chunk);
                assert_eq!(got.is_ok(), ok, "{text:?} chunk {chunk}");
                if let Ok(v) = got {
                    assert_eq!(Some(v), STANDARD.decode(text).ok(), "{text:?}");
                }
            }
        }
        let e = in_place("r7BXXKkLb8qrSNn05n0qiA", false, IN_PLACE_CHUNK).err();
        assert_eq!(
            e.map(|e| e.message().to_owned()),
            Some(
                base64_error("x", "r7BXXKkLb8qrSNn05n0qiA")
                    .message()
                    .to_owned()
            )
        );
        assert_eq!(
            in_place("a b/AA==", true, IN_PLACE_CHUNK).ok(),
            STANDARD.decode("a+b/AA==").ok()
        );
    }

    #[test]
    fn hex_round_trip() {
        let h = to_hex(&[0x00, 0xab, 0xff]);
        assert_eq!(h, "00abff");
        assert_eq!(from_hex::<3>("00ABff"), Some([0x00, 0xab, 0xff]));
        assert_eq!(from_hex::<3>("00abf"), None);
        assert_eq!(from_hex::<3>("00abfg"), None);
    }

    #[test]
    fn size_limit() {
        assert!(check_size("x", MAX_INPUT_LEN).is_ok());
        assert_eq!(
            check_size("x", MAX_INPUT_LEN + 1).err().map(|e| e.code()),
            Some(ErrorCode::InputTooLarge)
        );
    }
}
