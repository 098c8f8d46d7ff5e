// Node only: a runtime without WebCrypto (globalThis.crypto removed for the test) gets
// ERR_WEBCRYPTO_UNAVAILABLE from every function that needs it, as a rejected promise.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sealApiRequest } from 'wx-open-data/api-security';
import { decryptAlipayPhoneNumber } from 'wx-open-data';

async function withoutWebCrypto(fn) {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'crypto');
  Object.defineProperty(globalThis, 'crypto', { value: undefined, configurable: true, writable: true });
  try {
    return await fn();
  } finally {
    Object.defineProperty(globalThis, 'crypto', saved);
  }
}

const rejectsWith = (promise, code) =>
  assert.rejects(promise, (err) => err.name === 'WxOpenDataError' && err.code === code);

test('sealApiRequest without WebCrypto: ERR_WEBCRYPTO_UNAVAILABLE', () =>
  withoutWebCrypto(() =>
    rejectsWith(
      sealApiRequest({
        url: 'https://api.weixin.qq.com/wxa/business/getuserphonenumber',
        appId: 'wxba6223c06417af7b',
        symmetricKey: 'otUpngOjU+nVQaWJIC3D/yMLV17RKaP6t4Ot9tbnzLY=',
        symmetricKeySn: 'fa05fe1e5bcc79b81ad5ad4b58acf787',
        privateKey: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----',
        params: { code: 'c' },
      }),
      'ERR_WEBCRYPTO_UNAVAILABLE',
    )));

test('decryptAlipayPhoneNumber without WebCrypto: ERR_WEBCRYPTO_UNAVAILABLE', () =>
  withoutWebCrypto(() =>
    rejectsWith(
      decryptAlipayPhoneNumber({
        aesKey: 'AAAAAAAAAAAAAAAAAAAAAA==',
        alipayPublicKey: 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA',
        response: 'AAAAAAAAAAAAAAAAAAAAAA==',
        sign: 'AAAA',
      }),
      'ERR_WEBCRYPTO_UNAVAILABLE',
    )));

test('WebCrypto is back after the test (the helper restores globalThis.crypto)', () => {
  assert.equal(typeof globalThis.crypto?.subtle?.verify, 'function');
});
