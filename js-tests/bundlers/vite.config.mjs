// Vite 8 with its defaults: `vite build` from this folder (index.html -> page.mjs). Nothing here
// concerns wx-open-data: its `new URL('./dist/….wasm', import.meta.url)` files become hashed assets.
export default {
  build: { outDir: 'out-vite', emptyOutDir: true },
  logLevel: 'warn',
};
