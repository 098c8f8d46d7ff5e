// The public list of `wx-open-data/testing` (TEST-ONLY helpers), shared by every testing entry;
// scripts/build.sh writes its CommonJS twin (dist/testing-api.cjs).
import * as glue from './dist/testing.js';
import { wrap } from './errors.mjs';

export const encryptOpenData = wrap(glue.encryptOpenData);
export const buildPushRequest = wrap(glue.buildPushRequest);
export const buildPushVerifyRequest = wrap(glue.buildPushVerifyRequest);
