// Browser entry (the `browser` and `default` conditions): instantiates the wasm with top-level await,
// so `import { decryptOpenData } from 'wx-open-data'` is ready to call, like on Node. The .wasm is
// fetched from next to the glue (`new URL(..., import.meta.url)`). For explicit control over loading
// (no top-level await, your own URL or module) import `wx-open-data/web` and call `init()` yourself.
import init from './dist/wx_open_data.js';

await init();

export { default as init, initSync } from './dist/wx_open_data.js';
export * from './api.mjs';
