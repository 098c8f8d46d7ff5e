// Merge tests/vectors/*.json into the one object every runner passes to cases(lib, vectors):
// open-data.json's top-level keys (openData, signatures, ...) stay top-level; every other file goes
// under its file stem (push.json -> vectors.push) and, when the stem has dashes, also under its
// camelCase form (message-push.json -> vectors['message-push'] and vectors.messagePush).
// Usage: node js-tests/lib/vectors.mjs DIR > vectors.json   (or import { loadVectors }).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function loadVectors(dir) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  if (!files.includes('open-data.json')) throw new Error(`${dir}: open-data.json is missing`);
  const out = { ...JSON.parse(readFileSync(join(dir, 'open-data.json'), 'utf8')) };
  for (const f of files) {
    if (f === 'open-data.json') continue;
    const stem = f.slice(0, -'.json'.length);
    const data = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    const camel = stem.replace(/[-_.]+([a-zA-Z0-9])/g, (_, c) => c.toUpperCase());
    for (const key of new Set([stem, camel])) {
      if (Object.hasOwn(out, key)) throw new Error(`vectors: ${f} collides with the existing key '${key}'`);
      out[key] = data;
    }
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(JSON.stringify(loadVectors(process.argv[2] ?? 'tests/vectors')));
}
