'use strict';
// Node.js CommonJS entry: the nodejs glue instantiates the wasm synchronously on require. The API is
// the CommonJS twin of api.mjs that scripts/build.sh writes.
module.exports = require('./dist/api.cjs');
