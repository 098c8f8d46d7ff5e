// src/index.mjs: a module Worker (export default { fetch }), the format tested here
import { decryptOpenData } from 'wx-open-data';

export default {
  async fetch(request, env) {
    const { encryptedData, iv, sessionKey } = await request.json(); // sessionKey: from your own store
    try {
      const user = decryptOpenData({ appId: env.WX_APPID, sessionKey, encryptedData, iv }, { maxAgeSeconds: 600 });
      return Response.json({ openId: user.openId });
    } catch (err) {
      if (err.name !== 'WxOpenDataError') throw err;
      return Response.json({ code: err.code, field: err.field }, { status: 400 });
    }
  },
};
