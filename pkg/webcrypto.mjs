// The platform's WebCrypto, for what the wasm leaves to it (RSA signing and verifying, randomness),
// shared by wx-open-data/api-security and Alipay's phone-number check: one availability check, one
// error code.
import { wxError } from './errors.mjs';

/** `globalThis.crypto` with `subtle` and `getRandomValues`, or ERR_WEBCRYPTO_UNAVAILABLE. */
export function webCrypto() {
  const c = globalThis.crypto;
  if (!c || !c.subtle || typeof c.getRandomValues !== 'function') {
    throw wxError(
      'ERR_WEBCRYPTO_UNAVAILABLE',
      'this runtime has no WebCrypto (globalThis.crypto.subtle): RSA signing and verifying use it ' +
        '(browsers expose it only to secure contexts)',
    );
  }
  return c;
}
