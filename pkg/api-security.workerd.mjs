// wx-open-data/api-security under the `workerd` condition (Cloudflare Workers). WeChat server API security (服务端 API 签名加密): its own .wasm, so an app that never calls WeChat that way never loads it.
// The .wasm is imported as a module (Wrangler turns it into a WebAssembly.Module binding) and
// instantiated synchronously.
import wasmModule from './dist/api_security_bg.wasm';
import { initSync } from './dist/api_security.js';

initSync({ module: wasmModule });

export * from './api-security-api.mjs';
