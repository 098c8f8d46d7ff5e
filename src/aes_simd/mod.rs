//! AES-128 decryption with eight blocks per pass, for WebAssembly SIMD128, as a RustCrypto block
//! cipher ([`Aes128Simd`]: `KeyInit` + `BlockCipherDecrypt`, parallel blocks 8) for
//! `cbc::Decryptor`.
//!
//! This is RustCrypto's fixsliced AES (Adomnicai and Peyrin, <https://eprint.iacr.org/2020/1123>,
//! as implemented in the `aes` crate 0.9.4, `backends/fixslice`, MIT/Apache-2.0) with one change:
//! the state word is 128 bits wide ([`word::W`]), so one pass decrypts eight blocks instead of the
//! two (32-bit) the `aes` crate manages on `wasm32`. CBC decryption is parallel across blocks, so
//! `cbc::Decryptor` feeds the backend eight blocks at a time. The key schedule, the same for all
//! eight blocks, runs once for one block (16-bit planes, [`word::K`], packed eight to a word for
//! the linear steps) and is then broadcast to the eight lanes (as the `aes` crate computes its
//! schedule on its narrowest word and broadcasts).
//!
//! Constant time by construction: the cipher is bitsliced (no table lookups at all), the only
//! operations on secret data are AND/OR/XOR/NOT, shifts and rotations by fixed distances, and the
//! only branches and indices are on public lengths and round numbers. On `wasm32` with `simd128`
//! the word is a `v128` register; elsewhere (native tests) a `u128` with identical semantics. The
//! build without SIMD does not use this module: [`crate::crypto`] falls back to the `aes` crate.
//!
//! Checked by `tests/aes_simd.rs`: NIST SP 800-38A F.2.2, the Wycheproof AES-CBC-PKCS5 vectors
//! (`tests/vectors/`), every message length of 1..=40 blocks, and a differential test against the
//! `aes` crate over a million random inputs; in wasm (`wasm-pack test` with `simd128`) and through
//! the JS package against node:crypto. Unit tests here check the packed key schedule against the
//! eight-lane one; unit tests in [`crate::crypto`] count the passes.

mod sbox;
pub(crate) mod word;

use core::fmt;

use aes::cipher::consts::{U16, U8};
use aes::cipher::{
    AlgorithmName, Block, BlockCipherDecBackend, BlockCipherDecClosure, BlockCipherDecrypt,
    BlockSizeUser, InOut, InOutBuf, Key, KeyInit, KeySizeUser, ParBlocks, ParBlocksSizeUser,
};
use sbox::{inv_sub_bytes, sub_bytes, sub_bytes_nots};
use word::{Word, K, W};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// Blocks per pass.
pub const PAR_BLOCKS: usize = 8;

type State = [W; 8];
/// Round keys 0..=10 in the fixsliced representation.
type RoundKeys = [State; 11];

#[inline(always)]
fn delta_swap_1<T: Word>(a: &mut T, shift: u32, mask: T) {
    let t = (*a ^ ((*a) >> shift)) & mask;
    *a ^= t ^ (t << shift);
}

#[inline(always)]
fn delta_swap_2(a: &mut W, b: &mut W, shift: u32, mask: W) {
    let t = (*a ^ ((*b) >> shift)) & mask;
    *a ^= t;
    *b ^= t << shift;
}

/// Exchange index bits (word 0..2) <-> (bit in byte 0..2): the bitslicing transform, its own
/// inverse.
#[inline(always)]
fn bitslice_swaps(t: &mut State) {
    let [t0, t1, t2, t3, t4, t5, t6, t7] = t;
    let m0 = W::byte_repeat(0x55);
    delta_swap_2(t1, t0, 1, m0);
    delta_swap_2(t3, t2, 1, m0);
    delta_swap_2(t5, t4, 1, m0);
    delta_swap_2(t7, t6, 1, m0);
    let m1 = W::byte_repeat(0x33);
    delta_swap_2(t2, t0, 2, m1);
    delta_swap_2(t3, t1, 2, m1);
    delta_swap_2(t6, t4, 2, m1);
    delta_swap_2(t7, t5, 2, m1);
    let m2 = W::byte_repeat(0x0f);
    delta_swap_2(t4, t0, 4, m2);
    delta_swap_2(t5, t1, 4, m2);
    delta_swap_2(t6, t2, 4, m2);
    delta_swap_2(t7, t3, 4, m2);
}

