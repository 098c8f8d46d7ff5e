// The traps docs/frameworks.md describes, reproduced with the real frameworks: the naive push route
// (the framework's usual body handling) fails on requests the recipes accept. If a framework release
// stops failing here, the guide's warning is out of date.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { bodyParser } from '@koa/bodyparser';
import express from 'express';
import Fastify from 'fastify';
import Koa from 'koa';
import { openPushRequest } from 'wx-open-data/push';
import { buildPushRequest } from 'wx-open-data/testing';

const CONFIG = { token: 'trapToken', encodingAESKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', appId: 'wxtrap' };
const message = { ToUserName: 'gh_x', MsgType: 'event', Event: 'debug_demo' };

/** Listen on a free port, send `req`, close; resolves to { status, text }. */
async function sendTo(server, req) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${server.address().port}${req.url}`, req);
    return { status: res.status, text: await res.text() };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

/** The naive handler: hands the library whatever the framework put in `body`. */
function naive(query, body) {
  try {
    openPushRequest({ ...CONFIG, query, body });
    return { status: 200, text: 'success' };
  } catch (err) {
    return { status: 400, text: `${err.code} ${err.field}: ${err.message}` };
  }
}

test('[trap] Express with a global express.json(): an XML push looks empty, a JSON push is an object', async () => {
  const app = express();
  app.use(express.json());
  app.post('/push', (req, res) => {
    const r = naive(req.query, req.body);
    res.status(r.status).send(r.text);
  });
  const xml = await sendTo(createServer(app), buildPushRequest({ ...CONFIG, message, format: 'xml', url: '/push' }));
  assert.equal(xml.status, 400);
  assert.match(xml.text, /^ERR_INVALID_ARGUMENT body: the body is empty/);
  const json = await sendTo(createServer(app), buildPushRequest({ ...CONFIG, message, url: '/push' }));
  assert.match(json.text, /^ERR_INVALID_ARGUMENT body: body must be the raw request body/);
});

test('[trap] Fastify without an XML parser: 415 before the handler runs', async () => {
  const app = Fastify();
  let reached = false;
  app.post('/push', async () => {
    reached = true;
    return 'success';
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const req = buildPushRequest({ ...CONFIG, message, format: 'xml', url: `http://127.0.0.1:${app.server.address().port}/push` });
    const res = await fetch(req.url, req);
    assert.equal(res.status, 415);
    assert.equal(reached, false);
  } finally {
    await app.close();
  }
});

test('[trap] Koa with a global bodyParser(): ctx.request.body is {} for XML and an object for JSON', async () => {
  const app = new Koa();
  app.use(bodyParser());
  app.use((ctx) => {
    const r = naive(ctx.querystring, ctx.request.body);
    ctx.status = r.status;
    ctx.body = r.text;
  });
  for (const format of ['xml', 'json']) {
    const res = await sendTo(createServer(app.callback()), buildPushRequest({ ...CONFIG, message, format, url: '/push' }));
    assert.equal(res.status, 400, `${format}: ${res.text}`);
    assert.match(res.text, /^ERR_INVALID_ARGUMENT body: body must be the raw request body/);
  }
});
