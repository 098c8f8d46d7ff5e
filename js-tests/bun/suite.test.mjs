// Bun runner: imports the installed package by name (Bun picks the `node` condition: synchronous load).
import { test, expect } from 'bun:test';
import * as main from 'wx-open-data';
import * as push from 'wx-open-data/push';
import * as diagnose from 'wx-open-data/diagnose';
import vectors from './vectors.json' with { type: 'json' };
import { cases } from './suite.mjs';
import * as testing from 'wx-open-data/testing';
import * as client from 'wx-open-data/client';
import * as apiSecurity from 'wx-open-data/api-security';
import { testingRoundTrip } from './roundtrip.mjs';

// The suite's `lib` is the union of the subpaths; `modules` lets it check each subpath's own list.
const lib = { ...main, ...push, ...diagnose };
const modules = { main, push, diagnose, testing, client, apiSecurity };

test('[bun] the package loads synchronously, without await init()', () => {
  expect(typeof lib.decryptOpenData).toBe('function');
  expect(Bun.resolveSync('wx-open-data', import.meta.dir)).toEndWith('/node_modules/wx-open-data/node.mjs');
});
test('[bun] wx-open-data/testing: encryptOpenData round-trips through decryptOpenData', () => {
  expect(Bun.resolveSync('wx-open-data/testing', import.meta.dir)).toEndWith('/node_modules/wx-open-data/testing.mjs');
  testingRoundTrip(lib, testing);
});
test('[bun] wx-open-data/client resolves to its node entry', () => {
  expect(Bun.resolveSync('wx-open-data/client', import.meta.dir)).toEndWith('/node_modules/wx-open-data/client.mjs');
});
import * as jose from './jose.mjs';
for (const c of cases(lib, vectors, modules, { jose })) test(`[bun] ${c.name}`, c.fn);
