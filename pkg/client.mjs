// wx-open-data/client, Node.js ESM entry: the fetch client over the main entry this runtime loads
// (node.mjs), so both share one wasm instance. The client itself is client-api.mjs.
import * as main from './node.mjs';
import { bindClient } from './client-api.mjs';

export const createWeChatClient = bindClient(main);
export { isWxOpenDataError, kvTokenStore, redisTokenStore } from './client-api.mjs';
