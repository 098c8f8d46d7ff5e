// Deno runner: imports the installed package by name (Deno resolves node_modules through package.json
// and picks the `deno` condition). Run with NO permission flags: loading the package must need none.
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

Deno.test('[deno] the package loads without --allow-read and without await init()', () => {
  if (typeof lib.decryptOpenData !== 'function') throw new Error('decryptOpenData missing');
  const entry = import.meta.resolve('wx-open-data');
  if (!entry.endsWith('/node_modules/wx-open-data/deno.mjs')) throw new Error(`resolved ${entry}, expected deno.mjs`);
  if (Deno.permissions.querySync({ name: 'read' }).state === 'granted') throw new Error('run without --allow-read');
});
Deno.test('[deno] wx-open-data/testing: encryptOpenData round-trips through decryptOpenData', () => {
  const entry = import.meta.resolve('wx-open-data/testing');
  if (!entry.endsWith('/node_modules/wx-open-data/testing.deno.mjs')) throw new Error(`resolved ${entry}`);
  testingRoundTrip(lib, testing);
});
Deno.test('[deno] wx-open-data/client resolves to its deno entry', () => {
  const entry = import.meta.resolve('wx-open-data/client');
  if (!entry.endsWith('/node_modules/wx-open-data/client.deno.mjs')) throw new Error(`resolved ${entry}`);
});
import * as jose from './jose.mjs';
for (const c of cases(lib, vectors, modules, { jose })) Deno.test(`[deno] ${c.name}`, c.fn);
