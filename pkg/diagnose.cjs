'use strict';
// wx-open-data/diagnose, Node.js CommonJS entry. diagnose (every check on an open-data input, for logs): its own .wasm, so a server that never diagnoses never loads it.
// The nodejs glue instantiates the .wasm synchronously on require.
module.exports = require('./dist/diagnose-api.cjs');
