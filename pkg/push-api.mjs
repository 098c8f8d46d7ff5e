// The public list of `wx-open-data/push` (message push, safe mode), shared by every push entry;
// scripts/build.sh writes its CommonJS twin (dist/push-api.cjs).
import * as glue from './dist/push.js';
import { wrap } from './errors.mjs';

export const verifyPushSignature = wrap(glue.verifyPushSignature);
export const decryptPushMessage = wrap(glue.decryptPushMessage);
export const encryptPushReply = wrap(glue.encryptPushReply);
export const renderPushReplyXml = wrap(glue.renderPushReplyXml);
export const openPushRequest = wrap(glue.openPushRequest);
export { MAX_INPUT_LENGTH, isWxOpenDataError } from './errors.mjs';
export { REVOKE_INFO_NAMES, parseUserLifecycleEvent } from './push-events.mjs';
