//! AES-CBC with strict PKCS#7, over RustCrypto's `aes` and `cbc`.
//!
//! Decryption runs the cipher with `NoPadding` and checks the padding here, in constant time over
//! the last `pad_block` bytes, so that every padding value costs the same work (no timing oracle).
//! Open data uses a 16-byte pad block; message push pads to 32 bytes, as WeChat's message
//! encryption does.
//!
//! On WebAssembly with SIMD128, AES-128 decryption uses [`Aes128Simd`] (constant-time, eight blocks
//! per pass) through the same `cbc::Decryptor`; elsewhere the `aes` crate.

use aes::cipher::array::Array;
use aes::cipher::block_padding::NoPadding;
use aes::cipher::consts::U16;
use aes::cipher::{BlockModeDecrypt, BlockModeEncrypt, KeyIvInit};
use subtle::{Choice, ConstantTimeEq};
use zeroize::Zeroizing;

use crate::aes_simd::{Aes128Simd, PAR_BLOCKS};

/// AES block size in bytes.
pub const BLOCK: usize = 16;

/// Why a CBC decryption failed. Callers turn every variant into the one uniform error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CbcError {
    /// The ciphertext is empty or not a multiple of 16 bytes.
    Length,
    /// The padding is not strict PKCS#7.
    Padding,
}

/// Decrypt AES-128-CBC in place and return the unpadded length (strict PKCS#7, `pad_block` bytes).
pub fn aes128_cbc_decrypt(
    key: &[u8; 16],
    iv: &[u8; 16],
    buf: &mut [u8],
    pad_block: usize,
) -> Result<usize, CbcError> {
    check_len(buf.len())?;
    // WebAssembly with SIMD128: the constant-time 8-block bitsliced AES (the build without SIMD,
    // and native builds, use the `aes` crate: AES-NI natively, its own fixslice on plain wasm).
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    aes128_simd_cbc_decrypt(key, iv, buf)?;
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    cbc::Decryptor::<aes::Aes128>::new(key.into(), iv.into())
        .decrypt_padded::<NoPadding>(buf)
        .map_err(|_| CbcError::Length)?;
    pkcs7_unpadded_len(buf, pad_block).ok_or(CbcError::Padding)
}

/// AES-128-CBC decryption in place with [`Aes128Simd`] through `cbc::Decryptor`, no padding
/// check. An `n`-block buffer costs `ceil(n / 8)` eight-block passes: the whole passes go through
/// the decryptor's parallel path, and a last 1..=7 blocks are decrypted as one full pass of eight
/// (the decryptor's tail path would run one pass per block), the surplus lanes discarded.
/// Runs on every target (native tests use the portable word).
pub fn aes128_simd_cbc_decrypt(
    key: &[u8; 16],
    iv: &[u8; 16],
    buf: &mut [u8],
) -> Result<(), CbcError> {
    let (blocks, rest) = Array::<u8, U16>::slice_as_chunks_mut(buf);
    if !rest.is_empty() {
        return Err(CbcError::Length);
    }
    let whole = blocks.len() - blocks.len() % PAR_BLOCKS;
    let (head, tail) = blocks.split_at_mut(whole);
    let mut dec = cbc::Decryptor::<Aes128Simd>::new(key.into(), iv.into());
    // A multiple of PAR_BLOCKS blocks: parallel passes only, no tail.
    dec.decrypt_blocks(head);
    if !tail.is_empty() {
        // The decryptor's IV state is now the ciphertext block before `tail`; the lanes after
        // the tail decrypt zero blocks, and their output is never read (and is wiped).
        let mut lanes = Zeroizing::new([Array::<u8, U16>::default(); PAR_BLOCKS]);
        for (lane, b) in lanes.iter_mut().zip(tail.iter()) {
            *lane = *b;
        }
        dec.decrypt_blocks(lanes.as_mut_slice());
        for (b, lane) in tail.iter_mut().zip(lanes.iter()) {
            *b = *lane;
        }
    }
    Ok(())
}

/// Decrypt AES-256-CBC in place and return the unpadded length (strict PKCS#7, `pad_block` bytes).
pub fn aes256_cbc_decrypt(
    key: &[u8; 32],
    iv: &[u8; 16],
    buf: &mut [u8],
    pad_block: usize,
) -> Result<usize, CbcError> {
    check_len(buf.len())?;
    cbc::Decryptor::<aes::Aes256>::new(key.into(), iv.into())
        .decrypt_padded::<NoPadding>(buf)
        .map_err(|_| CbcError::Length)?;
    pkcs7_unpadded_len(buf, pad_block).ok_or(CbcError::Padding)
}

