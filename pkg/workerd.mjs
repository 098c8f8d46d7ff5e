// Cloudflare Workers entry (the `workerd` condition, what Wrangler and esbuild resolve for Workers).
// Workers cannot compile WebAssembly from bytes at runtime, so the .wasm is imported as a module:
// Wrangler's bundler turns this import into a `WebAssembly.Module` binding, and it is instantiated
// synchronously here. No `await init()` needed.
import wasmModule from './dist/wx_open_data_bg.wasm';
import { initSync } from './dist/wx_open_data.js';

initSync({ module: wasmModule });

export * from './api.mjs';
