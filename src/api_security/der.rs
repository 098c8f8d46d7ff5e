//! PEM and the little DER the API security layer needs: the console's PKCS#1 private key wrapped
//! as PKCS#8 (what WebCrypto imports), and the SubjectPublicKeyInfo of an X.509 certificate (what
//! WebCrypto verifies with). No RSA arithmetic happens here: the keys go to the platform's
//! WebCrypto as DER.
//!
//! The reader is strict DER: definite lengths only, in their shortest form, every structure read
//! to its end. Anything else is `ERR_INVALID_KEY` naming the input field; the messages say what
//! was expected, never what the key holds.

use zeroize::Zeroizing;

use crate::encoding::decode_base64;
use crate::error::{Error, ErrorCode, Result};

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const OCTET_STRING: u8 = 0x04;
const OID: u8 = 0x06;
const VERSION_TAG: u8 = 0xa0;

/// The DER of the OID 1.2.840.113549.1.1.1 (rsaEncryption), value bytes only.
const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
/// `AlgorithmIdentifier { rsaEncryption, NULL }`, whole TLV.
const RSA_ALGORITHM_ID: &[u8] = &[
    0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
];

fn bad(field: &'static str, message: impl Into<String>) -> Error {
    Error::with_field(ErrorCode::InvalidKey, field, message)
}

/// One TLV: its tag, its content, the whole encoding, and what follows it.
#[derive(Clone, Copy)]
pub(crate) struct Tlv<'a> {
    pub tag: u8,
    pub content: &'a [u8],
    pub whole: &'a [u8],
    pub rest: &'a [u8],
}

/// Read one DER TLV at the start of `b` (single-byte tags, definite minimal lengths).
pub(crate) fn read_tlv(b: &[u8]) -> Option<Tlv<'_>> {
    let (&tag, after_tag) = b.split_first()?;
    // Multi-byte tags (low five bits all set) never occur in these structures.
    if tag & 0x1f == 0x1f {
        return None;
    }
    let (&first, mut after_len) = after_tag.split_first()?;
    let len = if first < 0x80 {
        usize::from(first)
    } else {
        let n = usize::from(first & 0x7f);
        // 0x80 is the indefinite form (BER only); more than 4 length bytes is never a key.
        if n == 0 || n > 4 {
            return None;
        }
        let bytes = after_len.get(..n)?;
        after_len = after_len.get(n..)?;
        if bytes.first() == Some(&0) {
            return None; // leading zero: not the shortest form
        }
        let len = bytes
            .iter()
            .fold(0usize, |acc, &x| (acc << 8) | usize::from(x));
        if len < 0x80 {
            return None; // would have fit the short form
        }
        len
    };
    let content = after_len.get(..len)?;
    let rest = after_len.get(len..)?;
    let whole = b.get(..b.len() - rest.len())?;
    Some(Tlv {
        tag,
        content,
        whole,
        rest,
    })
}

/// Read a TLV with tag `tag`.
fn expect(b: &[u8], tag: u8) -> Option<Tlv<'_>> {
    read_tlv(b).filter(|t| t.tag == tag)
}

/// Push a DER length.
fn push_len(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        let used = bytes.get(skip..).unwrap_or_default();
        out.push(0x80 | used.len() as u8);
        out.extend_from_slice(used);
    }
}

/// The decoded body of the one PEM block in `text` and its label. Whitespace (and the two-character
/// escapes `\n`, `\r` of a key kept in an environment variable) inside the block is ignored.
pub(crate) fn pem_block(field: &'static str, text: &str) -> Result<(String, Zeroizing<Vec<u8>>)> {
    const BEGIN: &str = "-----BEGIN ";
    const DASHES: &str = "-----";
    let not_pem = || {
        bad(
            field,
            format!("{field} must be PEM text (-----BEGIN ...----- base64 -----END ...-----)"),
        )
    };
    let start = text.find(BEGIN).ok_or_else(not_pem)?;
    let after = text.get(start + BEGIN.len()..).ok_or_else(not_pem)?;
    let label_end = after.find(DASHES).ok_or_else(not_pem)?;
    let label = after.get(..label_end).ok_or_else(not_pem)?;
    if label.is_empty() || !label.bytes().all(|b| b.is_ascii_uppercase() || b == b' ') {
        return Err(not_pem());
    }
    let body_and_end = after.get(label_end + DASHES.len()..).ok_or_else(not_pem)?;
    let end_marker = format!("-----END {label}-----");
    let body_end = body_and_end.find(&end_marker).ok_or_else(|| {
        bad(
            field,
            format!("{field}: the PEM block has no matching -----END {label}----- line"),
        )
    })?;
    let body = body_and_end.get(..body_end).ok_or_else(not_pem)?;
    let mut compact = Zeroizing::new(String::with_capacity(body.len()));
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_whitespace() {
            continue;
        }
        if c == '\\' && matches!(chars.peek(), Some('n' | 'r')) {
            chars.next();
            continue;
        }
        compact.push(c);
    }
    let der = decode_base64(field, &compact).map_err(|_| {
        bad(
            field,
            format!("{field}: the PEM body is not base64 (was the key copied whole?)"),
        )
    })?;
    Ok((label.to_owned(), der))
}

