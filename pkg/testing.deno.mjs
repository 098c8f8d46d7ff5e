// wx-open-data/testing under the `deno` condition: TEST-ONLY helpers (see testing.mjs). Loads the
// deno entry so the wasm is instantiated, then re-exports the testing list. Never use it in production.
import './deno.mjs';

export * from './testing-api.mjs';
