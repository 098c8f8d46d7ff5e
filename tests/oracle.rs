//! Padding oracle: no client may learn which check failed after decryption. Padding, UTF-8 and
//! JSON failures after decryption must be indistinguishable: same code, same message, same field,
//! about the same time.
//! `uniform_failures` runs in `make test`. `oracle_timing` measures the core natively (interleaved
//! batches, medians) and is run by hand, see SECURITY.md:
//!   cargo test --release --test oracle -- --ignored --nocapture
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::time::Instant;

use wx_open_data::crypto::{aes128_cbc_encrypt, BLOCK};
use wx_open_data::encoding::encode_base64;
use wx_open_data::open_data::{decrypt_open_data, OpenDataInput, Options};
use wx_open_data::{Error, ErrorCode};

const APPID: &str = "wx4f4bc4dec97d474b";
const KEY: [u8; 16] = [0x42; 16];
const IV: [u8; 16] = [0x24; 16];

fn payload(size: usize) -> Vec<u8> {
    let head = format!(
        r#"{{"openId":"oGZUI0egBJY1zhBYw2KhdUfwVJJE","watermark":{{"timestamp":1477314187,"appid":"{APPID}"}},"nickName":""#
    );
    let mut s = head.into_bytes();
    while s.len() + 2 < size {
        s.extend_from_slice("Band😀".as_bytes());
    }
    s.truncate(size.saturating_sub(2).max(1));
    while std::str::from_utf8(&s).is_err() {
        s.pop();
    }
    s.extend_from_slice(b"\"}");
    s
}

/// Raw CBC encryption of whole blocks (no padding added), to build bad-padding plaintexts.
fn encrypt_raw(plain: &[u8]) -> Vec<u8> {
    assert_eq!(plain.len() % BLOCK, 0);
    // Encrypt with a full pad block appended, then drop that last block: CBC is prefix-stable.
    let mut ct = aes128_cbc_encrypt(&KEY, &IV, plain, 16);
    ct.truncate(plain.len());
    ct
}

/// The failure cases, all of the same ciphertext length.
fn cases(size: usize) -> Vec<(&'static str, Vec<u8>)> {
    let plain = payload(size);
    let pad = BLOCK - plain.len() % BLOCK;
    let mut out = Vec::new();
    // Valid JSON followed by bad padding (last byte 0).
    let mut p = plain.clone();
    p.resize(plain.len() + pad, b' ');
    *p.last_mut().unwrap() = 0;
    out.push(("bad padding (valid JSON before it)", encrypt_raw(&p)));
    // Padding byte out of range (17).
    let mut p = plain.clone();
    p.resize(plain.len() + pad, 17);
    out.push(("padding byte 17", encrypt_raw(&p)));
    // Good padding, invalid UTF-8 one byte before the end.
    let mut p = plain.clone();
    let n = p.len();
    p[n - 2] = 0xff;
    out.push((
        "good padding, invalid UTF-8 at the end",
        aes128_cbc_encrypt(&KEY, &IV, &p, 16),
    ));
    // Good padding, invalid UTF-8 at the start.
    let mut p = plain.clone();
    p[1] = 0xff;
    out.push((
        "good padding, invalid UTF-8 at the start",
        aes128_cbc_encrypt(&KEY, &IV, &p, 16),
    ));
    // Good padding, invalid JSON at the end.
    let mut p = plain.clone();
    let n = p.len();
    p[n - 1] = b'x';
    out.push((
        "good padding, invalid JSON at the end",
        aes128_cbc_encrypt(&KEY, &IV, &p, 16),
    ));
    // Good padding, invalid JSON at the start.
    let mut p = plain.clone();
    p[0] = b'x';
    out.push((
        "good padding, invalid JSON at the start",
        aes128_cbc_encrypt(&KEY, &IV, &p, 16),
    ));
    let len = out[0].1.len();
    assert!(
        out.iter().all(|(_, c)| c.len() == len),
        "cases differ in length"
    );
    out
}