/// Whether `alg` (an AlgorithmIdentifier's content) names rsaEncryption.
fn is_rsa_algorithm(alg: &[u8]) -> bool {
    expect(alg, OID).is_some_and(|oid| oid.content == RSA_ENCRYPTION)
}

/// Check that `der` is a PKCS#1 `RSAPrivateKey`: `SEQUENCE { version 0, n, e, d, p, q, dp, dq, qinv }`.
fn check_pkcs1(field: &'static str, der: &[u8]) -> Result<()> {
    let err = || {
        bad(
            field,
            format!("{field}: the RSA PRIVATE KEY block is not a PKCS#1 RSA private key"),
        )
    };
    let seq = expect(der, SEQUENCE)
        .filter(|t| t.rest.is_empty())
        .ok_or_else(err)?;
    let mut b = seq.content;
    for i in 0..9 {
        let int = expect(b, INTEGER).ok_or_else(err)?;
        if i == 0 && int.content != [0] {
            return Err(bad(
                field,
                format!("{field}: only two-prime RSA keys (PKCS#1 version 0) are supported"),
            ));
        }
        b = int.rest;
    }
    if b.is_empty() {
        Ok(())
    } else {
        Err(err())
    }
}

/// Check that `der` is an unencrypted PKCS#8 `PrivateKeyInfo` of an RSA key.
fn check_pkcs8(field: &'static str, der: &[u8]) -> Result<()> {
    let err = || {
        bad(
            field,
            format!("{field}: the PRIVATE KEY block is not a PKCS#8 private key"),
        )
    };
    let seq = expect(der, SEQUENCE)
        .filter(|t| t.rest.is_empty())
        .ok_or_else(err)?;
    let version = expect(seq.content, INTEGER).ok_or_else(err)?;
    if version.content != [0] && version.content != [1] {
        return Err(err());
    }
    let alg = expect(version.rest, SEQUENCE).ok_or_else(err)?;
    if !is_rsa_algorithm(alg.content) {
        return Err(bad(
            field,
            format!("{field} is not an RSA key (API security signs with RSAwithSHA256)"),
        ));
    }
    let key = expect(alg.rest, OCTET_STRING).ok_or_else(err)?;
    check_pkcs1(field, key.content)
}

/// The PKCS#8 DER of a PEM RSA private key: `-----BEGIN RSA PRIVATE KEY-----` (PKCS#1, as the
/// console gives it) is wrapped; `-----BEGIN PRIVATE KEY-----` (PKCS#8) is checked and kept.
pub fn private_key_pkcs8(field: &'static str, pem: &str) -> Result<Zeroizing<Vec<u8>>> {
    let (label, der) = pem_block(field, pem)?;
    match label.as_str() {
        "RSA PRIVATE KEY" => {
            check_pkcs1(field, &der)?;
            let mut octets = Zeroizing::new(Vec::with_capacity(der.len() + 8));
            octets.push(OCTET_STRING);
            push_len(&mut octets, der.len());
            octets.extend_from_slice(&der);
            let inner_len = 3 + RSA_ALGORITHM_ID.len() + octets.len();
            let mut out = Zeroizing::new(Vec::with_capacity(inner_len + 8));
            out.push(SEQUENCE);
            push_len(&mut out, inner_len);
            out.extend_from_slice(&[INTEGER, 1, 0]);
            out.extend_from_slice(RSA_ALGORITHM_ID);
            out.extend_from_slice(&octets);
            Ok(out)
        }
        "PRIVATE KEY" => {
            check_pkcs8(field, &der)?;
            Ok(der)
        }
        "ENCRYPTED PRIVATE KEY" => Err(bad(
            field,
            format!(
                "{field} is password-protected: decrypt it first (openssl pkcs8 -topk8 -nocrypt)"
            ),
        )),
        _ => Err(bad(
            field,
            format!(
                "{field} must be an RSA PRIVATE KEY or PRIVATE KEY PEM block, got a {label} block"
            ),
        )),
    }
}

