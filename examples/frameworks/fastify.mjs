// Fastify 5 recipe: POST /login, POST /user-info and /push (GET + POST).
//
// THE TRAP: Fastify parses only application/json and text/plain. An XML push (text/xml) is
// answered 415 Unsupported Media Type before the handler runs, and a JSON push reaches it as a
// parsed object, not the text WeChat signed around.
// THE FIX: register the push route in its own plugin (an encapsulated context) whose content-type
// parsers hand over the body as a string, whatever its type: the parsers of the rest of the app
// (JSON for /login and /user-info) are untouched. For the XML types alone, outside the plugin:
//   app.addContentTypeParser(['application/xml', 'text/xml'], { parseAs: 'string' }, (req, body, done) => done(null, body));
import Fastify from 'fastify';
import { BODY_LIMIT, createRecipe, errorBody, statusOf } from './recipe.mjs';

export function createApp(options) {
  const recipe = createRecipe(options);
  const app = Fastify({ bodyLimit: BODY_LIMIT });

  app.setErrorHandler((err, request, reply) => {
    // Fastify's own errors (415, 413, bad JSON) keep their statusCode; the library's map by code.
    reply.status(statusOf(err)).send(errorBody(err));
  });

  app.post('/login', (request) => recipe.login(request.body));

  app.post('/user-info', (request) => recipe.userInfo(request.headers.authorization, request.body));

  app.register(async (push) => {
    // Only inside this plugin: every body as a string, exactly as received.
    push.removeAllContentTypeParsers();
    push.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => done(null, body));
    push.route({
      method: ['GET', 'POST'],
      url: '/push',
      handler: (request, reply) => {
        const answer = recipe.pushEndpoint(request.method, request.query, request.method === 'POST' ? (request.body ?? '') : null);
        reply.status(answer.status).type('text/plain').send(answer.body);
      },
    });
  });
  return app;
}

/** Listen on 127.0.0.1 (port 0 = any free port): { url, close }. */
export async function start(options, port = 0) {
  const app = createApp(options);
  const url = await app.listen({ port, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}
