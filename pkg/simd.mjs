// Which .wasm this engine runs: the SIMD128 build (dist/wx_open_data_bg.wasm, constant-time 8-block
// AES) where WebAssembly SIMD exists (Node, Deno, Bun, workerd, current browsers), otherwise the
// baseline build (dist/wx_open_data_bg.nosimd.wasm, RustCrypto `aes`). Both share one glue.
// The probe is the smallest module using a v128 instruction (as wasm-feature-detect's `simd`).
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

/** Whether this engine validates WebAssembly SIMD128. */
export const simd = WebAssembly.validate(SIMD_PROBE);

/** The URL of the .wasm to load here (two literal URLs, so bundlers ship both files). */
export const wasmUrl = simd
  ? new URL('./dist/wx_open_data_bg.wasm', import.meta.url)
  : new URL('./dist/wx_open_data_bg.nosimd.wasm', import.meta.url);
