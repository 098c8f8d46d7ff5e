// The server's calls to WeChat's API. The library builds the URLs and parses/classifies the
// answers; this file only does the HTTP. Every URL goes through ONE base-URL setting, so moving from
// the local mock to the real WeChat is WX_API_BASE=https://api.weixin.qq.com (the default).
import {
  checkEncryptedMsgRequest,
  checkSessionUrl,
  code2SessionUrl,
  parseAccessTokenResponse,
  parseCode2SessionResponse,
  parsePhoneNumberResponse,
  parseWxApiResponse,
  phoneNumberRequest,
  stableTokenRequest,
} from 'wx-open-data';

export function createWeChatClient({ appId, secret, apiBase = 'https://api.weixin.qq.com', fetch = globalThis.fetch }) {
  const base = apiBase.replace(/\/+$/, '');
  // The helpers return https://api.weixin.qq.com/... URLs; keep path and query, swap the origin.
  const rebase = (url) => {
    const u = new URL(url);
    return `${base}${u.pathname}${u.search}`;
  };
  const getText = async (url, init) => {
    const res = await fetch(rebase(url), init);
    return res.text(); // WeChat answers errors with HTTP 200 and an errcode; the parsers classify them.
  };
  const send = (req) => getText(req.url, req); // the helpers' { url, method, headers, body }

  let token = null; // { accessToken, expiresAt } cached in memory; one per process is enough here
  async function accessToken() {
    if (token && token.expiresAt > Date.now() + 60_000) return token.accessToken;
    // /cgi-bin/stable_token: the same token for every caller until it expires (WeChat's recommendation).
    const parsed = parseAccessTokenResponse(await send(stableTokenRequest({ appId, secret })));
    token = { accessToken: parsed.accessToken, expiresAt: Date.now() + parsed.expiresIn * 1000 };
    return token.accessToken;
  }
  return {
    /** jscode2session: {openId, sessionKey, unionId?}; WeChat errors throw ERR_WX_API (errcode, retryable). */
    async code2Session(code) {
      return parseCode2SessionResponse(await getText(code2SessionUrl({ appId, secret, code })));
    },
    /** The new phone-number flow: the button's code -> phone_info (watermark appid checked). */
    async phoneNumber(code) {
      const req = phoneNumberRequest({ accessToken: await accessToken(), code });
      return parsePhoneNumberResponse(await send(req), { appId });
    },
    /** /wxa/checksession: false when WeChat no longer holds this session_key for the user (87009). */
    async checkSession(openId, sessionKey) {
      try {
        parseWxApiResponse(await getText(checkSessionUrl({ accessToken: await accessToken(), openId, sessionKey })));
        return true;
      } catch (err) {
        if (err.code === 'ERR_WX_API' && err.errcode === 87009) return false;
        throw err;
      }
    },
    /** /wxa/business/checkencryptedmsg: did WeChat produce this encryptedData in the last 3 days? */
    async checkEncryptedMsg(encryptedData) {
      const req = checkEncryptedMsgRequest({ accessToken: await accessToken(), encryptedData });
      return parseWxApiResponse(await send(req)).vaild === true; // WeChat's spelling
    },
  };
}
