// wx-open-data/testing, Node.js ESM entry. TEST-ONLY helpers (never use them in production code): their own .wasm.
// The .wasm is read from disk and instantiated synchronously: no `await init()`.
import { readFileSync } from 'node:fs';
import { initSync } from './dist/testing.js';

initSync({ module: readFileSync(new URL('./dist/testing_bg.wasm', import.meta.url)) });

export * from './testing-api.mjs';
