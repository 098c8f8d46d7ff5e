// wx-open-data/client, the `workerd` condition (Cloudflare Workers): the fetch client over the main entry this runtime loads
// (workerd.mjs), so both share one wasm instance. The client itself is client-api.mjs.
import * as main from './workerd.mjs';
import { bindClient } from './client-api.mjs';

export const createWeChatClient = bindClient(main);
export { isWxOpenDataError, kvTokenStore, redisTokenStore } from './client-api.mjs';
