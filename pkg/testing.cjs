'use strict';
// wx-open-data/testing, Node.js CommonJS entry. TEST-ONLY helpers (never use them in production code): their own .wasm.
// The nodejs glue instantiates the .wasm synchronously on require.
module.exports = require('./dist/testing-api.cjs');
