// Bun runner: imports the installed package by name (Bun picks the `node` condition: synchronous load).
import { test, expect } from 'bun:test';
import * as lib from 'wx-open-data';
import vectors from './vectors.json' with { type: 'json' };
import { cases } from './suite.mjs';
import * as testing from 'wx-open-data/testing';
import { testingRoundTrip } from './roundtrip.mjs';

test('[bun] the package loads synchronously, without await init()', () => {
  expect(typeof lib.decryptOpenData).toBe('function');
  expect(Bun.resolveSync('wx-open-data', import.meta.dir)).toEndWith('/node_modules/wx-open-data/node.mjs');
});
test('[bun] wx-open-data/testing: encryptOpenData round-trips through decryptOpenData', () => {
  expect(Bun.resolveSync('wx-open-data/testing', import.meta.dir)).toEndWith('/node_modules/wx-open-data/testing.mjs');
  testingRoundTrip(lib, testing);
});
for (const c of cases(lib, vectors)) test(`[bun] ${c.name}`, c.fn);
