// wx-open-data/client, the `deno` condition: the fetch client over the main entry this runtime loads
// (deno.mjs), so both share one wasm instance. The client itself is client-api.mjs.
import * as main from './deno.mjs';
import { bindClient } from './client-api.mjs';

export const createWeChatClient = bindClient(main);
export { isWxOpenDataError, kvTokenStore, redisTokenStore } from './client-api.mjs';