/// Decrypt AES-192-CBC in place and return the unpadded length (strict PKCS#7, `pad_block`
/// bytes): Baidu's open data, whose padding runs up to 32 bytes.
pub fn aes192_cbc_decrypt(
    key: &[u8; 24],
    iv: &[u8; 16],
    buf: &mut [u8],
    pad_block: usize,
) -> Result<usize, CbcError> {
    check_len(buf.len())?;
    // One block at a time through the mode's single-block entry: the software backend's
    // several-block path (a second, 64-bit wide instance of the whole cipher) is then never
    // instantiated, which keeps it out of the login module for payloads of a few blocks
    // (docs/performance.md).
    let (blocks, rest) = Array::<u8, U16>::slice_as_chunks_mut(buf);
    if !rest.is_empty() {
        return Err(CbcError::Length);
    }
    let mut dec = cbc::Decryptor::<aes::Aes192>::new(key.into(), iv.into());
    for block in blocks.iter_mut() {
        dec.decrypt_block(block);
    }
    pkcs7_unpadded_len(buf, pad_block).ok_or(CbcError::Padding)
}

/// PKCS#7-pad `plaintext` to a multiple of `pad_block` and encrypt it with AES-128-CBC.
pub fn aes128_cbc_encrypt(
    key: &[u8; 16],
    iv: &[u8; 16],
    plaintext: &[u8],
    pad_block: usize,
) -> Vec<u8> {
    let mut buf = pkcs7_pad(plaintext, pad_block);
    let n = buf.len();
    // `n` is a non-zero multiple of 16 (pad_block is 16 or 32), so NoPadding cannot fail.
    let _ = cbc::Encryptor::<aes::Aes128>::new(key.into(), iv.into())
        .encrypt_padded::<NoPadding>(&mut buf, n);
    encrypt_result(buf)
}

/// PKCS#7-pad `plaintext` to a multiple of `pad_block` and encrypt it with AES-256-CBC.
pub fn aes256_cbc_encrypt(
    key: &[u8; 32],
    iv: &[u8; 16],
    plaintext: &[u8],
    pad_block: usize,
) -> Vec<u8> {
    let mut buf = pkcs7_pad(plaintext, pad_block);
    let n = buf.len();
    let _ = cbc::Encryptor::<aes::Aes256>::new(key.into(), iv.into())
        .encrypt_padded::<NoPadding>(&mut buf, n);
    encrypt_result(buf)
}

fn encrypt_result(buf: Zeroizing<Vec<u8>>) -> Vec<u8> {
    // The buffer now holds ciphertext only; hand it out as a plain Vec.
    buf.to_vec()
}

fn check_len(len: usize) -> Result<(), CbcError> {
    if len == 0 || len % BLOCK != 0 {
        Err(CbcError::Length)
    } else {
        Ok(())
    }
}

/// `plaintext` followed by PKCS#7 padding to a multiple of `pad_block` (32 for message push,
/// 16 otherwise; any other value is treated as 16 so the result is always whole AES blocks).
pub fn pkcs7_pad(plaintext: &[u8], pad_block: usize) -> Zeroizing<Vec<u8>> {
    let block = if pad_block == 32 { 32 } else { BLOCK };
    let pad = block - plaintext.len() % block;
    let mut buf = Zeroizing::new(Vec::with_capacity(plaintext.len() + pad));
    buf.extend_from_slice(plaintext);
    // `pad` is in 1..=255 because `block` is.
    buf.resize(plaintext.len() + pad, u8::try_from(pad).unwrap_or(0));
    buf
}

