// wx-open-data/client, the `browser`, `import` and `default` conditions: the fetch client over the main entry this runtime loads
// (browser.mjs), so both share one wasm instance. The client itself is client-api.mjs.
import * as main from './browser.mjs';
import { bindClient } from './client-api.mjs';

// wx-open-data/api-security is loaded only by a client created with the apiSecurity option.
export const createWeChatClient = bindClient(main, () => import('./api-security.browser.mjs'));
export { isWxOpenDataError, kvTokenStore, redisTokenStore } from './client-api.mjs';
