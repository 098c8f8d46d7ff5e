'use strict';
// wx-open-data/api-security, Node.js CommonJS entry. WeChat server API security (服务端 API 签名加密): its own .wasm, so an app that never calls WeChat that way never loads it.
// The nodejs glue instantiates the .wasm synchronously on require.
module.exports = require('./dist/api-security-api.cjs');
