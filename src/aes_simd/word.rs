//! The 128-bit word of the bitsliced state: eight AES blocks side by side.
//!
//! Bit index inside the state (10 bits): `p2 p1 p0 | r1 r0 c1 c0 b2 b1 b0` where `p` is the bit
//! position in a byte (which of the 8 words), `r`/`c` the row/column of the byte in the AES state
//! and `b` the block (0..8). A row is 32 bits, a column inside a row 8 bits (one bit per block).
//!
//! Two implementations of the same operations, selected at compile time:
//! - `wasm32` with `simd128`: a `v128` register; byte rotations and byte shifts are
//!   `i8x16.shuffle` with constant indices, the bit shifts of the bitslicing transform are
//!   `i64x2.shl`/`i64x2.shr_u`, everything else is `v128.and/or/xor/not`.
//! - everywhere else: a `u128` with exactly the same semantics (byte rotations and byte shifts are
//!   whole-word, bit shifts by 1, 2 or 4 act on each 64-bit half), so native tests run the
//!   identical algorithm.
//!
//! No operation depends on data for control flow or memory addresses: the shift and rotation
//! distances are compile-time constants of the algorithm, never derived from keys or data.

use core::ops::{BitAnd, BitAndAssign, BitOr, BitOrAssign, BitXor, BitXorAssign, Not, Shl, Shr};

/// The operations the fixsliced AES needs from a word (as RustCrypto's `fixslice::Word`),
/// implemented by the eight-block [`W`] and the one-block [`K`] of the key schedule.
pub(crate) trait Word:
    Sized
    + Copy
    + Default
    + BitAnd<Output = Self>
    + BitAndAssign
    + BitOr<Output = Self>
    + BitOrAssign
    + BitXor<Output = Self>
    + BitXorAssign
    + Not<Output = Self>
    + Shl<u32, Output = Self>
    + Shr<u32, Output = Self>
{
    /// Bits in one row of the state.
    const ROW_BITS: u32 = 32;
    /// Half a row.
    const HALF_ROW: u32 = 16;
    /// A quarter row: one column.
    const QUARTER_ROW: u32 = 8;

    /// Distance in bits to rotate a state row by `(rows, cols)` positions.
    #[inline(always)]
    fn ror_distance(rows: u32, cols: u32) -> u32 {
        rows * Self::ROW_BITS + cols * Self::QUARTER_ROW
    }
    /// Rotate right by `n` bits (`n` a multiple of 8).
    fn ror(self, n: u32) -> Self;
    /// The same 4-bit column pattern in every row.
    #[inline(always)]
    fn uniform_row(b: u8) -> Self {
        Self::pack_rows(b, b, b, b)
    }
    /// One 4-bit column pattern per row (row 0 in the low bits).
    fn pack_rows(r0: u8, r1: u8, r2: u8, r3: u8) -> Self;
}

