// wx-open-data/api-security under the `deno` condition. WeChat server API security (服务端 API 签名加密): its own .wasm, so an app that never calls WeChat that way never loads it.
// Deno compiles the .wasm through a source-phase import: no --allow-read, no `await init()`.
import source wasmModule from './dist/api_security_bg.wasm';
import { initSync } from './dist/api_security.js';

initSync({ module: wasmModule });

export * from './api-security-api.mjs';
