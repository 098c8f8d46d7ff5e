// Checks pkg/diagnose-text.mjs against tests/vectors/diagnose-reports.json: describe() of each
// typed report the core writes must be exactly the report object recorded for that input.
// Run by `cargo test --test diagnose_text`:
//   node tests/diagnose_text.mjs <fixture.json> <typed-reports.json>
// where typed-reports.json is an array with the core's report for each case of the fixture.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe } from '../pkg/diagnose-text.mjs';

const [fixturePath, typedPath] = process.argv.slice(2);
const { cases } = JSON.parse(readFileSync(fixturePath, 'utf8'));
const typed = JSON.parse(readFileSync(typedPath, 'utf8'));
assert.equal(typed.length, cases.length, 'one typed report per case');
let failed = 0;
cases.forEach((c, i) => {
  try {
    assert.deepStrictEqual(describe(typed[i]), c.expected);
  } catch (e) {
    failed += 1;
    console.error(`case ${i} (${c.name}): ${e.message}\n`);
  }
});
console.log(`diagnose-text: ${cases.length - failed} of ${cases.length} reports match`);
process.exit(failed === 0 ? 0 : 1);