/// Check that `spki` is an RSA `SubjectPublicKeyInfo` (whole TLV).
fn check_rsa_spki(field: &'static str, spki: &[u8]) -> Result<()> {
    let seq = expect(spki, SEQUENCE)
        .filter(|t| t.rest.is_empty())
        .ok_or_else(|| bad(field, format!("{field}: no public key in the certificate")))?;
    let alg = expect(seq.content, SEQUENCE)
        .ok_or_else(|| bad(field, format!("{field}: no public key in the certificate")))?;
    if is_rsa_algorithm(alg.content) && expect(alg.rest, 0x03).is_some() {
        Ok(())
    } else {
        Err(bad(
            field,
            format!(
                "{field}: the certificate's key is not RSA (SM2 certificates are not supported)"
            ),
        ))
    }
}

/// The SubjectPublicKeyInfo DER of a PEM X.509 certificate (`-----BEGIN CERTIFICATE-----`, as the
/// console gives the platform certificate) or of a `-----BEGIN PUBLIC KEY-----` block.
pub fn certificate_spki(field: &'static str, pem: &str) -> Result<Vec<u8>> {
    let (label, der) = pem_block(field, pem)?;
    match label.as_str() {
        "CERTIFICATE" => {
            let err = || bad(field, format!("{field}: the CERTIFICATE block is not an X.509 certificate"));
            // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }
            let cert = expect(&der, SEQUENCE).filter(|t| t.rest.is_empty()).ok_or_else(err)?;
            let tbs = expect(cert.content, SEQUENCE).ok_or_else(err)?;
            // tbsCertificate ::= SEQUENCE { [0] version OPTIONAL, serialNumber, signature,
            //   issuer, validity, subject, subjectPublicKeyInfo, ... }
            let mut b = tbs.content;
            if let Some(v) = expect(b, VERSION_TAG) {
                b = v.rest;
            }
            let serial = expect(b, INTEGER).ok_or_else(err)?;
            b = serial.rest;
            for _ in 0..4 {
                b = expect(b, SEQUENCE).ok_or_else(err)?.rest;
            }
            let spki = expect(b, SEQUENCE).ok_or_else(err)?;
            check_rsa_spki(field, spki.whole)?;
            Ok(spki.whole.to_vec())
        }
        "PUBLIC KEY" => {
            check_rsa_spki(field, &der)?;
            Ok(der.to_vec())
        }
        _ => Err(bad(
            field,
            format!("{field} must be a CERTIFICATE PEM block (the platform certificate), got a {label} block"),
        )),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn lengths_round_trip() {
        for len in [0usize, 1, 127, 128, 255, 256, 1191, 65535, 65536] {
            let mut enc = vec![OCTET_STRING];
            push_len(&mut enc, len);
            enc.extend(std::iter::repeat(7u8).take(len));
            let t = read_tlv(&enc).unwrap();
            assert_eq!(t.content.len(), len);
            assert!(t.rest.is_empty());
            assert_eq!(t.whole.len(), enc.len());
        }
    }

    #[test]
    fn non_der_lengths_are_refused() {
        assert!(read_tlv(&[0x04, 0x80, 0x00, 0x00]).is_none()); // indefinite
        assert!(read_tlv(&[0x04, 0x81, 0x05, 1, 2, 3, 4, 5]).is_none()); // long form for 5
        assert!(read_tlv(&[0x04, 0x82, 0x00, 0x80]).is_none()); // leading zero
        assert!(read_tlv(&[0x04, 0x85, 1, 1, 1, 1, 1]).is_none()); // 5 length bytes
        assert!(read_tlv(&[0x04, 0x03, 1, 2]).is_none()); // truncated
        assert!(read_tlv(&[0x1f, 0x01, 0x00]).is_none()); // multi-byte tag
        assert!(read_tlv(&[0x04]).is_none());
        assert!(read_tlv(&[]).is_none());
    }
}
