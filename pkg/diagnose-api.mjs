// The public API of `wx-open-data/diagnose`, shared by every diagnose entry; scripts/build.sh writes
// its CommonJS twin (dist/diagnose-api.cjs). The wasm reports typed check outcomes; the English and
// Chinese words come from diagnose-text.mjs.
import { rawDiagnose } from './dist/diagnose.js';
import { fromWasm } from './errors.mjs';
import { describe } from './diagnose-text.mjs';

export { MAX_INPUT_LENGTH, isWxOpenDataError } from './errors.mjs';

/**
 * Every check on an open-data input, with the likely cause in English and Chinese. For logs and
 * developers only: never send the report to the client. Its verdict (`ok`, `code`, `field`) is the
 * one decryptOpenData reaches with the same input and options.
 */
export function diagnose(input, options) {
  let report;
  try {
    report = rawDiagnose(input, options);
  } catch (e) {
    throw fromWasm(e);
  }
  return describe(report);
}
