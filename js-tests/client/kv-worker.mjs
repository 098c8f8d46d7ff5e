// A module Worker for kv.test.mjs: one WeChat client per isolate, its access_token shared through the
// TOKENS KV namespace (kvTokenStore). Bundled the way Wrangler does it (workerd condition).
import { createWeChatClient, kvTokenStore } from 'wx-open-data/client';

let wechat = null;

export default {
  async fetch(request, env) {
    wechat ??= createWeChatClient({ appId: env.APPID, secret: env.SECRET, baseUrl: env.WX_API_BASE, tokenStore: kvTokenStore(env.TOKENS) });
    const url = new URL(request.url);
    try {
      if (url.pathname === '/token') {
        return Response.json({ token: await wechat.getAccessToken({ forceRefresh: url.searchParams.get('force') === '1' }) });
      }
      if (url.pathname === '/check') {
        const ok = await wechat.checkSession({ openId: url.searchParams.get('openId'), sessionKey: url.searchParams.get('sessionKey') });
        return Response.json({ ok, token: await wechat.getAccessToken() });
      }
      return new Response('not found', { status: 404 });
    } catch (err) {
      return Response.json({ name: err?.name, code: err?.code, message: err?.message }, { status: 500 });
    }
  },
};
