// wx-open-data/diagnose, Node.js ESM entry. diagnose (every check on an open-data input, for logs): its own .wasm, so a server that never diagnoses never loads it.
// The .wasm is read from disk and instantiated synchronously: no `await init()`.
import { readFileSync } from 'node:fs';
import { initSync } from './dist/diagnose.js';

initSync({ module: readFileSync(new URL('./dist/diagnose_bg.wasm', import.meta.url)) });

export * from './diagnose-api.mjs';
