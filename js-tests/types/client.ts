// Type tests of wx-open-data/client, checked by `tsc --noEmit` against the INSTALLED tarball (run.sh).
// Every `@ts-expect-error` line must be rejected by the declarations, or tsc fails the run.
import {
  createWeChatClient,
  isWxOpenDataError,
  kvTokenStore,
  redisTokenStore,
  type CheckEncryptedMsgResult,
  type StoredToken,
  type TokenStore,
  type WeChatClient,
  type WeChatClientOptions,
} from 'wx-open-data/client';
import type { Code2SessionResult, PhoneNumber, WxOpenDataError } from 'wx-open-data';

declare const kv: { get(key: string, type: 'text'): Promise<string | null>; put(key: string, value: string, options: { expirationTtl: number }): Promise<void> };
declare const redis: { get(key: string): Promise<string | null>; set(key: string, value: string, options?: { EX?: number }): Promise<string | null> };
declare const ioredis: { get(key: string): Promise<string | null>; set(key: string, value: string, mode: 'EX', seconds: number): Promise<'OK'>; call(command: string, ...args: unknown[]): Promise<unknown> };

const options: WeChatClientOptions = {
  appId: 'wx0a1b2c3d4e5f6a7b',
  secret: 'secret',
  baseUrl: 'http://127.0.0.1:4000',
  timeoutMs: 5000,
  fetch: (url, init) => fetch(url, init),
  tokenStore: kvTokenStore(kv),
  onTokenStoreError: (err, op) => console.warn(op, err),
  now: () => Date.now(),
};
const wechat: WeChatClient = createWeChatClient(options);
createWeChatClient({ appId: 'wx', secret: 's' });
createWeChatClient({ appId: 'wx', secret: 's', fetch });
createWeChatClient({ appId: 'wx', secret: 's', tokenStore: redisTokenStore(redis) });
createWeChatClient({ appId: 'wx', secret: 's', tokenStore: redisTokenStore(ioredis) });

// A hand-written store: sync or async, returning the value or its JSON text.
const map = new Map<string, StoredToken>();
const mine: TokenStore = { get: (key) => map.get(key) ?? null, set: (key, value) => void map.set(key, value) };
createWeChatClient({ appId: 'wx', secret: 's', tokenStore: mine });

async function flow(): Promise<void> {
  const session: Code2SessionResult = await wechat.code2Session('code');
  const token: string = await wechat.getAccessToken();
  await wechat.getAccessToken({ forceRefresh: true });
  const phone: PhoneNumber = await wechat.getPhoneNumber('code', { openId: session.openId, maxAgeSeconds: 600 });
  const current: boolean = await wechat.checkSession({ openId: session.openId, sessionKey: session.sessionKey });
  const check: CheckEncryptedMsgResult = await wechat.checkEncryptedMsg('data');
  const valid: boolean = check.valid;
  const at: number | null = check.createTime;
  void [token, phone, current, valid, at];
  try {
    await wechat.code2Session('code');
  } catch (e) {
    if (isWxOpenDataError(e)) {
      const err: WxOpenDataError = e;
      if (err.code === 'ERR_WX_TIMEOUT' || err.code === 'ERR_WX_NETWORK' || err.code === 'ERR_WX_HTTP') {
        const retry: boolean = err.retryable;
        const status: number | undefined = err.status;
        void [retry, status];
        // @ts-expect-error: only ERR_WX_API errors carry an errcode
        const n: number = err.errcode;
        void n;
      }
      if (err.code === 'ERR_WX_API') {
        const n: number = err.errcode;
        void n;
      }
    }
  }
}
void flow;

// @ts-expect-error: secret is required
createWeChatClient({ appId: 'wx' });
// @ts-expect-error: timeoutMs is a number
createWeChatClient({ appId: 'wx', secret: 's', timeoutMs: '5000' });
// @ts-expect-error: a token store needs set()
createWeChatClient({ appId: 'wx', secret: 's', tokenStore: { get: () => null } });
// @ts-expect-error: checkSession takes one object
void wechat.checkSession('openId', 'sessionKey');
// @ts-expect-error: forceRefresh is a boolean
void wechat.getAccessToken({ forceRefresh: 1 });
// @ts-expect-error: kvTokenStore wants a KV namespace
kvTokenStore({});
