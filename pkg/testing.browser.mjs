// wx-open-data/testing under the `browser` condition: TEST-ONLY helpers (see testing.mjs). Loads the
// browser entry so the wasm is instantiated, then re-exports the testing list. Never use it in production.
import './browser.mjs';

export * from './testing-api.mjs';
