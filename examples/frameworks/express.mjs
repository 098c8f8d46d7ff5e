// Express 5 recipe: POST /login, POST /user-info and the push endpoint /push (GET + POST).
//
// THE TRAP: this app installs express.json() globally, as most apps do. For the push endpoint that
// means: a JSON push is parsed into an object (the raw text is gone, openPushRequest refuses an
// object), and an XML push (text/xml) is not read at all, so req.body is undefined and the library
// answers "the body is empty and the query has no echostr" for a body that was never read.
// THE FIX: keep the raw bytes when the global parser reads them (its `verify` hook), and give the
// push route its own express.raw() for the content types the global parser skips. Either way the
// route hands openPushRequest the bytes exactly as WeChat sent them.
// (Simplest of all, when you control the order: register the push route BEFORE app.use(express.json()).)
import express from 'express';
import { BODY_LIMIT, createRecipe, errorBody, statusOf } from './recipe.mjs';

export function createApp(options) {
  const recipe = createRecipe(options);
  const app = express();
  app.disable('x-powered-by');

  app.use(
    express.json({
      limit: BODY_LIMIT,
      // Keep the raw bytes of what this parser reads (only the push route uses them).
      verify: (req, res, buf) => {
        req.rawBody = buf;
      },
    }),
  );

  app.post('/login', async (req, res) => {
    res.json(await recipe.login(req.body));
  });

  app.post('/user-info', (req, res) => {
    res.json(recipe.userInfo(req.get('authorization'), req.body));
  });

  // express.raw reads what express.json skipped (text/xml, application/xml, anything) as a Buffer;
  // for a JSON push the body was already read above and req.rawBody holds its bytes.
  app.all('/push', express.raw({ type: () => true, limit: BODY_LIMIT }), (req, res) => {
    const raw = req.rawBody ?? (Buffer.isBuffer(req.body) ? req.body : null);
    const answer = recipe.pushEndpoint(req.method, req.query, raw);
    res.status(answer.status).type('text/plain').send(answer.body);
  });

  // Express 5 forwards rejected promises of async handlers here.
  app.use((err, req, res, next) => {
    res.status(statusOf(err)).json(errorBody(err));
  });
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