/// Strict PKCS#7 check in constant time: the last byte `p` is in `1..=pad_block` and the last `p`
/// bytes all equal `p`. Returns the unpadded length. Reads exactly `min(pad_block, len)` bytes
/// whatever their values.
pub fn pkcs7_unpadded_len(buf: &[u8], pad_block: usize) -> Option<usize> {
    let len = buf.len();
    let last = *buf.last()?;
    let window = pad_block.min(len).min(255);
    // Branch-free integer masks over the window (all values < 256, so `x - y` in u32 has its top
    // bit set exactly when x < y), with one optimisation barrier per byte on the accumulator:
    // `subtle`'s per-comparison barriers were about 5% of a whole 393-byte decrypt call in wasm.
    let p = u32::from(last);
    let w = u32::try_from(window).unwrap_or(255);
    // bad != 0 unless p in 1..=window
    let mut bad: u32 = (p.wrapping_sub(1) >> 31) | (w.wrapping_sub(p) >> 31);
    for (i, &b) in buf.iter().rev().take(window).enumerate() {
        let i = u32::try_from(i).unwrap_or(255);
        let in_pad = i.wrapping_sub(p) >> 31; // 1 when i < p
        let diff = u32::from(b ^ last); // non-zero when b != p
        bad |= in_pad & (diff.wrapping_neg() >> 31);
        bad = core::hint::black_box(bad);
    }
    // One constant-time conversion of the result.
    let ok: Choice = u8::from(bad == 0).ct_eq(&1);
    if bool::from(ok) {
        len.checked_sub(usize::from(last))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unpad_strict() {
        let mut b = vec![0u8; 16];
        assert_eq!(pkcs7_unpadded_len(&b, 16), None); // pad 0
        b[15] = 1;
        assert_eq!(pkcs7_unpadded_len(&b, 16), Some(15));
        b[15] = 2;
        assert_eq!(pkcs7_unpadded_len(&b, 16), None); // b[14] != 2
        b[14] = 2;
        assert_eq!(pkcs7_unpadded_len(&b, 16), Some(14));
        let full = vec![16u8; 16];
        assert_eq!(pkcs7_unpadded_len(&full, 16), Some(0));
        let over = vec![17u8; 32];
        assert_eq!(pkcs7_unpadded_len(&over, 16), None);
        assert_eq!(pkcs7_unpadded_len(&over, 32), Some(15));
        let mut mixed = vec![7u8; 32];
        mixed[25] = 6;
        assert_eq!(pkcs7_unpadded_len(&mixed, 16), None);
        assert_eq!(pkcs7_unpadded_len(&[], 16), None);
    }

    #[test]
    fn unpad_matches_naive_check_exhaustively() {
        fn naive(buf: &[u8], pad_block: usize) -> Option<usize> {
            let p = usize::from(*buf.last()?);
            if p == 0 || p > pad_block.min(buf.len()) {
                return None;
            }
            buf[buf.len() - p..]
                .iter()
                .all(|&b| usize::from(b) == p)
                .then(|| buf.len() - p)
        }
        for block in [16usize, 32] {
            for len in 1..=48 {
                for last in 0..=255u8 {
                    for bad_at in [None, Some(1usize), Some(2), Some(15), Some(16), Some(31)] {
                        let mut b = vec![last; len];
                        if let Some(k) = bad_at.filter(|&k| k < len) {
                            b[len - 1 - k] ^= 0x5a;
                        }
                        assert_eq!(
                            pkcs7_unpadded_len(&b, block),
                            naive(&b, block),
                            "{block} {len} {last} {bad_at:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn every_pad_value() {
        for block in [16usize, 32] {
            for len in 0..80 {
                let data = vec![0xAAu8; len];
                let padded = pkcs7_pad(&data, block);
                assert_eq!(padded.len() % block, 0);
                assert_eq!(pkcs7_unpadded_len(&padded, block), Some(len));
            }
        }
    }

    #[test]
    fn round_trip() {
        let key = [7u8; 16];
        let iv = [9u8; 16];
        for len in 0..70 {
            let pt: Vec<u8> = (0..len).map(|i| i as u8).collect();
            let mut ct = aes128_cbc_encrypt(&key, &iv, &pt, 16);
            let n = aes128_cbc_decrypt(&key, &iv, &mut ct, 16);
            assert_eq!(n, Ok(len));
            assert_eq!(ct.get(..len), Some(&pt[..]));
        }
        let key32 = [3u8; 32];
        let pt = b"hello push";
        let mut ct = aes256_cbc_encrypt(&key32, &iv, pt, 32);
        assert_eq!(ct.len(), 32);
        assert_eq!(aes256_cbc_decrypt(&key32, &iv, &mut ct, 32), Ok(pt.len()));
    }

    /// Every length 1..=40 blocks: the result matches the `aes` crate and costs `ceil(n / 8)`
    /// passes of the eight-block cipher (counted inside the cipher).
    #[test]
    fn simd_cbc_costs_one_pass_per_eight_blocks() {
        let key: [u8; 16] = core::array::from_fn(|i| (i * 29 + 3) as u8);
        let iv: [u8; 16] = core::array::from_fn(|i| (i * 7 + 100) as u8);
        for n in 1..=40usize {
            let ct: Vec<u8> = (0..16 * n).map(|i| (i * 131 + n) as u8).collect();
            let mut want = ct.clone();
            cbc::Decryptor::<aes::Aes128>::new(&key.into(), &iv.into())
                .decrypt_padded::<NoPadding>(&mut want)
                .unwrap();
            let mut got = ct.clone();
            let before = crate::aes_simd::passes();
            aes128_simd_cbc_decrypt(&key, &iv, &mut got).unwrap();
            assert_eq!(
                crate::aes_simd::passes() - before,
                n.div_ceil(8),
                "{n} blocks"
            );
            assert_eq!(got, want, "{n} blocks");
        }
        let mut partial = [0u8; 40];
        assert_eq!(
            aes128_simd_cbc_decrypt(&key, &iv, &mut partial),
            Err(CbcError::Length)
        );
    }

    /// Why `aes128_simd_cbc_decrypt` pads the last pass itself: `cbc` 0.2 decrypts a tail of
    /// fewer than eight blocks one block (so one whole pass) at a time. If this starts failing,
    /// `cbc` now forwards tails to the backend and the padding can go.
    #[test]
    fn cbc_decrypts_tail_blocks_one_pass_each() {
        let key = [1u8; 16];
        let iv = [2u8; 16];
        for n in 1..=20usize {
            let mut buf = vec![0x5au8; 16 * n];
            let before = crate::aes_simd::passes();
            cbc::Decryptor::<Aes128Simd>::new(&key.into(), &iv.into())
                .decrypt_padded::<NoPadding>(&mut buf)
                .unwrap();
            assert_eq!(
                crate::aes_simd::passes() - before,
                n / 8 + n % 8,
                "{n} blocks"
            );
        }
    }

    /// The cipher on its own (`decrypt_blocks`, no mode): the backend's tail path is one pass.
    #[test]
    fn simd_cipher_blocks_cost_one_pass_per_eight() {
        use aes::cipher::{BlockCipherDecrypt, KeyInit};
        let key = [9u8; 16];
        let simd = Aes128Simd::new(&key.into());
        let reference = aes::Aes128::new(&key.into());
        for n in 0..=20usize {
            let mut blocks: Vec<Array<u8, U16>> = (0..n)
                .map(|i| Array::from(core::array::from_fn::<u8, 16, _>(|j| (i * 16 + j) as u8)))
                .collect();
            let mut want = blocks.clone();
            reference.decrypt_blocks(&mut want);
            let before = crate::aes_simd::passes();
            simd.decrypt_blocks(&mut blocks);
            assert_eq!(
                crate::aes_simd::passes() - before,
                n.div_ceil(8),
                "{n} blocks"
            );
            assert_eq!(blocks, want, "{n} blocks");
        }
        let mut one = Array::from([0x42u8; 16]);
        let mut one_ref = one;
        let before = crate::aes_simd::passes();
        simd.decrypt_block(&mut one);
        reference.decrypt_block(&mut one_ref);
        assert_eq!(crate::aes_simd::passes() - before, 1);
        assert_eq!(one, one_ref);
        assert_eq!(format!("{simd:?}"), "Aes128Simd { .. }");
    }

    #[test]
    fn aes192_matches_the_mode_s_several_block_path() {
        let key: [u8; 24] = core::array::from_fn(|i| (i * 13 + 1) as u8);
        let iv: [u8; 16] = core::array::from_fn(|i| (i * 5 + 2) as u8);
        for n in 1..=12usize {
            let mut pt: Vec<u8> = (0..16 * n - 1).map(|i| (i * 7) as u8).collect();
            pt.push(1); // a valid one-byte padding
            let mut ct = pt.clone();
            let len = ct.len();
            cbc::Encryptor::<aes::Aes192>::new(&key.into(), &iv.into())
                .encrypt_padded::<NoPadding>(&mut ct, len)
                .unwrap();
            let mut want = ct.clone();
            cbc::Decryptor::<aes::Aes192>::new(&key.into(), &iv.into())
                .decrypt_padded::<NoPadding>(&mut want)
                .unwrap();
            assert_eq!(want, pt);
            assert_eq!(aes192_cbc_decrypt(&key, &iv, &mut ct, 32), Ok(len - 1));
            assert_eq!(ct, pt, "{n} blocks");
        }
        assert_eq!(
            aes192_cbc_decrypt(&[0; 24], &[0; 16], &mut [0u8; 20], 32),
            Err(CbcError::Length)
        );
    }

    #[test]
    fn bad_lengths() {
        let key = [0u8; 16];
        let iv = [0u8; 16];
        assert_eq!(
            aes128_cbc_decrypt(&key, &iv, &mut [], 16),
            Err(CbcError::Length)
        );
        assert_eq!(
            aes128_cbc_decrypt(&key, &iv, &mut [0u8; 17], 16),
            Err(CbcError::Length)
        );
    }
}
