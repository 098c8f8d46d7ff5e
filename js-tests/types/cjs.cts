// Type tests of the CommonJS entry (`require('wx-open-data')` resolves dist/index.d.cts).
import lib = require('wx-open-data');

const user = lib.decryptOpenData({ appId: 'wx', sessionKey: 'k', encryptedData: 'd', iv: 'i' }, { now: 1 });
const appid: string = user.watermark.appid;
const ok: boolean = lib.verifyRawDataSignature({ rawData: '{}', signature: 's', sessionKey: 'k' });
const hex: string = lib.signWithSessionKey('k');

// @ts-expect-error: appId is required
lib.decryptOpenData({ sessionKey: 'k', encryptedData: 'd', iv: 'i' });
// @ts-expect-error: returns a boolean
const wrong: string = lib.verifyRawDataSignature({ rawData: '{}', signature: 's', sessionKey: 'k' });

export = { appid, ok, hex, wrong };
