// Koa 3 recipe (@koa/router, @koa/bodyparser): POST /login, POST /user-info and /push (GET + POST).
//
// THE TRAP: a global bodyParser() reads JSON bodies before any route runs: for a JSON push
// ctx.request.body is the parsed object and the request stream is drained (reading it again waits
// forever); for an XML push (text/xml, not among its default enableTypes) ctx.request.body is {}
// and the stream is still unread.
// THE FIX: take the raw text the parser kept (@koa/bodyparser sets ctx.request.rawBody), and read
// the stream yourself when the parser skipped the body. Never hand ctx.request.body to the library.
// (Alternatively set ctx.disableBodyParser = true for /push in a middleware before the parser.)
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import { BODY_LIMIT, createRecipe, errorBody, HttpError, statusOf } from './recipe.mjs';

/** The request body as bytes, read from the stream (refused above `limit`). */
async function readRaw(req, limit) {
  if (req.readableEnded) throw new HttpError(500, 'ERR_BODY_CONSUMED', 'the request body was already read by another middleware');
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, 'ERR_INPUT_TOO_LARGE', `the body is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export function createApp(options) {
  const recipe = createRecipe(options);
  const app = new Koa();
  const router = new Router();

  // Errors of every route as one JSON shape (first middleware: it wraps all the others).
  app.use(async (ctx, next) => {
    try {
      await next();
    } catch (err) {
      ctx.status = statusOf(err);
      ctx.body = errorBody(err);
    }
  });
  app.use(bodyParser({ jsonLimit: BODY_LIMIT })); // the global parser of the trap

  router.post('/login', async (ctx) => {
    ctx.body = await recipe.login(ctx.request.body);
  });

  router.post('/user-info', (ctx) => {
    ctx.body = recipe.userInfo(ctx.get('authorization'), ctx.request.body);
  });

  router.all('/push', async (ctx) => {
    const raw = ctx.method === 'POST' ? (ctx.request.rawBody ?? (await readRaw(ctx.req, BODY_LIMIT))) : null;
    const answer = recipe.pushEndpoint(ctx.method, ctx.querystring, raw);
    ctx.status = answer.status;
    ctx.type = 'text/plain';
    ctx.body = answer.body;
  });

  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}

/** Listen on 127.0.0.1 (port 0 = any free port): { url, close }. */
export function start(options, port = 0) {
  const server = createApp(options).listen(port, '127.0.0.1');
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        close: () => new Promise((done) => server.close(done)),
      }),
    );
  });
}
