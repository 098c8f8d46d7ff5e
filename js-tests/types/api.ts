// Type tests of the main entry, checked by `tsc --noEmit` against the INSTALLED tarball (run.sh).
// Every `@ts-expect-error` line must be rejected by the declarations, or tsc fails the run.
import {
  decryptOpenData,
  verifyRawDataSignature,
  signWithSessionKey,
  MAX_INPUT_LENGTH,
  type OpenData,
  type OpenDataInput,
  type DecryptOptions,
  isWxOpenDataError,
  type WxOpenDataError,
  type WxOpenDataErrorCode,
} from 'wx-open-data';

declare const appId: string;
declare const sessionKey: string;
declare const encryptedData: string;
declare const iv: string;

const input: OpenDataInput = { appId, sessionKey, encryptedData, iv };
const options: DecryptOptions = { maxAgeSeconds: 600, now: 1_700_000_000, openId: 'o1', repairBase64: false };

const data: OpenData = decryptOpenData(input, options);
const appid: string = data.watermark.appid;
const ts: number = data.watermark.timestamp;
const extra: unknown = data.anyUnknownField;
decryptOpenData({ appId: ['wxa', 'wxb'], sessionKey, encryptedData, iv });
decryptOpenData(input);

interface MyPayload { openId: string; watermark: { appid: string; timestamp: number } }
const mine = decryptOpenData<MyPayload>(input);
const openId: string = mine.openId;

const valid: boolean = verifyRawDataSignature({ rawData: '{}', signature: 'ab'.repeat(20), sessionKey });
const sig1: string = signWithSessionKey(sessionKey);
const sig2: string = signWithSessionKey(sessionKey, 'body');
const sig3: string = signWithSessionKey({ sessionKey, body: 'body' });
const limit: number = MAX_INPUT_LENGTH;

try {
  decryptOpenData(input);
} catch (e) {
  const err = e as WxOpenDataError;
  const code: WxOpenDataErrorCode = err.code;
  const field: string | undefined = err.field;
  const name: 'WxOpenDataError' = err.name;
  if (code === 'ERR_DECRYPT_FAILED') void field;
  // @ts-expect-error: not an error code of this library
  const bogus: WxOpenDataErrorCode = 'ERR_NOPE';
  void [name, bogus];
}

// The runtime guard narrows `unknown` (a strict catch clause), and the union narrows by code.
try {
  decryptOpenData(input);
} catch (err) {
  // @ts-expect-error: `err` is unknown until checked
  void err.code;
  if (isWxOpenDataError(err)) {
    const code: WxOpenDataErrorCode = err.code;
    if (err.code === 'ERR_WX_API') {
      const errcode: number = err.errcode;
      const retryable: boolean = err.retryable;
      void [errcode, retryable];
    } else {
      // @ts-expect-error: only ERR_WX_API errors carry a hint
      const hint: string = err.hint;
      void hint;
    }
    void code;
  }
}

// Positional arguments are not the API: one object with named fields.
// @ts-expect-error
decryptOpenData(appId, sessionKey, encryptedData, iv);
// @ts-expect-error: appId is required
decryptOpenData({ sessionKey, encryptedData, iv });
// @ts-expect-error: iv is required
decryptOpenData({ appId, sessionKey, encryptedData });
// @ts-expect-error: appId must be a string or a list of strings
decryptOpenData({ appId: 42, sessionKey, encryptedData, iv });
// @ts-expect-error: encryptedData is base64 text, not bytes
decryptOpenData({ appId, sessionKey, encryptedData: new Uint8Array(16), iv });
// @ts-expect-error: maxAgeSeconds is a number
decryptOpenData(input, { maxAgeSeconds: '600' });
// @ts-expect-error: repairBase64 is a boolean
decryptOpenData(input, { repairBase64: 'yes' });
// @ts-expect-error: no such option
decryptOpenData(input, { maxAge: 600 });
// @ts-expect-error: watermark.appid is a string
const wrongAppid: number = data.watermark.appid;
// @ts-expect-error: verifyRawDataSignature returns a boolean
const notString: string = verifyRawDataSignature({ rawData: '{}', signature: '', sessionKey });
// @ts-expect-error: signature is required
verifyRawDataSignature({ rawData: '{}', sessionKey });
// @ts-expect-error: positional form is not accepted
verifyRawDataSignature('{}', 'sig', sessionKey);
// @ts-expect-error: the body is text
signWithSessionKey(sessionKey, 5);
// @ts-expect-error: sessionKey is required
signWithSessionKey({ body: '' });
// @ts-expect-error: MAX_INPUT_LENGTH is a constant
MAX_INPUT_LENGTH = 1;

export { appid, ts, extra, openId, valid, sig1, sig2, sig3, limit, wrongAppid, notString };

// Sealed session tokens.
import { openSession, sealSession, type SessionClaims, type SessionKeys } from 'wx-open-data';
const sessionKeys: SessionKeys = [{ id: '2026-11', secret: 'AQgPFh0kKzI5QEdOVVxjanF4f4aNlJuiqbC3vsXM09o' }];
const sealed: string = sealSession({ sub: 'o1', appid: 'wx1', ver: 1, role: 'admin' }, { keys: sessionKeys, ttlSeconds: 3600 });
const opened: SessionClaims & { role: string } = openSession<{ role: string }>(sealed, { keys: sessionKeys, clockToleranceSeconds: 5 });
const openedExp: number = opened.exp;
const openedRole: string = opened.role;
void openedExp;
void openedRole;
// @ts-expect-error a token never carries session_key
sealSession({ sub: 'o1', appid: 'wx1', session_key: 'k' }, { keys: sessionKeys, ttlSeconds: 60 });
// @ts-expect-error sub is required
sealSession({ appid: 'wx1' }, { keys: sessionKeys, ttlSeconds: 60 });
// @ts-expect-error ttlSeconds is required
sealSession({ sub: 'o1', appid: 'wx1' }, { keys: sessionKeys });

// User-lifecycle push events narrow by `type`.
import { parseUserLifecycleEvent, REVOKE_INFO_NAMES, type UserLifecycleEvent } from 'wx-open-data/push';
declare const pushed: { Event: string; FromUserName: string };
const lifecycle: UserLifecycleEvent<{ Event: string; FromUserName: string }> = parseUserLifecycleEvent(pushed);
if (lifecycle.type === 'user_authorization_revoke') {
  const first: number | undefined = lifecycle.revoked[0]?.id;
  void first;
} else {
  // @ts-expect-error only the revoke event has `revoked`
  void lifecycle.revoked;
}
const pushedEvent: string = lifecycle.message.Event;
const revokeName: string | undefined = REVOKE_INFO_NAMES[8];
void pushedEvent;
void revokeName;
