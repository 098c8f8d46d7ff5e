// Node ESM runner: imports the installed package by name, exactly as a user's ESM project does.
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import * as main from 'wx-open-data';
import * as push from 'wx-open-data/push';
import * as diagnose from 'wx-open-data/diagnose';
import { cases } from './suite.mjs';
import * as testing from 'wx-open-data/testing';
import * as client from 'wx-open-data/client';
import * as apiSecurity from 'wx-open-data/api-security';
import { testingRoundTrip } from './roundtrip.mjs';

// The suite's `lib` is the union of the subpaths; `modules` lets it check each subpath's own list.
const lib = { ...main, ...push, ...diagnose };
const modules = { main, push, diagnose, testing, client, apiSecurity };

// tests/vectors/*.json merged by js-tests/lib/vectors.mjs (open-data.json top-level, others by file stem).
const vectors = JSON.parse(readFileSync(new URL('./vectors.json', import.meta.url), 'utf8'));
const jose = await import('./jose.mjs');
for (const c of cases(lib, vectors, modules, { jose })) test(`[node esm] ${c.name}`, c.fn);
test('[node esm] wx-open-data/testing: encryptOpenData round-trips through decryptOpenData', () => testingRoundTrip(lib, testing));
