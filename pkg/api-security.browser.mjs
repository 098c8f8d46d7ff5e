// wx-open-data/api-security under the `browser`, `import` and `default` conditions. WeChat server API security (服务端 API 签名加密): its own .wasm, so an app that never calls WeChat that way never loads it.
// The .wasm is fetched from the package and instantiated with top-level await.
import init from './dist/api_security.js';

await init({ module_or_path: new URL('./dist/api_security_bg.wasm', import.meta.url) });

export * from './api-security-api.mjs';
