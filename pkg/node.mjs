// Node.js ESM entry: loads the WebAssembly module synchronously from disk, so no `await init()`.
import { readFileSync } from 'node:fs';
import { initSync } from './dist/wx_open_data.js';

initSync({ module: readFileSync(new URL('./dist/wx_open_data_bg.wasm', import.meta.url)) });

export * from './api.mjs';
