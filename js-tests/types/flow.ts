// Type tests of the login-flow API (typed decoders, several keys, WeChat API helpers, diagnose,
// WXBizDataCrypt) and of wx-open-data/testing, checked by `tsc --noEmit` against the INSTALLED
// tarball (run.sh). Every `@ts-expect-error` line must be rejected by the declarations.
import {
  decryptUserInfo,
  decryptPhoneNumber,
  decryptShareInfo,
  decryptGroupEnterInfo,
  decryptWeRunData,
  decryptOpenDataWithKeys,
  code2SessionUrl,
  parseCode2SessionResponse,
  parsePhoneNumberResponse,
  phoneNumberRequest,
  accessTokenUrl,
  stableTokenRequest,
  parseAccessTokenResponse,
  checkSessionUrl,
  encryptedMsgHash,
  checkEncryptedMsgRequest,
  parseWxApiResponse,
  WXBizDataCrypt,
  type UserInfo,
  type PhoneNumber,
  type ShareInfo,
  type GroupEnterInfo,
  type WeRunData,
  type WxApiError,
  type WxOpenDataError,
  type WxOpenDataErrorCode,
  type WXBizDataCryptError,
  type WxPostRequest,
} from 'wx-open-data';
import { diagnose, type DiagnoseReport } from 'wx-open-data/diagnose';
import { encryptOpenData, buildPushRequest, buildPushVerifyRequest, type EncryptedOpenData, type BuiltPushRequest } from 'wx-open-data/testing';
import { openPushRequest } from 'wx-open-data/push';

declare const appId: string;
declare const sessionKey: string;
declare const encryptedData: string;
declare const iv: string;
const input = { appId, sessionKey, encryptedData, iv };

const user: UserInfo = decryptUserInfo(input, { maxAgeSeconds: 600 });
const nick: string = user.nickName;
const gender: number = user.gender;
const maybeOpenId: string | undefined = user.openId;
// @ts-expect-error openId may be absent (getUserProfile)
const openId: string = user.openId;

const phone: PhoneNumber = decryptPhoneNumber(input);
const cc: string | number = phone.countryCode;
// @ts-expect-error countryCode may be a number
const ccs: string = phone.countryCode;

const share: ShareInfo = decryptShareInfo(input, { requireWatermark: true });
const gid: string = share.openGId;
// @ts-expect-error requireWatermark is a boolean
decryptShareInfo(input, { requireWatermark: 'yes' });

const group: GroupEnterInfo = decryptGroupEnterInfo(input);
const chatType: number = group.chat_type;
const werun: WeRunData = decryptWeRunData(input);
const steps: number = werun.stepInfoList[0].step;

const k = decryptOpenDataWithKeys({ appId, sessionKeys: [sessionKey, null], encryptedData, iv }, { kind: 'phoneNumber' });
const kp: PhoneNumber = k.data;
const idx: number = k.keyIndex;
const generic = decryptOpenDataWithKeys({ appId, sessionKeys: [sessionKey], encryptedData, iv });
const wmAppid: string = generic.data.watermark.appid;
// @ts-expect-error unknown kind
decryptOpenDataWithKeys({ appId, sessionKeys: [sessionKey], encryptedData, iv }, { kind: 'user' });
// @ts-expect-error sessionKeys, not sessionKey
decryptOpenDataWithKeys({ appId, sessionKey, encryptedData, iv });

const url: string = code2SessionUrl({ appId, secret: 's', code: 'c' });
// @ts-expect-error code is required
code2SessionUrl({ appId, secret: 's' });
const session = parseCode2SessionResponse('{}');
const sk: string = session.sessionKey;
const union: string | undefined = session.unionId;
parseCode2SessionResponse({ openid: 'o', session_key: sk });
// @ts-expect-error options with appId are required
parsePhoneNumberResponse('{}');
const info: PhoneNumber = parsePhoneNumberResponse('{}', { appId: [appId], maxAgeSeconds: 60 });
const req: WxPostRequest = phoneNumberRequest({ accessToken: 't', code: 'c' });
const method: 'POST' = req.method;
const t: string = accessTokenUrl({ appId, secret: 's' });
const st: WxPostRequest = stableTokenRequest({ appId, secret: 's', forceRefresh: true });
const token = parseAccessTokenResponse('{}');
const expiresIn: number = token.expiresIn;
const cs: string = checkSessionUrl({ accessToken: token.accessToken, openId: session.openId, sessionKey: sk });
const hash: string = encryptedMsgHash(encryptedData);
encryptedMsgHash({ encryptedData });
const cem: WxPostRequest = checkEncryptedMsgRequest({ accessToken: 't', encryptedData });
const any = parseWxApiResponse<{ errcode: number }>('{"errcode":0}');
const ec: number = any.errcode;

try {
  parseCode2SessionResponse('{}');
} catch (e) {
  const err = e as WxOpenDataError;
  const code: WxOpenDataErrorCode = err.code;
  if (err.code === 'ERR_WX_API') {
    const w = err as WxApiError;
    const retry: boolean = w.retryable;
    const n: number = w.errcode;
    const hint: string = w.hint;
  }
  // @ts-expect-error not a code of this library
  const bad: WxOpenDataErrorCode = 'ERR_NOPE';
}

const report: DiagnoseReport = diagnose({ sessionKey, encryptedData }, { now: 1, maxAgeSeconds: 60 });
const ok: boolean = report.ok;
const zh: string = report.cause.zh;
const status: 'pass' | 'fail' | 'warn' | 'skip' = report.checks[0].status;
const damage = report.encryptedData.base64;
const age: number | null | undefined = report.watermark?.ageSeconds;

const pc = new WXBizDataCrypt(appId, sessionKey);
const decoded = pc.decryptData(encryptedData, iv);
const pcAppid: string = decoded.watermark.appid;
const mine = pc.decryptData<{ openId: string }>(encryptedData, iv);
const mo: string = mine.openId;
// @ts-expect-error two strings, not an object
pc.decryptData({ encryptedData, iv });
try {
  pc.decryptData(encryptedData, iv);
} catch (e) {
  const legacy: -41001 | -41002 | -41003 | -41004 = (e as WXBizDataCryptError).errcode;
}

const enc: EncryptedOpenData = encryptOpenData({ sessionKey, data: { openGId: 'g' } });
encryptOpenData({ sessionKey, iv: enc.iv, data: '{"x":1}' });
// @ts-expect-error data is required
encryptOpenData({ sessionKey });

const pushConfig = { token: 't', encodingAESKey: ['k'] as const, appId: 'wx' };
const pushReq: BuiltPushRequest = buildPushRequest({ ...pushConfig, message: { MsgType: 'event' }, format: 'xml', url: '/push' });
const pushInit: RequestInit = pushReq;
const opened = openPushRequest({ ...pushConfig, query: pushReq.query, body: pushReq.body });
const qs: URLSearchParams = new URLSearchParams(pushReq.query);
const encryptType: 'aes' = pushReq.query.encrypt_type;
const check = buildPushVerifyRequest({ token: 't' });
openPushRequest({ ...pushConfig, query: check.url });
const echo: string = check.echostr;
// @ts-expect-error format is json or xml
buildPushRequest({ ...pushConfig, message: {}, format: 'yaml' });
// @ts-expect-error message is required
buildPushRequest({ ...pushConfig });
