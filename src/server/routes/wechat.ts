/** @module GET|POST /wechat and /wechat/:app: WeChat callbacks and Mini Program push, answered in WeChat's formats. */
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest, LogLevel } from 'fastify';
import type { WegateConfig } from '../../config/config.types.js';
import { renderReply, verifyHandshake, type CallbackQuery } from '../../callback/index.js';
import { createCallbackInbox } from '../../callback/inbox/index.js';
import { systemClock, type Clock } from '../../kernel/ports/index.js';
import type { ServerDeps } from '../server-deps.types.js';
import { createCallbackApps, type CallbackApp } from './wechat/callback-apps.js';
import { createCallbackMetrics, type CallbackMetrics } from './wechat/callback-metrics.js';
import { CallbackRejection, rejectFramework, rejectSignature } from './wechat/callback-rejection.js';
import { openCallback } from './wechat/open-callback.js';
import { runCallback, type RunCallbackDeps } from './wechat/run-callback.js';
import { lazyChildLoggerFactory } from './wechat/lazy-child-logger.js';
import { sendAnswer } from './wechat/send-answer.js';

/** `/wechat` without a name is the Official Account. */
const DEFAULT_APP = 'oa';
const TEXT = 'text/plain; charset=utf-8';

interface Shared {
  readonly apps: Map<string, CallbackApp>;
  readonly run: RunCallbackDeps;
  readonly metrics: CallbackMetrics;
  readonly clock: Clock;
  readonly maxSkewS: number;
  readonly maxBytes: number;
  readonly debug: boolean;
  readonly logger: FastifyBaseLogger;
  /** Answers left until the next sampled `callback answered` line. */
  untilSample: number;
}

/** Outside debug, one answered callback in this many is logged at info, starting with the first. */
export const ANSWER_LOG_EVERY = 1000;

function logAnswer(shared: Shared, request: FastifyRequest, fields: Record<string, unknown>): void {
  if (shared.debug) return request.log.debug(fields, 'callback answered');
  shared.untilSample -= 1;
  if (shared.untilSample > 0) return;
  shared.untilSample = ANSWER_LOG_EVERY;
  // The route's own logger stays at warn; the sample goes to the server logger with the request id.
  shared.logger.info({ reqId: request.id, ...fields, sampledEvery: ANSWER_LOG_EVERY }, 'callback answered');
}

type CallbackRequest = FastifyRequest<{ Params: { app?: string }; Querystring: CallbackQuery }>;

function appOf(shared: Shared, request: CallbackRequest): CallbackApp {
  const name = request.params.app ?? DEFAULT_APP;
  const app = shared.apps.get(name);
  if (!app) throw new CallbackRejection('unknown-app', 404, 'unknown app');
  if (app.token === undefined) throw new CallbackRejection('not-configured', 404, 'callback not configured');
  return app;
}

function reject(shared: Shared, request: FastifyRequest, reply: FastifyReply, rejection: CallbackRejection) {
  const app = (request.params as { app?: string }).app ?? DEFAULT_APP;
  request.log.warn({ app, reason: rejection.reason, status: rejection.status }, 'callback rejected');
  shared.metrics.observe(
    app,
    rejection.mode ?? 'unknown',
    'rejected',
    rejection.reason,
    reply.elapsedTime / 1000,
  );
  return reply.code(rejection.status).type(TEXT).send(rejection.body);
}

function handshake(shared: Shared, request: CallbackRequest, reply: FastifyReply) {
  const app = appOf(shared, request);
  const verdict = verifyHandshake({
    token: app.token as string,
    query: request.query,
    maxSkewS: shared.maxSkewS,
    now: shared.clock.now(),
  });
  if (!verdict.ok) throw rejectSignature(verdict.reason);
  return reply.type(TEXT).send(verdict.echostr);
}

async function receive(shared: Shared, request: CallbackRequest, reply: FastifyReply) {
  const now = shared.clock.now();
  const app = appOf(shared, request);
  const opened = openCallback({
    app,
    query: request.query,
    body: request.body,
    maxSkewS: shared.maxSkewS,
    maxBytes: shared.maxBytes,
    now,
  });
  const log = request.log as FastifyBaseLogger;
  const result = await runCallback(shared.run, app, opened.message, log, now);
  let rendered;
  try {
    rendered = renderReply(result.reply, {
      mode: opened.mode,
      format: opened.format,
      cipher: app.cipher,
      token: app.token as string,
      nonce: opened.nonce,
      timestamp: Math.floor(shared.clock.now() / 1000),
    });
  } catch (err) {
    log.error({ err, app: app.name }, 'callback reply cannot be rendered; answering success');
    rendered = { contentType: TEXT, body: 'success' };
  }
  const ms = reply.elapsedTime;
  shared.metrics.observe(app.name, opened.mode, result.outcome, '', ms / 1000);
  logAnswer(shared, request, { app: app.name, mode: opened.mode, outcome: result.outcome, ms });
  sendAnswer(request, reply, rendered.contentType, rendered.body);
}

/**
 * Mounts the callback routes in their own scope: raw-body parsing for any content type (WeChat sends
 * text/xml, Mini Program JSON push application/json), the body limit, and plain-text 4xx errors
 * instead of our JSON envelope. Request logs on this hot path stay at warn unless debug is on.
 */
export async function registerWechat(
  app: FastifyInstance,
  config: WegateConfig,
  deps: ServerDeps,
): Promise<void> {
  const clock = systemClock;
  const debug = deps.logger.isLevelEnabled('debug');
  const ownInbox = deps.callbackInbox ? undefined : createCallbackInbox({ cache: deps.cache, clock });
  const shared: Shared = {
    apps: createCallbackApps(config, deps),
    run: {
      inbox: deps.callbackInbox ?? ownInbox!,
      store: deps.store,
      queue: deps.queue,
      clock,
      deadlineMs: config.callback.deadlineMs,
    },
    metrics: createCallbackMetrics(deps.metrics.registry),
    clock,
    maxSkewS: config.callback.maxSkewS,
    maxBytes: config.callback.maxBodyBytes,
    debug,
    logger: deps.logger as FastifyBaseLogger,
    untilSample: 1,
  };
  if (ownInbox) app.addHook('onClose', async () => ownInbox.close());
  const logLevel = (debug ? deps.logger.level : 'warn') as LogLevel;
  await app.register(async (scope) => {
    scope.setChildLoggerFactory(lazyChildLoggerFactory);
    scope.removeAllContentTypeParsers();
    // A one-chunk body decodes straight from the socket chunk as a string, without the copy a Buffer takes.
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: shared.maxBytes }, (_req, body, done) =>
      done(null, body),
    );
    scope.setErrorHandler((error, request, reply) => {
      const rejection = error instanceof CallbackRejection ? error : rejectFramework(error);
      if (rejection) return reject(shared, request, reply, rejection);
      request.log.error({ err: error }, 'callback route failed');
      return reply.code(500).type(TEXT).send('internal error');
    });
    const get = (request: CallbackRequest, reply: FastifyReply) => handshake(shared, request, reply);
    const post = (request: CallbackRequest, reply: FastifyReply) => receive(shared, request, reply);
    for (const url of ['/wechat', '/wechat/:app']) {
      scope.get(url, { logLevel }, get);
      scope.post(url, { logLevel, bodyLimit: shared.maxBytes }, post);
    }
  });
}
