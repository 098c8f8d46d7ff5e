'use strict';
// Node.js CommonJS entry: wasm-bindgen's nodejs glue instantiates the module synchronously on require.
const wasm = require('./dist/wx_open_data_node.cjs');

exports.decryptOpenData = wasm.decryptOpenData;
exports.verifyRawDataSignature = wasm.verifyRawDataSignature;
exports.signWithSessionKey = wasm.signWithSessionKey;
/** Inputs longer than this many characters are rejected with ERR_INPUT_TOO_LARGE before decoding. */
exports.MAX_INPUT_LENGTH = 1024 * 1024;
