// Runs inside the throwaway ESM project: for every subpath with an API, the names the ESM entry
// exports, the names the CommonJS entry exports and the values the .d.ts declares must be the same
// list (the lists are written once, in pkg/*api.mjs; this catches an entry or a declaration that drifts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const dir = dirname(fileURLToPath(import.meta.resolve('wx-open-data/package.json')));

/** Value exports a hand-written .d.ts declares (functions, classes, consts), following `export *`. */
function declared(file) {
  const text = readFileSync(join(dir, file), 'utf8');
  const names = new Set();
  for (const m of text.matchAll(/^export (?:declare )?(?:function|class|const) (\w+)/gm)) names.add(m[1]);
  for (const m of text.matchAll(/^export \{([^}]*)\} from '/gm)) {
    for (const n of m[1].split(',')) if (n.trim()) names.add(n.trim());
  }
  for (const m of text.matchAll(/^export \* from '\.\/(\w[\w.-]*)\.js';/gm)) {
    for (const n of declared(`${m[1]}.d.ts`)) names.add(n);
  }
  return names;
}

const subpaths = {
  'wx-open-data': 'index.d.ts',
  'wx-open-data/push': 'push.d.ts',
  'wx-open-data/diagnose': 'diagnose.d.ts',
  'wx-open-data/testing': 'testing.d.ts',
  'wx-open-data/client': 'client.d.ts',
};
for (const [spec, dts] of Object.entries(subpaths)) {
  const esm = Object.keys(await import(spec)).sort();
  const cjs = Object.keys(require(spec)).filter((k) => k !== '__esModule').sort();
  const types = [...declared(dts)].sort();
  assert.deepEqual(cjs, esm, `${spec}: CommonJS and ESM export different names`);
  assert.deepEqual(types, esm, `${spec}: ${dts} declares different names than the entry exports`);
  console.log(`ok   ${spec}: ESM, CJS and ${dts} agree on ${esm.length} names`);
}