/// Eight blocks into the bitsliced state: word `b` first holds block `b` transposed (bit index
/// `b2 b1 b0 | r1 r0 c1 c0 p2 p1 p0`), then the swaps move `p` to the word index.
/// Up to eight blocks are read; missing lanes are zero.
#[inline(always)]
fn bitslice<'a>(blocks: impl IntoIterator<Item = &'a [u8; 16]>) -> State {
    let mut t = [W::default(); 8];
    for (w, b) in t.iter_mut().zip(blocks) {
        *w = W::load_transposed(b);
    }
    bitslice_swaps(&mut t);
    t
}

/// The blocks back out of `state` (up to eight are written); `state` is left scrambled, for the
/// caller to wipe.
#[inline(always)]
fn inv_bitslice<'a>(state: &mut State, out: impl IntoIterator<Item = &'a mut [u8; 16]>) {
    bitslice_swaps(state);
    for (o, w) in out.into_iter().zip(state.iter()) {
        *o = w.store_transposed();
    }
}

#[cfg(test)]
#[inline(always)]
fn shift_rows_1<T: Word>(state: &mut [T; 8]) {
    for x in state.iter_mut() {
        delta_swap_1(x, T::HALF_ROW, T::pack_rows(0x0, 0x1, 0x3, 0x2));
        delta_swap_1(x, T::QUARTER_ROW, T::pack_rows(0x0, 0x5, 0x0, 0x5));
    }
}

#[inline(always)]
fn shift_rows_2<T: Word>(state: &mut [T; 8]) {
    for x in state.iter_mut() {
        delta_swap_1(x, T::HALF_ROW, T::pack_rows(0x0, 0x3, 0x0, 0x3));
    }
}

#[cfg(test)]
#[inline(always)]
fn shift_rows_3<T: Word>(state: &mut [T; 8]) {
    for x in state.iter_mut() {
        delta_swap_1(x, T::HALF_ROW, T::pack_rows(0x0, 0x2, 0x3, 0x1));
        delta_swap_1(x, T::QUARTER_ROW, T::pack_rows(0x0, 0x5, 0x0, 0x5));
    }
}

#[inline(always)]
fn add_round_key(state: &mut State, rkey: &State) {
    for (a, b) in state.iter_mut().zip(rkey.iter()) {
        *a ^= *b;
    }
}

#[inline(always)]
fn rotate_rows_1(x: W) -> W {
    x.ror(W::ror_distance(1, 0))
}
#[inline(always)]
fn rotate_rows_2(x: W) -> W {
    x.ror(W::ror_distance(2, 0))
}
#[inline(always)]
fn rotate_rows_and_columns_1_1(x: W) -> W {
    (x.ror(W::ror_distance(1, 1)) & W::uniform_row(0x7))
        | (x.ror(W::ror_distance(0, 1)) & W::uniform_row(0x8))
}
#[inline(always)]
fn rotate_rows_and_columns_1_2(x: W) -> W {
    (x.ror(W::ror_distance(1, 2)) & W::uniform_row(0x3))
        | (x.ror(W::ror_distance(0, 2)) & W::uniform_row(0xc))
}
#[inline(always)]
fn rotate_rows_and_columns_1_3(x: W) -> W {
    (x.ror(W::ror_distance(1, 3)) & W::uniform_row(0x1))
        | (x.ror(W::ror_distance(0, 3)) & W::uniform_row(0xe))
}
#[inline(always)]
fn rotate_rows_and_columns_2_2(x: W) -> W {
    (x.ror(W::ror_distance(2, 2)) & W::uniform_row(0x3))
        | (x.ror(W::ror_distance(1, 2)) & W::uniform_row(0xc))
}

