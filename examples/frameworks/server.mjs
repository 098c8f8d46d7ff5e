// Run one recipe on its own: node server.mjs express|koa|fastify|hono
// Configuration as in examples/node: WX_APPID, WX_SECRET, WX_API_BASE (default WeChat; the mock's
// URL to stay offline), WX_PUSH_TOKEN, WX_PUSH_AES_KEY, SESSION_SECRET (seals the tokens; without it a
// random key per process), PORT (default 3000, on 127.0.0.1).
const name = process.argv[2];
if (!['express', 'koa', 'fastify', 'hono'].includes(name)) {
  console.error('usage: node server.mjs express|koa|fastify|hono');
  process.exit(2);
}
const need = (v) => process.env[v] || (console.error(`${v} is required`), process.exit(2));
const { start } = await import(`./${name}.mjs`);
const app = await start(
  {
    appId: need('WX_APPID'),
    secret: need('WX_SECRET'),
    apiBase: process.env.WX_API_BASE || undefined,
    push: { token: need('WX_PUSH_TOKEN'), encodingAESKey: need('WX_PUSH_AES_KEY') },
    sessionKeys: process.env.SESSION_SECRET ? [{ id: process.env.SESSION_KEY_ID ?? 'k1', secret: process.env.SESSION_SECRET }] : undefined,
    onPush: (push) => console.log(`push: ${push.format} ${push.message.MsgType ?? ''} ${push.message.Event ?? ''}`),
  },
  Number(process.env.PORT ?? 3000),
);
console.log(`${name} recipe on ${app.url}: POST /login, POST /user-info, GET|POST /push`);
const stop = () => app.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
