// The public list of `wx-open-data/testing` (TEST-ONLY helpers), shared by every testing entry;
// scripts/build.sh writes its CommonJS twin (dist/testing-api.cjs).
export { encryptOpenData } from './dist/testing.js';