/// InvMixColumns in the fixsliced representation (Käsper-Schwabe), as in the `aes` crate.
macro_rules! define_inv_mix_columns {
    ($name:ident, $first_rotate:path, $second_rotate:path) => {
#[rustfmt::skip]
        fn $name(state: &mut State) {
            let [a0, a1, a2, a3, a4, a5, a6, a7] = *state;
            let (b0, b1, b2, b3, b4, b5, b6, b7) = (
                $first_rotate(a0), $first_rotate(a1), $first_rotate(a2), $first_rotate(a3),
                $first_rotate(a4), $first_rotate(a5), $first_rotate(a6), $first_rotate(a7),
            );
            let (c0, c1, c2, c3, c4, c5, c6, c7) = (
                a0 ^ b0, a1 ^ b1, a2 ^ b2, a3 ^ b3, a4 ^ b4, a5 ^ b5, a6 ^ b6, a7 ^ b7,
            );
            let (d0, d1, d2, d3, d4, d5, d6, d7) = (
                a0      ^ c7,
                a1 ^ c0 ^ c7,
                a2 ^ c1,
                a3 ^ c2 ^ c7,
                a4 ^ c3 ^ c7,
                a5 ^ c4,
                a6 ^ c5,
                a7 ^ c6,
            );
            let (e0, e1, e2, e3, e4, e5, e6, e7) = (
                c0      ^ d6,
                c1      ^ d6 ^ d7,
                c2 ^ d0      ^ d7,
                c3 ^ d1 ^ d6,
                c4 ^ d2 ^ d6 ^ d7,
                c5 ^ d3      ^ d7,
                c6 ^ d4,
                c7 ^ d5,
            );
            *state = [
                d0 ^ e0 ^ $second_rotate(e0),
                d1 ^ e1 ^ $second_rotate(e1),
                d2 ^ e2 ^ $second_rotate(e2),
                d3 ^ e3 ^ $second_rotate(e3),
                d4 ^ e4 ^ $second_rotate(e4),
                d5 ^ e5 ^ $second_rotate(e5),
                d6 ^ e6 ^ $second_rotate(e6),
                d7 ^ e7 ^ $second_rotate(e7),
            ];
        }
    };
}
define_inv_mix_columns!(inv_mix_columns_0, rotate_rows_1, rotate_rows_2);
define_inv_mix_columns!(
    inv_mix_columns_1,
    rotate_rows_and_columns_1_1,
    rotate_rows_and_columns_2_2
);
define_inv_mix_columns!(
    inv_mix_columns_2,
    rotate_rows_and_columns_1_2,
    rotate_rows_2
);
define_inv_mix_columns!(
    inv_mix_columns_3,
    rotate_rows_and_columns_1_3,
    rotate_rows_and_columns_2_2
);

/// The fully bitsliced AES-128 key schedule in the fixsliced representation (`aes` crate's
/// `fixslice::aes128::key_schedule`, with the round keys as an array of states), from the
/// bitsliced key `key`, on eight copies of the key in the eight-block word. The reference for
/// [`packed_key_schedule`], which computes the same round keys with far less work (tests only).
#[cfg(test)]
fn key_schedule<T: Word>(rk: &mut [[T; 8]; 11], key: [T; 8]) {
    let mut prev = key;
    rk[0] = prev;
    for (rcon, slot) in rk.iter_mut().skip(1).enumerate() {
        let mut cur = prev;
        sub_bytes(&mut cur);
        sub_bytes_nots(&mut cur);
        add_round_constant(&mut cur, rcon);
        // xor_columns(rkeys, off, 8, ror_distance(1, 3))
        let mut next = [T::default(); 8];
        for ((n, p), c) in next.iter_mut().zip(prev.iter()).zip(cur.iter()) {
            let t = *p ^ (T::uniform_row(0x1) & c.ror(T::ror_distance(1, 3)));
            *n = t
                ^ (T::uniform_row(0xe) & (t << T::QUARTER_ROW))
                ^ (T::uniform_row(0xc) & (t << T::HALF_ROW))
                ^ (T::uniform_row(0x8) & (t << (3 * T::QUARTER_ROW)));
        }
        *slot = next;
        prev = next;
        cur.iter_mut().for_each(|w| *w = T::default());
    }
    prev.iter_mut().for_each(|w| *w = T::default());
    // Adjust to the fixslicing format (inv_shift_rows_1/2/3 = shift_rows_3/2/1).
    shift_rows_3(&mut rk[1]);
    shift_rows_2(&mut rk[2]);
    shift_rows_1(&mut rk[3]);
    shift_rows_3(&mut rk[5]);
    shift_rows_2(&mut rk[6]);
    shift_rows_1(&mut rk[7]);
    shift_rows_3(&mut rk[9]);
    // Account for the NOTs removed from sub_bytes.
    for k in rk.iter_mut().skip(1) {
        sub_bytes_nots(k);
    }
}

