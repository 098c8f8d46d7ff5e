// Web entry (`wx-open-data/web`): the wasm-bindgen web glue without top-level await.
// Call `await init()` once before using the API. With no argument it fetches the .wasm that sits next
// to the glue (`new URL('./dist/wx_open_data_bg.wasm', import.meta.url)`, which Vite, webpack 5 and
// Parcel understand); or pass what you have: `init({ module_or_path: urlOrResponseOrBytesOrModule })`,
// or `initSync({ module: bytesOrWebAssemblyModule })`. Both are idempotent; concurrent calls share one load.
export { default as init, initSync } from './dist/wx_open_data.js';
export * from './api.mjs';
