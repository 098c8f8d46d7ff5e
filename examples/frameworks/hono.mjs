// Hono 4 recipe (@hono/node-server): POST /login, POST /user-info and /push (GET + POST).
//
// Hono has no global body parser: each handler reads the body it wants, and c.req caches it, so
// `await c.req.text()` gives the raw text even when a middleware already called c.req.json().
// THE TRAP is the underlying Request: `c.req.raw.text()` (or a middleware that reads c.req.raw)
// consumes the stream once ("Body is unusable" the second time), and c.req.json() / parseBody()
// give objects. Hand openPushRequest `await c.req.text()`. The same code runs on Workers, Deno and Bun.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createRecipe, errorBody, statusOf } from './recipe.mjs';

export function createApp(options) {
  const recipe = createRecipe(options);
  const app = new Hono();

  app.onError((err, c) => c.json(errorBody(err), statusOf(err)));

  // Malformed JSON is a client error; an empty object lets the recipe name the missing field.
  const jsonBody = (c) => c.req.json().catch(() => ({}));

  app.post('/login', async (c) => c.json(await recipe.login(await jsonBody(c))));

  app.post('/user-info', async (c) => c.json(recipe.userInfo(c.req.header('authorization'), await jsonBody(c))));

  app.on(['GET', 'POST'], '/push', async (c) => {
    const raw = c.req.method === 'POST' ? await c.req.text() : null;
    const answer = recipe.pushEndpoint(c.req.method, c.req.url, raw);
    return c.text(answer.body, answer.status);
  });
  return app;
}

/** Listen on 127.0.0.1 (port 0 = any free port): { url, close }. */
export function start(options, port = 0) {
  return new Promise((resolve) => {
    const server = serve({ fetch: createApp(options).fetch, port, hostname: '127.0.0.1' }, (info) =>
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise((done) => server.close(done)),
      }),
    );
  });
}