/// add_round_constant_bit: round constant `rcon` (0-based: 1, 2, 4, ..., 0x80, then 0x1b, 0x36)
/// into row 1, column 3 of the planes. Branches and indices on the public round number only.
fn add_round_constant<T: Word>(cur: &mut [T; 8], rcon: usize) {
    let bit = T::pack_rows(0x0, 0x8, 0x0, 0x0);
    match rcon {
        0..=7 => {
            for (i, w) in cur.iter_mut().enumerate() {
                if i == rcon {
                    *w ^= bit;
                }
            }
        }
        _ => {
            let r = rcon - 8;
            for (i, w) in cur.iter_mut().enumerate() {
                if i == r || i == r + 1 || i == r + 3 || i == r + 4 {
                    *w ^= bit;
                }
            }
        }
    }
}

/// The key schedule of [`key_schedule`] on the one-block word [`K`], with the eight planes of a
/// round key packed into the 16-bit lanes of one [`W`] (plane `p` in lane `p`): the S-box works
/// on the planes one by one, and everything linear (the column XORs, the ShiftRows adjustments,
/// the NOTs) on all eight at once. The shifts are by 1..=9 bits, which both words do within
/// each 64-bit half; every mask leaves out the bits a shift carries across a 16-bit lane, so each
/// lane computes exactly what a [`K`] would. The tests check the result against the schedule run
/// on eight copies of the key.
fn packed_key_schedule(rk: &mut [W; 11], key: &[u8; 16]) {
    let lanes = |k: K| W::from_lanes16([k.0; 8]);
    let row = |b: u8| lanes(K::uniform_row(b));
    let mut prev = W::from_lanes16(W::bit_planes(key));
    rk[0] = prev;
    for (rcon, slot) in rk.iter_mut().skip(1).enumerate() {
        let mut cur = Zeroizing::new(prev.lanes16().map(K));
        sub_bytes(&mut cur);
        sub_bytes_nots(&mut cur);
        add_round_constant(&mut cur, rcon);
        let c = W::from_lanes16(cur.map(|k| k.0));
        // xor_columns: rotate each lane right by ror_distance(1, 3) = 7 bits.
        let r = ((c >> 7) & lanes(K(0x01ff))) | ((c << 9) & lanes(K(0xfe00)));
        let t = prev ^ (row(0x1) & r);
        let next = t ^ (row(0xe) & (t << 1)) ^ (row(0xc) & (t << 2)) ^ (row(0x8) & (t << 3));
        *slot = next;
        prev = next;
    }
    // Adjust to the fixslicing format (inv_shift_rows_1/2/3 = shift_rows_3/2/1), as
    // `shift_rows_*` on K with the masks in every lane.
    let swap = |x: &mut W, shift: u32, mask: K| delta_swap_1(x, shift, lanes(mask));
    let sr1 = |x: &mut W| {
        swap(x, 2, K::pack_rows(0x0, 0x1, 0x3, 0x2));
        swap(x, 1, K::pack_rows(0x0, 0x5, 0x0, 0x5));
    };
    let sr2 = |x: &mut W| swap(x, 2, K::pack_rows(0x0, 0x3, 0x0, 0x3));
    let sr3 = |x: &mut W| {
        swap(x, 2, K::pack_rows(0x0, 0x2, 0x3, 0x1));
        swap(x, 1, K::pack_rows(0x0, 0x5, 0x0, 0x5));
    };
    sr3(&mut rk[1]);
    sr2(&mut rk[2]);
    sr1(&mut rk[3]);
    sr3(&mut rk[5]);
    sr2(&mut rk[6]);
    sr1(&mut rk[7]);
    sr3(&mut rk[9]);
    // Account for the NOTs removed from sub_bytes (planes 0, 1, 5, 6: see `sub_bytes_nots`).
    let nots = W::from_lanes16([0xffff, 0xffff, 0, 0, 0, 0xffff, 0xffff, 0]);
    for k in rk.iter_mut().skip(1) {
        *k ^= nots;
    }
}

