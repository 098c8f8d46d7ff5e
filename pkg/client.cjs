'use strict';
// wx-open-data/client, Node.js CommonJS entry: the fetch client over the main CommonJS entry (node.cjs),
// so both share one wasm instance. dist/client-api.cjs is the twin of client-api.mjs (scripts/cjs-twins.mjs).
const { bindClient, isWxOpenDataError, kvTokenStore, redisTokenStore } = require('./dist/client-api.cjs');

exports.createWeChatClient = bindClient(require('./node.cjs'));
exports.isWxOpenDataError = isWxOpenDataError;
exports.kvTokenStore = kvTokenStore;
exports.redisTokenStore = redisTokenStore;
