// wx-open-data/push under the `deno` condition. Message push (消息推送, safe mode): its own .wasm, so an app that never handles pushes never loads it.
// Deno compiles the .wasm through a source-phase import: no --allow-read, no `await init()`.
import source wasmModule from './dist/push_bg.wasm';
import { initSync } from './dist/push.js';

initSync({ module: wasmModule });

export * from './push-api.mjs';
