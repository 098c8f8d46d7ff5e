// wx-open-data/push under the `browser`, `import` and `default` conditions. Message push (消息推送, safe mode): its own .wasm, so an app that never handles pushes never loads it.
// The .wasm is fetched from the package and instantiated with top-level await.
import init from './dist/push.js';

await init({ module_or_path: new URL('./dist/push_bg.wasm', import.meta.url) });

export * from './push-api.mjs';
