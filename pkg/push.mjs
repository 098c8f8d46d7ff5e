// wx-open-data/push, Node.js ESM entry. Message push (消息推送, safe mode): its own .wasm, so an app that never handles pushes never loads it.
// The .wasm is read from disk and instantiated synchronously: no `await init()`.
import { readFileSync } from 'node:fs';
import { initSync } from './dist/push.js';

initSync({ module: readFileSync(new URL('./dist/push_bg.wasm', import.meta.url)) });

export * from './push-api.mjs';