/// Fully-fixsliced AES-128 decryption of eight blocks.
/// Decrypts the eight bitsliced blocks of `st` in place.
fn decrypt8(rk: &RoundKeys, st: &mut State) {
    #[cfg(test)]
    PASSES.with(|p| p.set(p.get() + 1));
    add_round_key(st, &rk[10]);
    inv_sub_bytes(st);
    shift_rows_2(st); // inv_shift_rows_2
    macro_rules! round {
        ($k:literal, $imc:ident) => {
            add_round_key(st, &rk[$k]);
            $imc(st);
            inv_sub_bytes(st);
        };
    }
    round!(9, inv_mix_columns_1);
    round!(8, inv_mix_columns_0);
    round!(7, inv_mix_columns_3);
    round!(6, inv_mix_columns_2);
    round!(5, inv_mix_columns_1);
    round!(4, inv_mix_columns_0);
    round!(3, inv_mix_columns_3);
    round!(2, inv_mix_columns_2);
    round!(1, inv_mix_columns_1);
    add_round_key(st, &rk[0]);
}

/// AES-128 (decryption only) as a RustCrypto block cipher: eight blocks per pass.
///
/// Use it through `cbc::Decryptor::<Aes128Simd>`: the backend's `ParBlocksSize` is 8, so runs of
/// eight blocks take the parallel path, one pass each. A lone block also costs a whole pass (the
/// other seven lanes compute on zeros), and so does a tail of 1..=7 blocks handed to the
/// backend's `decrypt_tail_blocks` (what `BlockCipherDecrypt::decrypt_blocks` does). `cbc` 0.2
/// decrypts the tail of a message one block at a time, so [`crate::crypto`] rounds the last
/// pass up to eight blocks itself: an `n`-block message costs `ceil(n / 8)` passes.
///
/// The round keys are zeroized on drop; `Debug` prints none of them.
pub struct Aes128Simd {
    rk: RoundKeys,
}

impl KeySizeUser for Aes128Simd {
    type KeySize = U16;
}

impl KeyInit for Aes128Simd {
    #[inline]
    fn new(key: &Key<Self>) -> Self {
        let mut packed = Zeroizing::new([W::default(); 11]);
        packed_key_schedule(&mut packed, &key.0);
        let mut cipher = Self {
            rk: [[W::default(); 8]; 11],
        };
        for (wide, one) in cipher.rk.iter_mut().zip(packed.iter()) {
            let planes = Zeroizing::new(one.lanes16());
            for (w, k) in wide.iter_mut().zip(planes.iter()) {
                *w = W::broadcast(*k);
            }
        }
        cipher
    }
}

impl BlockSizeUser for Aes128Simd {
    type BlockSize = U16;
}

impl BlockCipherDecrypt for Aes128Simd {
    #[inline]
    fn decrypt_with_backend(&self, f: impl BlockCipherDecClosure<BlockSize = U16>) {
        f.call(&Backend { rk: &self.rk });
    }
}

impl AlgorithmName for Aes128Simd {
    fn write_alg_name(f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Aes128Simd")
    }
}

impl fmt::Debug for Aes128Simd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Aes128Simd { .. }")
    }
}

impl Drop for Aes128Simd {
    fn drop(&mut self) {
        self.rk.zeroize();
    }
}

impl ZeroizeOnDrop for Aes128Simd {}

/// The decryption backend: borrows the round keys for the duration of one closure call.
struct Backend<'a> {
    rk: &'a RoundKeys,
}

impl BlockSizeUser for Backend<'_> {
    type BlockSize = U16;
}

