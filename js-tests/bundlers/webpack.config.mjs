// webpack 5 with its defaults (target web, production): only where the entry is and where to write.
// Nothing here concerns wx-open-data: webpack emits each `new URL('./dist/….wasm', import.meta.url)`
// file as an asset, and the package's top-level await makes its modules async ones.
import { fileURLToPath } from 'node:url';

export default {
  mode: 'production',
  entry: './page.mjs',
  output: { path: fileURLToPath(new URL('./out-webpack', import.meta.url)), clean: true },
};
