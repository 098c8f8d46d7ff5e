'use strict';
// wx-open-data/push, Node.js CommonJS entry. Message push (消息推送, safe mode): its own .wasm, so an app that never handles pushes never loads it.
// The nodejs glue instantiates the .wasm synchronously on require.
module.exports = require('./dist/push-api.cjs');
