// The public API of `wx-open-data/diagnose`, shared by every diagnose entry; scripts/build.sh writes
// its CommonJS twin (dist/diagnose-api.cjs). The arguments are read as the decoders read them
// (args.mjs); the wasm reports typed check outcomes; the English and Chinese words come from
// diagnose-text.mjs.
import { rawDiagnose } from './dist/diagnose.js';
import { HAS_NOW, MAX_AGE, appIds, get, optString, options, requireObject } from './args.mjs';
import { describe } from './diagnose-text.mjs';
import { fromWasm } from './errors.mjs';

export { MAX_INPUT_LENGTH, isWxOpenDataError } from './errors.mjs';

/**
 * Every check on an open-data input, with the likely cause in English and Chinese. For logs and
 * developers only: never send the report to the client. Its verdict (`ok`, `code`, `field`) is the
 * one decryptOpenData reaches with the same input and options.
 */
export function diagnose(input, opts) {
  requireObject(input, 'input');
  // A missing appId is one of the findings here, not an argument error.
  const app = get(input, 'appId');
  const [ids, lens] = app === undefined || app === null ? ['', []] : appIds(input);
  const sessionKey = optString(input, 'sessionKey');
  const encryptedData = optString(input, 'encryptedData');
  const iv = optString(input, 'iv');
  let [openId, flags, maxAge, now] = options(opts);
  // Without maxAgeSeconds and now, the report still says how old the data is (by the clock).
  if ((flags & (MAX_AGE | HAS_NOW)) === 0) [flags, now] = [flags | HAS_NOW, Math.floor(Date.now() / 1000)];
  let report;
  try {
    report = rawDiagnose(ids, lens, sessionKey, encryptedData, iv, openId, flags, maxAge, now);
  } catch (e) {
    throw fromWasm(e);
  }
  return describe(report);
}
