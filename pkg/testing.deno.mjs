// wx-open-data/testing under the `deno` condition. TEST-ONLY helpers (never use them in production code): their own .wasm.
// Deno compiles the .wasm through a source-phase import: no --allow-read, no `await init()`.
import source wasmModule from './dist/testing_bg.wasm';
import { initSync } from './dist/testing.js';

initSync({ module: wasmModule });

export * from './testing-api.mjs';
