/** @module GET|POST /wechat and /wechat/:app: WeChat callbacks and Mini Program push, answered in WeChat's formats. */
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest, LogLevel } from 'fastify';
import type { WegateConfig } from '../../config/config.types.js';
import { verifyHandshake, type CallbackQuery } from '../../callback/index.js';
import { createCallbackInbox, keepDoneFor } from '../../callback/inbox/index.js';
import { systemClock } from '../../kernel/ports/index.js';
import type { FrontDoor } from '../front-door.js';
import type { ServerDeps } from '../server-deps.types.js';
import { answerCallback, callbackAppOf, rejectionAnswer, TEXT } from './wechat/answer-callback.js';
import { createCallbackApps } from './wechat/callback-apps.js';
import { createCallbackLane } from './wechat/callback-lane.js';
import { createCallbackMetrics } from './wechat/callback-metrics.js';
import { CallbackRejection, refusePush, rejectFramework } from './wechat/callback-rejection.js';
import type { CallbackShared } from './wechat/callback-shared.types.js';
import { lazyChildLoggerFactory } from './wechat/lazy-child-logger.js';
import { sendAnswer } from './wechat/send-answer.js';

export { ANSWER_LOG_EVERY } from './wechat/answer-callback.js';

/** `/wechat` without a name is the Official Account. */
const DEFAULT_APP = 'oa';

type CallbackRequest = FastifyRequest<{ Params: { app?: string }; Querystring: CallbackQuery }>;

function handshake(shared: CallbackShared, request: CallbackRequest, reply: FastifyReply) {
  const app = callbackAppOf(shared, request.params.app ?? DEFAULT_APP);
  const verdict = verifyHandshake({
    token: app.token as string,
    query: request.query,
    maxSkewS: shared.maxSkewS,
    now: shared.clock.now(),
  });
  if (!verdict.ok) throw refusePush(verdict.reason, app.mode);
  // The signature does not cover echostr: never let a browser read the echo as anything but text.
  return reply.type(TEXT).header('x-content-type-options', 'nosniff').send(verdict.echostr);
}

async function receive(shared: CallbackShared, request: CallbackRequest, reply: FastifyReply) {
  const answer = await answerCallback(shared, {
    appName: request.params.app ?? DEFAULT_APP,
    query: request.query,
    body: request.body,
    requestId: request.id,
    log: request.log,
    elapsedMs: () => reply.elapsedTime,
  });
  if (answer.status !== 200) return reply.code(answer.status).type(TEXT).send(answer.body);
  sendAnswer(request, reply, answer.contentType, answer.body);
}

function createShared(
  config: WegateConfig,
  deps: ServerDeps,
): { shared: CallbackShared; close?: () => void } {
  const clock = systemClock;
  const debug = deps.logger.isLevelEnabled('debug');
  const keepDoneMs = keepDoneFor(config.callback.maxSkewS);
  const ownInbox = deps.callbackInbox
    ? undefined
    : createCallbackInbox({ cache: deps.cache, clock, keepDoneMs });
  const shared: CallbackShared = {
    apps: createCallbackApps(config, deps),
    run: {
      inbox: deps.callbackInbox ?? ownInbox!,
      store: deps.store,
      queue: deps.queue,
      clock,
      deadlineMs: config.callback.deadlineMs,
    },
    metrics: createCallbackMetrics(deps.metrics.registry),
    http: deps.metrics,
    clock,
    maxSkewS: config.callback.maxSkewS,
    maxBytes: config.callback.maxBodyBytes,
    debug,
    logLevel: debug ? deps.logger.level : 'warn',
    logger: deps.logger as FastifyBaseLogger,
    untilSample: 1,
  };
  return { shared, close: ownInbox && (() => ownInbox.close()) };
}

/**
 * Mounts the callback routes in their own scope: raw-body parsing for any content type (WeChat sends
 * text/xml, Mini Program JSON push application/json), the body limit, and plain-text 4xx errors
 * instead of our JSON envelope. Request logs on this hot path stay at warn unless debug is on. With a
 * front door, POSTs on a listening server take the node:http lane (same answers, see callback-lane.ts);
 * `inject()` and everything the lane declines come through these Fastify routes.
 */
export async function registerWechat(
  app: FastifyInstance,
  config: WegateConfig,
  deps: ServerDeps,
  door?: FrontDoor,
): Promise<void> {
  const { shared, close } = createShared(config, deps);
  if (close) app.addHook('onClose', async () => close());
  door?.add(createCallbackLane(shared));
  await app.register(async (scope) => {
    scope.setChildLoggerFactory(lazyChildLoggerFactory);
    scope.removeAllContentTypeParsers();
    // A one-chunk body decodes straight from the socket chunk as a string, without the copy a Buffer takes.
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: shared.maxBytes }, (_req, body, done) =>
      done(null, body),
    );
    scope.setErrorHandler((error, request, reply) => {
      const rejection = error instanceof CallbackRejection ? error : rejectFramework(error);
      if (rejection) {
        const appName = (request.params as { app?: string }).app ?? DEFAULT_APP;
        const elapsedMs = () => reply.elapsedTime;
        const answer = rejectionAnswer(shared, { appName, log: request.log, elapsedMs }, rejection);
        return reply.code(answer.status).type(TEXT).send(answer.body);
      }
      request.log.error({ err: error }, 'callback route failed');
      return reply.code(500).type(TEXT).send('internal error');
    });
    const logLevel = shared.logLevel as LogLevel;
    const get = (request: CallbackRequest, reply: FastifyReply) => handshake(shared, request, reply);
    const post = (request: CallbackRequest, reply: FastifyReply) => receive(shared, request, reply);
    for (const url of ['/wechat', '/wechat/:app']) {
      scope.get(url, { logLevel }, get);
      scope.post(url, { logLevel, bodyLimit: shared.maxBytes }, post);
    }
  });
}
