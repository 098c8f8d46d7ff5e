// wx-open-data/diagnose under the `workerd` condition (Cloudflare Workers). diagnose (every check on an open-data input, for logs): its own .wasm, so a server that never diagnoses never loads it.
// The .wasm is imported as a module (Wrangler turns it into a WebAssembly.Module binding) and
// instantiated synchronously.
import wasmModule from './dist/diagnose_bg.wasm';
import { initSync } from './dist/diagnose.js';

initSync({ module: wasmModule });

export * from './diagnose-api.mjs';
