// Node ESM runner: imports the installed package by name, exactly as a user's ESM project does.
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import * as lib from 'wx-open-data';
import { cases } from './suite.mjs';

const vectors = JSON.parse(readFileSync(new URL('./vectors/open-data.json', import.meta.url), 'utf8'));
for (const c of cases(lib, vectors)) test(`[node esm] ${c.name}`, c.fn);
