// Shared by the client tests in this folder: the mock WeChat of examples/mock-wechat on 127.0.0.1,
// its call log, and the mini program's side (wx.login, the phone button) through its /__mock routes.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = process.env.WX_ROOT;
if (!root) throw new Error('WX_ROOT is not set: run js-tests/client/run.sh');
const { createMockWeChat, DEMO_APPS } = await import(pathToFileURL(join(root, 'examples/mock-wechat/mock-wechat.mjs')).href);

export const APPID = 'wx0a1b2c3d4e5f6a7b';
export const SECRET = DEMO_APPS[APPID].secret;

/** Start a mock WeChat; `calls(route)` counts the API calls of one route ('POST /cgi-bin/stable_token'). */
export async function startMock() {
  const log = [];
  const mock = createMockWeChat({ log: (line) => log.push(line) });
  const url = await mock.listen(0);
  const sim = async (path, body) => {
    const res = await fetch(`${url}/__mock/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status !== 200) throw new Error(`mock ${path}: HTTP ${res.status} ${await res.text()}`);
    return res.json();
  };
  return {
    mock,
    url,
    log,
    sim,
    calls: (route) => log.filter((l) => l.startsWith(`${route} `)).length,
    /** wx.login for `user`: the code the mini program would send. */
    login: async (user = 'alice', rotate = true) => (await sim('wx.login', { appid: APPID, user, rotate })).code,
    /** Advance the mock's clock (tokens, codes, watermarks), not ours. */
    advance: (seconds) => sim('clock', { advanceSeconds: seconds }),
    /** Another server asking stable_token for a new token (force_refresh), as a competing deployment would. */
    forceRefreshElsewhere: async () => {
      const res = await fetch(`${url}/cgi-bin/stable_token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credential', appid: APPID, secret: SECRET, force_refresh: true }),
      });
      return (await res.json()).access_token;
    },
    close: () => mock.close(),
  };
}
