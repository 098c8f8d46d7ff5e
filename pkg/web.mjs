// Web entry (`wx-open-data/web`): the wasm-bindgen web glue without top-level await.
// Call `await init()` once before using the API. With no argument it fetches the package's .wasm
// (`new URL('./dist/wx_open_data_bg.wasm', import.meta.url)`, or the `.nosimd.wasm` build where the engine
// has no WebAssembly SIMD, see simd.mjs); or pass what you have: `init({ module_or_path: urlOrResponseOr-
// BytesOrModule })`, or `initSync({ module: bytesOrWebAssemblyModule })`. Both are idempotent; concurrent
// calls share one load.
import glueInit from './dist/wx_open_data.js';
import { wasmUrl } from './simd.mjs';

/** Load the wasm (once); resolves when the API is usable. */
export function init(options) {
  return glueInit(options === undefined ? { module_or_path: wasmUrl } : options);
}

export { initSync } from './dist/wx_open_data.js';
export * from './api.mjs';
