// wx-open-data/diagnose under the `browser`, `import` and `default` conditions. diagnose (every check on an open-data input, for logs): its own .wasm, so a server that never diagnoses never loads it.
// The .wasm is fetched from the package and instantiated with top-level await.
import init from './dist/diagnose.js';

await init({ module_or_path: new URL('./dist/diagnose_bg.wasm', import.meta.url) });

export * from './diagnose-api.mjs';
