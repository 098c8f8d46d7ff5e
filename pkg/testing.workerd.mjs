// wx-open-data/testing under the `workerd` condition (Cloudflare Workers). TEST-ONLY helpers (never use them in production code): their own .wasm.
// The .wasm is imported as a module (Wrangler turns it into a WebAssembly.Module binding) and
// instantiated synchronously.
import wasmModule from './dist/testing_bg.wasm';
import { initSync } from './dist/testing.js';

initSync({ module: wasmModule });

export * from './testing-api.mjs';
