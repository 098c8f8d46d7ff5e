// Web entry (`wx-open-data/web`): the wasm-bindgen web glue without top-level await.
// Call `await init()` once before using the API. With no argument it fetches the package's .wasm
// (`new URL('./dist/wx_open_data_bg.wasm', import.meta.url)`, or the `.nosimd.wasm` build where the engine
// has no WebAssembly SIMD, see simd.mjs); or pass what you have: `init({ module_or_path: urlOrResponseOr-
// BytesOrModule })`, or `initSync({ module: bytesOrWebAssemblyModule })`. Both are idempotent; concurrent
// calls share one load.
import glueInit, { initSync as glueInitSync } from './dist/wx_open_data.js';
import { webLoad } from './errors.mjs';
import { wasmUrl } from './simd.mjs';

// Until init() or initSync() has loaded the module, a call fails with ERR_NOT_INITIALIZED.
webLoad.pending = true;

/** Load the wasm (once); resolves when the API is usable. */
export async function init(options) {
  const out = await glueInit(options === undefined ? { module_or_path: wasmUrl } : options);
  webLoad.pending = false;
  return out;
}

/** Load the wasm synchronously from bytes or a `WebAssembly.Module` (once). */
export function initSync(options) {
  const out = glueInitSync(options);
  webLoad.pending = false;
  return out;
}
export * from './api.mjs';
