// Runs inside the throwaway ESM project: import the package by name, as an ESM user does.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as lib from 'wx-open-data';
import { decryptOpenData, initSync } from 'wx-open-data/web';

const v = JSON.parse(readFileSync(process.argv[2], 'utf8')).openData[0];
assert.deepEqual(lib.decryptOpenData(v.input, v.options), JSON.parse(v.expect.plaintext));
assert.ok(import.meta.resolve('wx-open-data').endsWith('/node_modules/wx-open-data/node.mjs'));
// The web entry shares the one glue instance; initSync is idempotent.
initSync({ module: readFileSync(fileURLToPath(import.meta.resolve('wx-open-data/wasm'))) });
assert.deepEqual(decryptOpenData(v.input, v.options), JSON.parse(v.expect.plaintext));
const pkg = JSON.parse(readFileSync(fileURLToPath(import.meta.resolve('wx-open-data/package.json')), 'utf8'));
assert.equal(pkg.name, 'wx-open-data');
console.log('ok   Node ESM project: import "wx-open-data" decrypts the official vector; ./web, ./wasm, ./package.json resolve');
