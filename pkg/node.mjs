// Node.js ESM entry: loads the WebAssembly module synchronously from disk, so no `await init()`.
import { readFileSync } from 'node:fs';
import { initSync } from './dist/wx_open_data.js';
import { wasmUrl } from './simd.mjs';

initSync({ module: readFileSync(wasmUrl) });

export * from './api.mjs';
