// wx-open-data/testing under the `browser`, `import` and `default` conditions. TEST-ONLY helpers (never use them in production code): their own .wasm.
// The .wasm is fetched from the package and instantiated with top-level await.
import init from './dist/testing.js';

await init({ module_or_path: new URL('./dist/testing_bg.wasm', import.meta.url) });

export * from './testing-api.mjs';
