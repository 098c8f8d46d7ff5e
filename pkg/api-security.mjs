// wx-open-data/api-security, Node.js ESM entry. WeChat server API security (服务端 API 签名加密): its own .wasm, so an app that never calls WeChat that way never loads it.
// The .wasm is read from disk and instantiated synchronously: no `await init()`.
import { readFileSync } from 'node:fs';
import { initSync } from './dist/api_security.js';

initSync({ module: readFileSync(new URL('./dist/api_security_bg.wasm', import.meta.url)) });

export * from './api-security-api.mjs';
