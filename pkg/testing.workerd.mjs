// wx-open-data/testing under the `workerd` condition: TEST-ONLY helpers (see testing.mjs). Loads the
// workerd entry so the wasm is instantiated, then re-exports the testing list. Never use it in production.
import './workerd.mjs';

export * from './testing-api.mjs';
