// wx-open-data/client, the `browser`, `import` and `default` conditions: the fetch client over the main entry this runtime loads
// (browser.mjs), so both share one wasm instance. The client itself is client-api.mjs.
import * as main from './browser.mjs';
import { bindClient } from './client-api.mjs';

export const createWeChatClient = bindClient(main);
export { isWxOpenDataError, kvTokenStore, redisTokenStore } from './client-api.mjs';
