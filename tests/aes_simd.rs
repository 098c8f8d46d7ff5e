//! The SIMD AES (`Aes128Simd`, through `cbc::Decryptor`) against published vectors and the `aes`
//! crate. Natively this runs the portable `u128` word, the same algorithm as the wasm `v128`
//! word. The same tests run on the real SIMD128 code under `wasm-pack test --node --release` with
//! `-C target-feature=+simd128` (`make test-wasm`, suite wasm-simd-aes: a million inputs there
//! too), and the JS suite compares both shipped builds with node:crypto.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use aes::cipher::block_padding::NoPadding;
use aes::cipher::{BlockModeDecrypt, KeyIvInit};
use wx_open_data::aes_simd::Aes128Simd;
use wx_open_data::crypto::aes128_simd_cbc_decrypt;

/// The library's path: `cbc::Decryptor::<Aes128Simd>`, the last pass rounded up to eight blocks.
/// Also checks the plain `cbc::Decryptor::<Aes128Simd>` path (tail blocks one at a time) agrees.
fn aes128_cbc_decrypt_blocks(key: &[u8; 16], iv: &[u8; 16], buf: &mut [u8]) {
    let mut plain = buf.to_vec();
    cbc::Decryptor::<Aes128Simd>::new(key.into(), iv.into())
        .decrypt_padded::<NoPadding>(&mut plain)
        .unwrap();
    aes128_simd_cbc_decrypt(key, iv, buf).unwrap();
    assert_eq!(buf, &plain[..], "padded last pass vs cbc's own tail path");
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn reference(key: &[u8; 16], iv: &[u8; 16], ct: &[u8]) -> Vec<u8> {
    let mut buf = ct.to_vec();
    cbc::Decryptor::<aes::Aes128>::new(key.into(), iv.into())
        .decrypt_padded::<NoPadding>(&mut buf)
        .unwrap();
    buf
}

/// xorshift64*: deterministic, seedable, no dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn fill(&mut self, b: &mut [u8]) {
        for c in b.chunks_mut(8) {
            let r = self.next().to_le_bytes();
            c.copy_from_slice(&r[..c.len()]);
        }
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn nist_sp800_38a_f22_cbc_aes128_decrypt() {
    let v: serde_json::Value =
        serde_json::from_str(include_str!("vectors/nist-sp800-38a-cbc.json")).unwrap();
    let mut n = 0;
    for t in v["tests"].as_array().unwrap() {
        let key: [u8; 16] = unhex(t["key"].as_str().unwrap()).try_into().unwrap();
        let iv: [u8; 16] = unhex(t["iv"].as_str().unwrap()).try_into().unwrap();
        let ct = unhex(t["ciphertext"].as_str().unwrap());
        let pt = unhex(t["plaintext"].as_str().unwrap());
        // every prefix of whole blocks, so each pass length 1..=4 is covered
        for blocks in 1..=ct.len() / 16 {
            let mut buf = ct[..16 * blocks].to_vec();
            aes128_cbc_decrypt_blocks(&key, &iv, &mut buf);
            assert_eq!(buf, pt[..16 * blocks], "{} ({blocks} blocks)", t["name"]);
            n += 1;
        }
    }
    assert!(n >= 4);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn wycheproof_aes_cbc_pkcs5_128_bit_keys() {
    let v: serde_json::Value =
        serde_json::from_str(include_str!("vectors/wycheproof-aes-cbc-pkcs5.json")).unwrap();
    let (mut valid, mut invalid) = (0, 0);
    for group in v["testGroups"].as_array().unwrap() {
        if group["keySize"].as_u64() != Some(128) {
            continue;
        }
        for t in group["tests"].as_array().unwrap() {
            let key: [u8; 16] = unhex(t["key"].as_str().unwrap()).try_into().unwrap();
            let iv = unhex(t["iv"].as_str().unwrap());
            let ct = unhex(t["ct"].as_str().unwrap());
            let msg = unhex(t["msg"].as_str().unwrap());
            let id = t["tcId"].as_u64().unwrap();
            let Ok(iv) = <[u8; 16]>::try_from(iv.as_slice()) else {
                continue; // wrong-size iv cases have no 16-byte iv to test
            };
            // The library path: SIMD (on wasm) or aes crate, then strict PKCS#7.
            let mut buf = ct.clone();
            let lib = wx_open_data::crypto::aes128_cbc_decrypt(&key, &iv, &mut buf, 16);
            let ok_len = ct.len() % 16 == 0 && !ct.is_empty();
            if ok_len {
                let mut simd = ct.clone();
                aes128_cbc_decrypt_blocks(&key, &iv, &mut simd);
                assert_eq!(simd, reference(&key, &iv, &ct), "tcId {id}: raw blocks");
            }
            match t["result"].as_str().unwrap() {
                "valid" | "acceptable" => {
                    let n = lib.unwrap_or_else(|e| panic!("tcId {id}: {e:?}"));
                    assert_eq!(&buf[..n], &msg[..], "tcId {id}");
                    valid += 1;
                }
                _ => {
                    assert!(lib.is_err(), "tcId {id} must be rejected");
                    invalid += 1;
                }
            }
        }
    }
    assert!(
        valid > 10 && invalid > 10,
        "valid {valid}, invalid {invalid}"
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn every_length_1_to_40_blocks() {
    // Every pass shape: 1..=5 passes, each possible last-pass size 1..=8, several keys.
    let mut rng = Rng(0x0123_4567_89AB_CDEF);
    let mut key = [0u8; 16];
    let mut iv = [0u8; 16];
    for round in 0..8 {
        rng.fill(&mut key);
        rng.fill(&mut iv);
        for n in 1..=40usize {
            let mut ct = vec![0u8; 16 * n];
            rng.fill(&mut ct);
            let mut got = ct.clone();
            aes128_cbc_decrypt_blocks(&key, &iv, &mut got);
            assert_eq!(got, reference(&key, &iv, &ct), "key {round}, {n} blocks");
        }
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn differential_against_aes_crate() {
    // 1,000,000 random (key, iv, ciphertext) inputs, 1..=24 blocks (every pass shape: full passes
    // and partial last passes). AES_SIMD_DIFF_N overrides the count (the Makefile runs the full
    // million in release mode; a debug `cargo test` runs 20,000).
    let n: usize = std::env::var("AES_SIMD_DIFF_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(if cfg!(debug_assertions) {
            20_000
        } else {
            1_000_000
        });
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ n as u64);
    let mut key = [0u8; 16];
    let mut iv = [0u8; 16];
    let mut ct = vec![0u8; 16 * 24];
    for i in 0..n {
        rng.fill(&mut key);
        rng.fill(&mut iv);
        let blocks = 1 + (rng.next() % 24) as usize;
        let ct = &mut ct[..16 * blocks];
        rng.fill(ct);
        let mut got = ct.to_vec();
        aes128_cbc_decrypt_blocks(&key, &iv, &mut got);
        assert_eq!(got, reference(&key, &iv, ct), "input {i}");
    }
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("aes_simd differential: {n} random inputs agree with the aes crate");
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_test::console_log!(
        "aes_simd differential (simd128: {}): {n} random inputs agree with the aes crate",
        cfg!(target_feature = "simd128")
    );
}