/// Each bit of a 4-bit column pattern widened to 8 bits (one per block): a 32-bit row.
#[inline(always)]
const fn row_pattern(b: u8) -> u32 {
    let mut out = 0u32;
    let mut i = 0;
    while i < 4 {
        if (b >> i) & 1 == 1 {
            out |= 0xff << (8 * i);
        }
        i += 1;
    }
    out
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
pub(crate) use simd::W;

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
pub(crate) use portable::W;

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod portable {
    use super::{row_pattern, Word};

    /// Byte `4r + c` of the transposed block comes from byte `4c + r` (an involution).
    const TRANSPOSE: [usize; 16] = [0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15];
    use core::ops::{
        BitAnd, BitAndAssign, BitOr, BitOrAssign, BitXor, BitXorAssign, Not, Shl, Shr,
    };

    /// The portable word: a `u128`, little-endian byte order as in a `v128`.
    #[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
    pub(crate) struct W(pub(crate) u128);

    impl zeroize::DefaultIsZeroes for W {}

    const LO: u128 = u64::MAX as u128;

    impl Shr<u32> for W {
        type Output = W;
        #[inline(always)]
        fn shr(self, n: u32) -> W {
            if n % 8 == 0 {
                W(self.0.checked_shr(n).unwrap_or(0))
            } else {
                // i64x2.shr_u: each 64-bit half on its own.
                let lo = ((self.0 & LO) as u64) >> (n % 64);
                let hi = ((self.0 >> 64) as u64) >> (n % 64);
                W(u128::from(lo) | (u128::from(hi) << 64))
            }
        }
    }
    impl Shl<u32> for W {
        type Output = W;
        #[inline(always)]
        fn shl(self, n: u32) -> W {
            if n % 8 == 0 {
                W(self.0.checked_shl(n).unwrap_or(0))
            } else {
                let lo = ((self.0 & LO) as u64) << (n % 64);
                let hi = ((self.0 >> 64) as u64) << (n % 64);
                W(u128::from(lo) | (u128::from(hi) << 64))
            }
        }
    }
    macro_rules! bitop {
        ($tr:ident, $f:ident, $tra:ident, $fa:ident, $op:tt) => {
            impl $tr for W {
                type Output = W;
                #[inline(always)]
                fn $f(self, o: W) -> W {
                    W(self.0 $op o.0)
                }
            }
            impl $tra for W {
                #[inline(always)]
                fn $fa(&mut self, o: W) {
                    self.0 = self.0 $op o.0;
                }
            }
        };
    }
    bitop!(BitAnd, bitand, BitAndAssign, bitand_assign, &);
    bitop!(BitOr, bitor, BitOrAssign, bitor_assign, |);
    bitop!(BitXor, bitxor, BitXorAssign, bitxor_assign, ^);
    impl Not for W {
        type Output = W;
        #[inline(always)]
        fn not(self) -> W {
            W(!self.0)
        }
    }

    impl Word for W {
        #[inline(always)]
        fn ror(self, n: u32) -> W {
            W(self.0.rotate_right(n))
        }
        #[inline(always)]
        fn pack_rows(r0: u8, r1: u8, r2: u8, r3: u8) -> W {
            W(u128::from(row_pattern(r0))
                | (u128::from(row_pattern(r1)) << 32)
                | (u128::from(row_pattern(r2)) << 64)
                | (u128::from(row_pattern(r3)) << 96))
        }
    }

    impl W {
        /// Byte `b` in every byte.
        #[inline(always)]
        pub(crate) fn byte_repeat(b: u8) -> W {
            W(u128::from_le_bytes([b; 16]))
        }
        /// The 16 bytes of a block, transposed (byte `4r + c` takes input byte `4c + r`).
        #[inline(always)]
        pub(crate) fn load_transposed(block: &[u8; 16]) -> W {
            let mut t = [0u8; 16];
            for (o, &i) in t.iter_mut().zip(TRANSPOSE.iter()) {
                *o = block.get(i).copied().unwrap_or(0);
            }
            W(u128::from_le_bytes(t))
        }
        /// Inverse of `load_transposed`.
        #[inline(always)]
        pub(crate) fn store_transposed(self) -> [u8; 16] {
            let b = self.0.to_le_bytes();
            let mut t = [0u8; 16];
            for (o, &i) in t.iter_mut().zip(TRANSPOSE.iter()) {
                *o = b.get(i).copied().unwrap_or(0);
            }
            t
        }
        /// One block bitsliced: `planes[p]` bit `j` is bit `p` of byte `j` of the transposed
        /// block (the one-block layout of [`K`](super::K)).
        #[inline(always)]
        pub(crate) fn bit_planes(block: &[u8; 16]) -> [u16; 8] {
            let t = W::load_transposed(block).0;
            core::array::from_fn(|p| {
                let mut plane = 0u16;
                for j in 0..16 {
                    // Bit `p` of byte `j` to bit `j`: shifts by public distances only.
                    plane |= (((t >> (8 * j + p)) & 1) as u16) << j;
                }
                plane
            })
        }
        /// Eight 16-bit lanes (lane `p` in bits `16p..16p + 16`).
        #[inline(always)]
        pub(crate) fn from_lanes16(l: [u16; 8]) -> W {
            let mut x = 0u128;
            for (p, v) in l.iter().enumerate() {
                x |= u128::from(*v) << (16 * p);
            }
            W(x)
        }
        /// Inverse of `from_lanes16`.
        #[inline(always)]
        pub(crate) fn lanes16(self) -> [u16; 8] {
            core::array::from_fn(|p| (self.0 >> (16 * p)) as u16)
        }
        /// The word with byte `j` all ones where bit `j` of `plane` is set, else zero: a
        /// one-block plane copied into all eight block lanes.
        #[inline(always)]
        pub(crate) fn broadcast(plane: u16) -> W {
            let [lo, hi] = plane.to_le_bytes();
            W(u128::from(spread(lo)) | (u128::from(spread(hi)) << 64))
        }
    }

    /// Bit `i` of `b` to byte `i`, as `0x00` or `0xff` (shifts, masks and one multiplication by
    /// a constant; no branches).
    #[inline(always)]
    fn spread(b: u8) -> u64 {
        let mut t = u64::from(b);
        t = (t | (t << 28)) & 0x0000_000f_0000_000f;
        t = (t | (t << 14)) & 0x0003_0003_0003_0003;
        t = (t | (t << 7)) & 0x0101_0101_0101_0101;
        t.wrapping_mul(0xff)
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use super::{row_pattern, Word};
    use core::arch::wasm32::{
        i16x8_splat, i64x2_shl, i64x2_splat, i8x16_bitmask, i8x16_eq, i8x16_shl, i8x16_shuffle,
        u16x8, u16x8_extract_lane, u64x2, u64x2_extract_lane, u64x2_shr, u8x16, u8x16_splat, v128,
        v128_and, v128_not, v128_or, v128_xor,
    };
    use core::ops::{
        BitAnd, BitAndAssign, BitOr, BitOrAssign, BitXor, BitXorAssign, Not, Shl, Shr,
    };

    /// The SIMD word: one `v128` register.
    #[derive(Clone, Copy)]
    pub(crate) struct W(pub(crate) v128);

    impl Default for W {
        #[inline(always)]
        fn default() -> W {
            W(i64x2_splat(0))
        }
    }
    impl zeroize::DefaultIsZeroes for W {}

    /// Source lane of byte `j` for a shift of `k` bytes towards lane 0 (16 = the zero vector).
    const fn down(k: usize, j: usize) -> usize {
        if j + k < 16 {
            j + k
        } else {
            16
        }
    }
    /// Source lane of byte `j` for a shift of `k` bytes away from lane 0.
    const fn up(k: usize, j: usize) -> usize {
        if j >= k {
            j - k
        } else {
            16
        }
    }
    /// Source lane of byte `j` for a rotation of `k` bytes towards lane 0.
    const fn rot(k: usize, j: usize) -> usize {
        (j + k) % 16
    }

    macro_rules! shuffle {
        ($f:ident, $k:literal, $a:expr, $b:expr) => {
            i8x16_shuffle::<
                { $f($k, 0) },
                { $f($k, 1) },
                { $f($k, 2) },
                { $f($k, 3) },
                { $f($k, 4) },
                { $f($k, 5) },
                { $f($k, 6) },
                { $f($k, 7) },
                { $f($k, 8) },
                { $f($k, 9) },
                { $f($k, 10) },
                { $f($k, 11) },
                { $f($k, 12) },
                { $f($k, 13) },
                { $f($k, 14) },
                { $f($k, 15) },
            >($a, $b)
        };
    }
    macro_rules! by_bytes {
        ($f:ident, $k:expr, $a:expr, $b:expr) => {
            match $k {
                1 => shuffle!($f, 1, $a, $b),
                2 => shuffle!($f, 2, $a, $b),
                3 => shuffle!($f, 3, $a, $b),
                4 => shuffle!($f, 4, $a, $b),
                5 => shuffle!($f, 5, $a, $b),
                6 => shuffle!($f, 6, $a, $b),
                7 => shuffle!($f, 7, $a, $b),
                8 => shuffle!($f, 8, $a, $b),
                9 => shuffle!($f, 9, $a, $b),
                10 => shuffle!($f, 10, $a, $b),
                11 => shuffle!($f, 11, $a, $b),
                12 => shuffle!($f, 12, $a, $b),
                13 => shuffle!($f, 13, $a, $b),
                14 => shuffle!($f, 14, $a, $b),
                15 => shuffle!($f, 15, $a, $b),
                0 => $a,
                _ => $b,
            }
        };
    }

    impl Shr<u32> for W {
        type Output = W;
        #[inline(always)]
        fn shr(self, n: u32) -> W {
            if n % 8 == 0 {
                W(by_bytes!(down, n / 8, self.0, i64x2_splat(0)))
            } else {
                W(u64x2_shr(self.0, n % 64))
            }
        }
    }
    impl Shl<u32> for W {
        type Output = W;
        #[inline(always)]
        fn shl(self, n: u32) -> W {
            if n % 8 == 0 {
                W(by_bytes!(up, n / 8, self.0, i64x2_splat(0)))
            } else {
                W(i64x2_shl(self.0, n % 64))
            }
        }
    }
    macro_rules! bitop {
        ($tr:ident, $f:ident, $tra:ident, $fa:ident, $op:ident) => {
            impl $tr for W {
                type Output = W;
                #[inline(always)]
                fn $f(self, o: W) -> W {
                    W($op(self.0, o.0))
                }
            }
            impl $tra for W {
                #[inline(always)]
                fn $fa(&mut self, o: W) {
                    self.0 = $op(self.0, o.0);
                }
            }
        };
    }
    bitop!(BitAnd, bitand, BitAndAssign, bitand_assign, v128_and);
    bitop!(BitOr, bitor, BitOrAssign, bitor_assign, v128_or);
    bitop!(BitXor, bitxor, BitXorAssign, bitxor_assign, v128_xor);
    impl Not for W {
        type Output = W;
        #[inline(always)]
        fn not(self) -> W {
            W(v128_not(self.0))
        }
    }

    impl Word for W {
        #[inline(always)]
        fn ror(self, n: u32) -> W {
            // Only multiples of 8 occur (ror_distance); n / 8 is taken modulo 16 like a rotation.
            W(by_bytes!(rot, (n / 8) % 16, self.0, self.0))
        }
        #[inline(always)]
        fn pack_rows(r0: u8, r1: u8, r2: u8, r3: u8) -> W {
            let lo = u64::from(row_pattern(r0)) | (u64::from(row_pattern(r1)) << 32);
            let hi = u64::from(row_pattern(r2)) | (u64::from(row_pattern(r3)) << 32);
            W(u64x2(lo, hi))
        }
    }

    impl W {
        /// Byte `b` in every byte.
        #[inline(always)]
        pub(crate) fn byte_repeat(b: u8) -> W {
            W(u8x16_splat(b))
        }
        /// The 16 bytes of a block, transposed (byte `4r + c` takes input byte `4c + r`).
        #[inline(always)]
        pub(crate) fn load_transposed(block: &[u8; 16]) -> W {
            let [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15] = *block;
            let v = u64x2(
                u64::from_le_bytes([a0, a1, a2, a3, a4, a5, a6, a7]),
                u64::from_le_bytes([a8, a9, a10, a11, a12, a13, a14, a15]),
            );
            W(i8x16_shuffle::<
                0,
                4,
                8,
                12,
                1,
                5,
                9,
                13,
                2,
                6,
                10,
                14,
                3,
                7,
                11,
                15,
            >(v, v))
        }
        /// Inverse of `load_transposed`.
        #[inline(always)]
        pub(crate) fn store_transposed(self) -> [u8; 16] {
            let v = self.0;
            let t = i8x16_shuffle::<0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15>(v, v);
            let lo = u64x2_extract_lane::<0>(t).to_le_bytes();
            let hi = u64x2_extract_lane::<1>(t).to_le_bytes();
            let [a0, a1, a2, a3, a4, a5, a6, a7] = lo;
            let [a8, a9, a10, a11, a12, a13, a14, a15] = hi;
            [
                a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15,
            ]
        }
        /// One block bitsliced: `planes[p]` bit `j` is bit `p` of byte `j` of the transposed
        /// block (the one-block layout of [`K`](super::K)): `i8x16.bitmask` of the block
        /// shifted so that bit `p` of every byte is its top bit.
        #[inline(always)]
        pub(crate) fn bit_planes(block: &[u8; 16]) -> [u16; 8] {
            let t = W::load_transposed(block).0;
            macro_rules! plane {
                ($p:literal) => {
                    i8x16_bitmask(i8x16_shl(t, 7 - $p))
                };
            }
            [
                plane!(0),
                plane!(1),
                plane!(2),
                plane!(3),
                plane!(4),
                plane!(5),
                plane!(6),
                plane!(7),
            ]
        }
        /// Eight 16-bit lanes (`i16x8` lane `p`).
        #[inline(always)]
        pub(crate) fn from_lanes16(l: [u16; 8]) -> W {
            let [a, b, c, d, e, f, g, h] = l;
            W(u16x8(a, b, c, d, e, f, g, h))
        }
        /// Inverse of `from_lanes16`.
        #[inline(always)]
        pub(crate) fn lanes16(self) -> [u16; 8] {
            let v = self.0;
            [
                u16x8_extract_lane::<0>(v),
                u16x8_extract_lane::<1>(v),
                u16x8_extract_lane::<2>(v),
                u16x8_extract_lane::<3>(v),
                u16x8_extract_lane::<4>(v),
                u16x8_extract_lane::<5>(v),
                u16x8_extract_lane::<6>(v),
                u16x8_extract_lane::<7>(v),
            ]
        }
        /// The word with byte `j` all ones where bit `j` of `plane` is set, else zero: a
        /// one-block plane copied into all eight block lanes (splat, byte shuffle, AND, compare;
        /// no branches).
        #[inline(always)]
        pub(crate) fn broadcast(plane: u16) -> W {
            let v = i16x8_splat(plane as i16);
            let bytes = i8x16_shuffle::<0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1>(v, v);
            let bits = u8x16(1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128);
            W(i8x16_eq(v128_and(bytes, bits), bits))
        }
    }
}

/// The one-block word of the key schedule: [`W`] without the block dimension. Bit `4r + c` is
/// the byte in row `r`, column `c` (the wide word's bit index with `b2 b1 b0` dropped), so a row
/// is 4 bits and a column 1; rotations, shifts and masks keep their meaning. The round keys are
/// the same for all eight blocks, so the schedule runs once for one block (the S-box on these
/// words, the linear steps on eight of them packed into a [`W`]) and [`W::broadcast`] copies
/// each plane into the eight lanes.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub(crate) struct K(pub(crate) u16);

impl zeroize::DefaultIsZeroes for K {}

impl Shr<u32> for K {
    type Output = K;
    #[inline(always)]
    fn shr(self, n: u32) -> K {
        K(self.0.checked_shr(n).unwrap_or(0))
    }
}
impl Shl<u32> for K {
    type Output = K;
    #[inline(always)]
    fn shl(self, n: u32) -> K {
        K(self.0.checked_shl(n).unwrap_or(0))
    }
}
macro_rules! k_bitop {
    ($tr:ident, $f:ident, $tra:ident, $fa:ident, $op:tt) => {
        impl $tr for K {
            type Output = K;
            #[inline(always)]
            fn $f(self, o: K) -> K {
                K(self.0 $op o.0)
            }
        }
        impl $tra for K {
            #[inline(always)]
            fn $fa(&mut self, o: K) {
                self.0 = self.0 $op o.0;
            }
        }
    };
}
k_bitop!(BitAnd, bitand, BitAndAssign, bitand_assign, &);
k_bitop!(BitOr, bitor, BitOrAssign, bitor_assign, |);
k_bitop!(BitXor, bitxor, BitXorAssign, bitxor_assign, ^);
impl Not for K {
    type Output = K;
    #[inline(always)]
    fn not(self) -> K {
        K(!self.0)
    }
}

impl Word for K {
    const ROW_BITS: u32 = 4;
    const HALF_ROW: u32 = 2;
    const QUARTER_ROW: u32 = 1;

    #[inline(always)]
    fn ror(self, n: u32) -> K {
        K(self.0.rotate_right(n))
    }
    #[inline(always)]
    fn pack_rows(r0: u8, r1: u8, r2: u8, r3: u8) -> K {
        let r = |b: u8| u16::from(b & 0xf);
        K(r(r0) | (r(r1) << 4) | (r(r2) << 8) | (r(r3) << 12))
    }
}