fn run(ct: &str) -> Result<(), Error> {
    let key = encode_base64(&KEY);
    let iv = encode_base64(&IV);
    let input = OpenDataInput {
        app_ids: &[APPID],
        session_key: &key,
        encrypted_data: ct,
        iv: &iv,
    };
    decrypt_open_data(&input, &Options::default()).map(|_| ())
}

#[test]
fn uniform_failures() {
    for size in [0usize, 1, 15, 16, 17, 393, 4096] {
        for (name, ct) in cases(size.max(120)) {
            let e = run(&encode_base64(&ct)).expect_err(name);
            assert_eq!(e.code(), ErrorCode::DecryptFailed, "{name}");
            assert_eq!(e.message(), Error::decrypt_failed().message(), "{name}");
            assert_eq!(e.field(), Error::decrypt_failed().field(), "{name}");
            assert_eq!(
                format!("{e:?}"),
                format!("{:?}", Error::decrypt_failed()),
                "{name}"
            );
        }
    }
}

#[test]
#[ignore = "timing measurement, run by hand (see SECURITY.md)"]
fn oracle_timing() {
    for size in [400usize, 4096] {
        let cases: Vec<(&str, String)> = cases(size)
            .into_iter()
            .map(|(n, c)| (n, encode_base64(&c)))
            .collect();
        let batch = 2000;
        let rounds = 41;
        let mut samples = vec![Vec::new(); cases.len()];
        for (_, ct) in &cases {
            for _ in 0..batch {
                let _ = run(ct);
            }
        }
        for r in 0..rounds {
            // Interleaved; rotate the order every round.
            for k in 0..cases.len() {
                let i = (k + r) % cases.len();
                let t = Instant::now();
                for _ in 0..batch {
                    let _ = std::hint::black_box(run(std::hint::black_box(&cases[i].1)));
                }
                samples[i].push(t.elapsed().as_nanos() as f64 / f64::from(batch));
            }
        }
        let medians: Vec<f64> = samples
            .iter_mut()
            .map(|s| {
                s.sort_by(f64::total_cmp);
                s[s.len() / 2]
            })
            .collect();
        let min = medians.iter().copied().fold(f64::INFINITY, f64::min);
        println!(
            "oracle timing, native core, {size}-byte payload, {rounds} rounds x {batch} calls:"
        );
        for ((name, _), m) in cases.iter().zip(&medians) {
            println!("  {name:<44} {m:>9.0} ns/call  x{:.3}", m / min);
        }
        let max = medians.iter().copied().fold(0.0, f64::max);
        println!("  largest ratio between failure paths: {:.3}", max / min);
    }
}

/// One case, many calls, for counting instructions under valgrind (deterministic, unlike time on a
/// shared machine): `bench/oracle-instructions.sh` runs it once per case and prints the counts.
/// ORACLE_CASE = index into `cases` (or "none" for the harness baseline), ORACLE_SIZE, ORACLE_CALLS.
#[test]
#[ignore = "instruction counting, run by bench/oracle-instructions.sh"]
fn oracle_instructions_one_case() {
    let size: usize = std::env::var("ORACLE_SIZE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(400);
    let calls: usize = std::env::var("ORACLE_CALLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100);
    let which = std::env::var("ORACLE_CASE").unwrap_or_default();
    let cases: Vec<(&str, String)> = cases(size)
        .into_iter()
        .map(|(n, c)| (n, encode_base64(&c)))
        .collect();
    if let Ok(i) = which.parse::<usize>() {
        let (name, ct) = &cases[i];
        for _ in 0..calls {
            let _ = std::hint::black_box(run(std::hint::black_box(ct)));
        }
        println!("ran {calls} x {name}");
    } else {
        for (name, _) in &cases {
            println!("case: {name}");
        }
    }
}
