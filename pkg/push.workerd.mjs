// wx-open-data/push under the `workerd` condition (Cloudflare Workers). Message push (消息推送, safe mode): its own .wasm, so an app that never handles pushes never loads it.
// The .wasm is imported as a module (Wrangler turns it into a WebAssembly.Module binding) and
// instantiated synchronously.
import wasmModule from './dist/push_bg.wasm';
import { initSync } from './dist/push.js';

initSync({ module: wasmModule });

export * from './push-api.mjs';
