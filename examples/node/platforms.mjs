// Logins from the other mini-program platforms (QQ, Douyin, Kuaishou, WeCom, Baidu): the same
// server, the same /login route with `platform` (POST /login?platform=douyin, or a `platform` field
// in the body). The library builds each platform's request and reads its answer dialect; this file
// only does the HTTP. Configuration from the environment, per platform P in QQ, DOUYIN, KUAISHOU,
// BAIDU: P_APPID and P_SECRET (Baidu: the App Key and App Secret); WeCom: WECOM_ACCESS_TOKEN (the
// corp application's access_token, fetched from /cgi-bin/gettoken and refreshed by your own code);
// optionally P_API_BASE, or PLATFORM_API_BASE for all of them (`${PLATFORM_API_BASE}/qq`, ...: the
// local mock; unset in production, where each platform's own origin is used).
import { code2SessionRequest, parseCode2SessionResponse } from 'wx-open-data';

export const OTHER_PLATFORMS = ['qq', 'douyin', 'kuaishou', 'wecom', 'baidu'];

/** { platform: { appId?, secret?, accessToken?, baseUrl? } } of the platforms configured in `env`. */
export function platformsFromEnv(env) {
  const out = {};
  for (const platform of OTHER_PLATFORMS) {
    const P = platform.toUpperCase();
    const config = platform === 'wecom'
      ? { accessToken: env.WECOM_ACCESS_TOKEN }
      : { appId: env[`${P}_APPID`], secret: env[`${P}_SECRET`] };
    if (Object.values(config).some((v) => !v)) continue;
    const baseUrl = env[`${P}_API_BASE`] || (env.PLATFORM_API_BASE ? `${env.PLATFORM_API_BASE.replace(/\/+$/, '')}/${platform}` : undefined);
    out[platform] = baseUrl ? { ...config, baseUrl } : config;
  }
  return out;
}

/**
 * code -> { openId, sessionKey, unionId?, anonymousOpenId?, corpId?, userId? } for `platform`. The
 * platform's errors throw ERR_WX_API with `platform`, `errcode`, `errmsg` and `retryable`.
 */
export async function platformCode2Session(config, platform, { code, anonymousCode }, fetch = globalThis.fetch) {
  const req = code2SessionRequest({ platform, ...config, code, anonymousCode });
  const res = await fetch(req.url, req);
  return parseCode2SessionResponse(await res.text(), { platform });
}
