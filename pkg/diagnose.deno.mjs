// wx-open-data/diagnose under the `deno` condition. diagnose (every check on an open-data input, for logs): its own .wasm, so a server that never diagnoses never loads it.
// Deno compiles the .wasm through a source-phase import: no --allow-read, no `await init()`.
import source wasmModule from './dist/diagnose_bg.wasm';
import { initSync } from './dist/diagnose.js';

initSync({ module: wasmModule });

export * from './diagnose-api.mjs';
