// Type tests of the CommonJS entry (`require('wx-open-data')` resolves dist/index.d.cts).
import lib = require('wx-open-data');
import client = require('wx-open-data/client');

const user = lib.decryptOpenData({ appId: 'wx', sessionKey: 'k', encryptedData: 'd', iv: 'i' }, { now: 1 });
const appid: string = user.watermark.appid;
const ok: boolean = lib.verifyRawDataSignature({ rawData: '{}', signature: 's', sessionKey: 'k' });
const hex: string = lib.signWithSessionKey('k');

// @ts-expect-error: appId is required
lib.decryptOpenData({ sessionKey: 'k', encryptedData: 'd', iv: 'i' });
// @ts-expect-error: returns a boolean
const wrong: string = lib.verifyRawDataSignature({ rawData: '{}', signature: 's', sessionKey: 'k' });

const wechat = client.createWeChatClient({ appId: 'wx', secret: 's' });
const token: Promise<string> = wechat.getAccessToken();
// @ts-expect-error: code2Session takes the code string
void wechat.code2Session({ code: 'c' });

export = { appid, ok, hex, wrong, token };
