'use strict';
// Runs inside the throwaway CommonJS project: require the package by name, as a CJS user does.
const assert = require('node:assert/strict');
const { readFileSync } = require('node:fs');
const lib = require('wx-open-data');
const v = JSON.parse(readFileSync(process.argv[2], 'utf8')).openData[0];
assert.deepEqual(lib.decryptOpenData(v.input, v.options), JSON.parse(v.expect.plaintext));
assert.equal(require.resolve('wx-open-data').endsWith('/node_modules/wx-open-data/node.cjs'), true);
assert.equal(require('wx-open-data/node').decryptOpenData, lib.decryptOpenData);
for (const sub of ['wx-open-data/wasm', 'wx-open-data/wasm/nosimd']) {
  const wasm = readFileSync(require.resolve(sub));
  assert.deepEqual([...wasm.subarray(0, 4)], [0, 0x61, 0x73, 0x6d], `${sub} is a wasm binary`);
  assert.ok(WebAssembly.validate(wasm), `${sub} validates`);
}
assert.equal(require('wx-open-data/package.json').name, 'wx-open-data');
console.log('ok   Node CJS project: require("wx-open-data") decrypts the official vector; ./node, ./wasm, ./wasm/nosimd, ./package.json resolve');
