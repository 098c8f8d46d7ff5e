// Browser entry (the `browser`, `import` and `default` conditions): instantiates the wasm with top-level
// await, so `import { decryptOpenData } from 'wx-open-data'` is ready to call, like on Node. The .wasm is
// fetched from the package (`new URL('./dist/…', import.meta.url)`): the SIMD128 build where the engine
// validates SIMD, the baseline build otherwise (simd.mjs). For explicit control over loading (no
// top-level await, your own URL or module) import `wx-open-data/web` and call `init()` yourself.
import { init } from './web.mjs';

await init();

export * from './web.mjs';
