/** @module GET|POST /wechat and /wechat/:app: the Fastify door to createCallbackHandler (src/callback/). */
import type { FastifyInstance, FastifyReply, FastifyRequest, LogLevel } from 'fastify';
import type { WegateConfig } from '../../config/config.types.js';
import {
  createCallbackHandler,
  createCallbackInbox,
  createSandboxRouter,
  keepDoneFor,
  type CallbackQuery,
  type CallbackRequest,
} from '../../callback/index.js';
import { DeadlineQueue } from '../fast-path/deadline-queue.js';
import type { FrontDoor } from '../fast-path/front-door.js';
import { createCallbackLane } from '../fast-path/callback-lane.js';
import { lazyChildLoggerFactory } from '../fast-path/lazy-child-logger.js';
import { sendAnswer } from '../fast-path/send-answer.js';
import type { ServerDeps } from '../server-deps.types.js';
import { createCallbackMetrics } from './wechat/callback-metrics.js';

export { ANSWER_LOG_EVERY } from '../../callback/index.js';

type WechatRequest = FastifyRequest<{ Params: { app?: string }; Querystring: CallbackQuery }>;

/** The plain request of `request`; `/wechat` without a name is the Official Account. */
function plain(request: FastifyRequest, reply: FastifyReply): CallbackRequest {
  const { params, query, body, id: requestId, log } = request as WechatRequest;
  const appName = params.app ?? 'oa';
  const elapsedMs = () => reply.elapsedTime;
  return { method: request.method, appName, query, body: body as string, requestId, log, elapsedMs };
}

function createHandler(config: WegateConfig, deps: ServerDeps) {
  const keepDoneMs = keepDoneFor(config.callback.maxSkewS);
  const own = deps.callbackInbox ? undefined : createCallbackInbox({ cache: deps.cache, keepDoneMs });
  const sandbox = config.sandbox ? () => createSandboxRouter({ url: config.serverUrl }) : () => undefined;
  const routers = Object.keys(deps.apps).map((name) => [name, deps.callbacks?.[name] ?? sandbox()]);
  const handler = createCallbackHandler({
    apps: deps.apps,
    routers: Object.fromEntries(routers),
    inbox: deps.callbackInbox ?? own!,
    store: deps.store,
    queue: deps.queue,
    ...config.callback,
    logger: deps.logger,
    debug: deps.logger.isLevelEnabled('debug'),
    metrics: createCallbackMetrics(deps.metrics.registry),
    // One timer for every push's deadline (see fast-path/README.md).
    deadlines: new DeadlineQueue(),
  });
  return { handler, close: () => own?.close() };
}

/**
 * Mounts the callback routes in their own scope: raw-body parsing for any content type (WeChat sends
 * text/xml, Mini Program JSON push application/json), the body limit, and plain-text 4xx errors
 * instead of our JSON envelope. Request logs on this hot path stay at warn unless debug is on. With a
 * front door, POSTs on a listening server take the node:http lane (fast-path/callback-lane.ts);
 * `inject()` and everything the lane declines come through these Fastify routes.
 */
export async function registerWechat(
  app: FastifyInstance,
  config: WegateConfig,
  deps: ServerDeps,
  door?: FrontDoor,
): Promise<void> {
  const { handler, close } = createHandler(config, deps);
  app.addHook('onClose', async () => close());
  const logLevel = (deps.logger.isLevelEnabled('debug') ? deps.logger.level : 'warn') as LogLevel;
  door?.add(createCallbackLane({ handler, logger: deps.logger, logLevel, http: deps.metrics }));
  await app.register(async (scope) => {
    scope.setChildLoggerFactory(lazyChildLoggerFactory);
    scope.removeAllContentTypeParsers();
    // A one-chunk body decodes straight from the socket chunk as a string, without the copy a Buffer takes.
    const bodyLimit = handler.maxBodyBytes;
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit }, (_req, body, done) => done(null, body));
    scope.setErrorHandler((error, request, reply) => {
      // Fastify's own 4xx on this route (body limit, bad content) are refusals like the handler's.
      const status = (error as { statusCode?: unknown } | null)?.statusCode;
      if (typeof status === 'number' && status >= 400 && status < 500) {
        const why = status === 413 ? 'body-too-large' : 'malformed-body';
        const answer = handler.refuse(plain(request, reply), why);
        return reply.code(answer.status).headers(answer.headers).send(answer.body);
      }
      request.log.error({ err: error }, 'callback route failed');
      return reply.code(500).type('text/plain; charset=utf-8').send('internal error');
    });
    const answer = async (request: FastifyRequest, reply: FastifyReply) => {
      const { status, headers, body } = await handler.handle(plain(request, reply));
      if (status === 200 && request.method === 'POST') {
        return sendAnswer(request, reply, headers['content-type'] as string, body);
      }
      return reply.code(status).headers(headers).send(body);
    };
    for (const url of ['/wechat', '/wechat/:app']) {
      scope.get(url, { logLevel }, answer);
      scope.post(url, { logLevel, bodyLimit }, answer);
    }
  });
}
