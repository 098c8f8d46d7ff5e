'use strict';
// Node CommonJS runner: requires the installed package by name, exactly as a user's CJS project does.
const { test } = require('node:test');
const { readFileSync } = require('node:fs');
const path = require('node:path');
const main = require('wx-open-data');
const push = require('wx-open-data/push');
const diagnose = require('wx-open-data/diagnose');
const testing = require('wx-open-data/testing');
const client = require('wx-open-data/client');
// The suite's `lib` is the union of the subpaths; `modules` lets it check each subpath's own list.
const lib = { ...main, ...push, ...diagnose };
const modules = { main, push, diagnose, testing, client };

// tests/vectors/*.json merged by js-tests/lib/vectors.mjs (open-data.json top-level, others by file stem).
const vectors = JSON.parse(readFileSync(path.join(__dirname, 'vectors.json'), 'utf8'));
test('[node cjs] the package loads synchronously with require()', () => {
  if (typeof lib.decryptOpenData !== 'function') throw new Error('decryptOpenData missing from require()');
});
// The suite is ESM; load it, then register its cases against the CommonJS build.
const ready = import('./suite.mjs').then(({ cases }) => cases(lib, vectors, modules));
test('[node cjs] suite', async (t) => {
  for (const c of await ready) await t.test(c.name, c.fn);
});
test('[node cjs] wx-open-data/testing: encryptOpenData round-trips through decryptOpenData', async () => {
  const { testingRoundTrip } = await import('./roundtrip.mjs');
  testingRoundTrip(lib, testing);
});
