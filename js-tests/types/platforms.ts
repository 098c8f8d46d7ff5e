// Type tests of the other platforms: `platform` is a union, requests and results have one shape,
// API errors narrow by code, Alipay's decryption is a promise.
import {
  type AlipayApiError,
  type Code2SessionResult,
  type Platform,
  type PlatformRequest,
  type WxOpenDataErrorCode,
  code2SessionRequest,
  code2SessionUrl,
  checkSessionUrl,
  decryptAlipayPhoneNumber,
  decryptBaiduOpenData,
  isWxOpenDataError,
  parseCode2SessionResponse,
} from 'wx-open-data';

const platforms: Platform[] = ['wechat', 'qq', 'douyin', 'kuaishou', 'wecom', 'baidu'];
// @ts-expect-error: Alipay has no code-to-session exchange in this library
const alipay: Platform = 'alipay';
void [platforms, alipay];

const req: PlatformRequest = code2SessionRequest({ platform: 'douyin', appId: 'tt1', secret: 's', anonymousCode: 'a' });
const method: 'GET' | 'POST' = req.method;
const body: string | undefined = req.body;
const wecom = code2SessionRequest({ platform: 'wecom', accessToken: 'T', code: 'c', baseUrl: 'http://127.0.0.1:8787' });
// @ts-expect-error: platform names are lower case
code2SessionRequest({ platform: 'Douyin', appId: 'a', secret: 's', code: 'c' });
void [method, body, wecom];

const url: string = code2SessionUrl({ appId: 'a', secret: 's', code: 'c', baseUrl: 'https://proxy.example/wx' });
const check: string = checkSessionUrl({ accessToken: 'T', openId: 'o', sessionKey: 'k', baseUrl: 'https://api.q.qq.com' });
void [url, check];

const wx: Code2SessionResult = parseCode2SessionResponse('{}');
const tt = parseCode2SessionResponse({ err_no: 0 }, { platform: 'douyin' });
const anon: string | undefined = tt.anonymousOpenId;
const corp: string | undefined = parseCode2SessionResponse('{}', { platform: 'wecom' }).corpId;
void [wx, anon, corp];

const baidu = decryptBaiduOpenData<{ openid: string; nickname: string }>({ appKey: 'k', sessionKey: 's', encryptedData: 'e', iv: 'i' });
const nick: string = baidu.nickname;
void nick;

async function phone(): Promise<string> {
  try {
    const r = await decryptAlipayPhoneNumber({ aesKey: 'k', alipayPublicKey: 'MIIB', response: 'r', sign: 's' });
    const code: '10000' = r.code;
    void code;
    return r.mobile;
  } catch (err) {
    if (isWxOpenDataError(err)) {
      const code: WxOpenDataErrorCode = err.code;
      if (err.code === 'ERR_ALIPAY_API') {
        const e: AlipayApiError = err;
        const errcode: string = err.errcode;
        const sub: string | undefined = err.subCode;
        void [e, errcode, sub];
      } else if (err.code === 'ERR_WX_API') {
        const p: Platform = err.platform;
        const n: number = err.errcode;
        const text: string | undefined = err.error;
        void [p, n, text];
      }
      void code;
    }
    throw err;
  }
}
// @ts-expect-error: the result is a promise, not the phone number
const notAwaited: string = decryptAlipayPhoneNumber({ aesKey: 'k', response: 'r', allowUnsigned: true }).mobile;
void [phone, notAwaited];
