// The public list of `wx-open-data/push` (message push, safe mode), shared by every push entry;
// scripts/build.sh writes its CommonJS twin (dist/push-api.cjs).
export {
  verifyPushSignature,
  decryptPushMessage,
  encryptPushReply,
  renderPushReplyXml,
  openPushRequest,
} from './dist/push.js';
export { MAX_INPUT_LENGTH } from './errors.mjs';
