// wx-open-data/client, Node.js ESM entry: the fetch client over the main entry this runtime loads
// (node.mjs), so both share one wasm instance. The client itself is client-api.mjs.
import * as main from './node.mjs';
import { bindClient } from './client-api.mjs';

// wx-open-data/api-security is loaded only by a client created with the apiSecurity option.
export const createWeChatClient = bindClient(main, () => import('./api-security.mjs'));
export { isWxOpenDataError, kvTokenStore, redisTokenStore } from './client-api.mjs';
