// wx-open-data/testing (ESM, Node): TEST-ONLY helpers. Loads the main entry first so the wasm is
// initialised, then exposes encryptOpenData, which produces real encryptedData under a session_key
// so you can exercise your own server without a phone. Never use it in production code.
import './node.mjs';

// The names live in testing-api.mjs, shared with the workerd/deno/browser testing entries.
export * from './testing-api.mjs';
