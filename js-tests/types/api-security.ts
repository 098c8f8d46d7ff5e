// Type tests of wx-open-data/api-security, checked by `tsc --noEmit` against the INSTALLED tarball
// (run.sh). Every `@ts-expect-error` line must be rejected by the declarations.
import {
  sealApiRequest,
  openApiResponse,
  isWxOpenDataError,
  MAX_INPUT_LENGTH,
  type SealedApiRequest,
  type OpenedApiResponse,
  type WxOpenDataErrorCode,
} from 'wx-open-data/api-security';

declare const pem: string;
declare const res: Response;
const keys = { appId: 'wx', symmetricKey: 'k', symmetricKeySn: 'sn' };

export async function phone(code: string): Promise<string> {
  const req: SealedApiRequest = await sealApiRequest({ url: 'https://api.weixin.qq.com/x', ...keys, privateKey: pem, params: { code } });
  const method: 'POST' = req.method;
  void method;
  await sealApiRequest({ url: 'u', ...keys, privateKey: pem, params: '{"code":"x"}', timestamp: 1, nonce: 'n', iv: new Uint8Array(12) });
  // @ts-expect-error privateKey is required
  await sealApiRequest({ url: 'u', ...keys });
  // @ts-expect-error params is an object or JSON text
  await sealApiRequest({ url: 'u', ...keys, privateKey: pem, params: 42 });
  const data = await openApiResponse<{ phone_info: { purePhoneNumber: string } }>({
    url: req.url, ...keys, certificates: { sn: pem }, headers: res.headers, body: await res.text(), maxAgeSeconds: 60,
  });
  const warning: string | undefined = data.warning;
  void warning;
  const plain: OpenedApiResponse = await openApiResponse({ url: 'u', ...keys, certificates: {}, headers: { 'Wechatmp-Appid': 'wx' }, body: '' });
  void plain;
  // @ts-expect-error certificates is required
  await openApiResponse({ url: 'u', ...keys, headers: {}, body: '' });
  // @ts-expect-error body is the text, not the Response
  await openApiResponse({ url: 'u', ...keys, certificates: {}, headers: {}, body: res });
  return data.phone_info.purePhoneNumber;
}

export function handle(err: unknown): number | WxOpenDataErrorCode | undefined {
  if (!isWxOpenDataError(err)) return undefined;
  if (err.code === 'ERR_WX_API') return err.errcode;
  const code: WxOpenDataErrorCode = err.code;
  if (code === 'ERR_API_SIGNATURE_INVALID' || code === 'ERR_API_UNKNOWN_SERIAL') return code;
  // @ts-expect-error not a code
  if (code === 'ERR_API_NOPE') return code;
  return MAX_INPUT_LENGTH;
}

// The fetch client's apiSecurity option takes the module itself.
import { createWeChatClient } from 'wx-open-data/client';
import * as apiSecurityModule from 'wx-open-data/api-security';

export const client = createWeChatClient({
  appId: 'wx', secret: 's',
  apiSecurity: { module: apiSecurityModule, symmetricKey: 'k', symmetricKeySn: 'sn', privateKey: pem, certificates: { sn: pem }, maxAgeSeconds: 60 },
});
// @ts-expect-error module is required
createWeChatClient({ appId: 'wx', secret: 's', apiSecurity: { symmetricKey: 'k', symmetricKeySn: 'sn', privateKey: pem, certificates: {} } });
