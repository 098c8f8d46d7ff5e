// Deno entry (the `deno` condition). Deno compiles the .wasm through a Wasm source-phase import, so
// loading needs no --allow-read (the Node entry's readFileSync would) and no `await init()`.
import source wasmModule from './dist/wx_open_data_bg.wasm';
import { initSync } from './dist/wx_open_data.js';

initSync({ module: wasmModule });

export * from './api.mjs';
