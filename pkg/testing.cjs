'use strict';
// wx-open-data/testing (CommonJS, Node): TEST-ONLY helpers. Loads the main entry first (the wasm is
// instantiated synchronously on require), then exposes encryptOpenData. Never use it in production.
require('./node.cjs');
const wasm = require('./dist/wx_open_data_node.cjs');

exports.encryptOpenData = wasm.encryptOpenData;
