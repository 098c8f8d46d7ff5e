// The public list of `wx-open-data/testing` (TEST-ONLY helpers), shared by every testing entry: each
// entry first loads its runtime's main entry (which instantiates the wasm), then re-exports this.
export { encryptOpenData } from './dist/wx_open_data.js';