impl ParBlocksSizeUser for Backend<'_> {
    type ParBlocksSize = U8;
}

/// One pass: up to eight (ciphertext, so not secret) blocks read straight from `$input` (lanes
/// past it are zero), decrypted, and as many plaintext blocks written to `$out`. The state is
/// wiped when it goes out of scope; all input is read before any output is written, so the two
/// may be the same buffer.
macro_rules! pass {
    ($rk:expr, $input:expr, $out:expr) => {{
        let mut st = Zeroizing::new(bitslice($input));
        decrypt8($rk, &mut st);
        inv_bitslice(&mut st, $out);
    }};
}

impl BlockCipherDecBackend for Backend<'_> {
    #[inline(always)]
    fn decrypt_block(&self, mut block: InOut<'_, '_, Block<Self>>) {
        pass!(self.rk, [&block.get_in().0], [&mut block.get_out().0]);
    }

    #[inline(always)]
    fn decrypt_par_blocks(&self, mut blocks: InOut<'_, '_, ParBlocks<Self>>) {
        pass!(
            self.rk,
            blocks.get_in().iter().map(|b| &b.0),
            blocks.get_out().iter_mut().map(|b| &mut b.0)
        );
    }

    /// The 0..=7 blocks left after the parallel chunks, in one pass (the trait's default would
    /// run a whole pass per block).
    #[inline(always)]
    fn decrypt_tail_blocks(&self, mut blocks: InOutBuf<'_, '_, Block<Self>>) {
        if blocks.is_empty() {
            return;
        }
        pass!(
            self.rk,
            blocks.get_in().iter().map(|b| &b.0),
            blocks.get_out().iter_mut().map(|b| &mut b.0)
        );
    }
}

#[cfg(test)]
thread_local! {
    /// Passes of [`decrypt8`] run on this thread (tests count them).
    static PASSES: core::cell::Cell<usize> = const { core::cell::Cell::new(0) };
}

/// Number of eight-block passes run on this thread so far (tests only).
#[cfg(test)]
pub(crate) fn passes() -> usize {
    PASSES.with(|p| p.get())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bitslice_round_trips() {
        let mut blocks = [[0u8; 16]; PAR_BLOCKS];
        for (i, b) in blocks.iter_mut().enumerate() {
            for (j, x) in b.iter_mut().enumerate() {
                *x = (i * 37 + j * 11 + 5) as u8;
            }
        }
        let mut st = bitslice(&blocks);
        let mut out = [[0u8; 16]; PAR_BLOCKS];
        inv_bitslice(&mut st, &mut out);
        assert_eq!(out, blocks);
    }

    /// Round keys as bytes (the SIMD word has no `PartialEq`).
    fn bytes(rk: &RoundKeys) -> Vec<[u8; 16]> {
        rk.iter().flatten().map(|w| w.store_transposed()).collect()
    }

    /// The packed one-block schedule, broadcast, equals the schedule run on eight copies of the
    /// key.
    #[test]
    fn packed_key_schedule_matches_eight_lane_schedule() {
        let mut key = [0u8; 16];
        for round in 0..300u32 {
            for (j, x) in key.iter_mut().enumerate() {
                *x = (round.wrapping_mul(2_654_435_761) >> (j % 24)) as u8 ^ (j as u8 * 17);
            }
            if round == 1 {
                key = [0xff; 16];
            }
            let mut wide = [[W::default(); 8]; 11];
            key_schedule(&mut wide, bitslice(&[key; PAR_BLOCKS]));
            let cipher = Aes128Simd::new(&key.into());
            assert_eq!(bytes(&cipher.rk), bytes(&wide), "key {key:02x?}");
        }
    }

    #[test]
    fn broadcast_and_bit_planes() {
        let block: [u8; 16] = core::array::from_fn(|i| (i as u8).wrapping_mul(73) ^ 0xa5);
        let planes = W::bit_planes(&block);
        let wide = bitslice(&[block; PAR_BLOCKS]);
        for (p, w) in planes.iter().zip(wide.iter()) {
            assert_eq!(W::broadcast(*p).store_transposed(), w.store_transposed());
        }
    }
}
