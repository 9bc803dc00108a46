/**
 * @module createCallbackHandler: WeChat's callback from plain request to plain answer — verify, open,
 * dedupe with a lease, route, answer within the deadline, replyLater — with no HTTP framework in it.
 */
import querystring from 'fast-querystring';
import { systemClock, type Clock } from '../kernel/ports/index.js';
import {
  inSpan,
  isInsideSpan,
  isTracingOn,
  ROOT_CONTEXT,
  SpanKind,
} from '../telemetry/tracing/trace-context.js';
import { createCallbackApps, type CallbackApp } from './callback-apps.js';
import type * as T from './callback-handler.types.js';
import { CallbackRejection, refusePush } from './callback-rejection.js';
import type { CallbackQuery } from './callback-record.types.js';
import { createCallbackInbox, keepDoneFor, type CallbackInbox } from './inbox/index.js';
import { openCallback } from './open-callback.js';
import { renderReply } from './render-reply.js';
import { runCallback, timerDeadlines, type RunCallbackDeps } from './run-callback.js';
import type { VerifiedMessage } from './open-push.js';
import { verifyHandshake } from './verify-inbound.js';

export const TEXT = 'text/plain; charset=utf-8';
/** Outside debug, one answered callback in this many is logged at info, starting with the first. */
export const ANSWER_LOG_EVERY = 1000;
const TEXT_HEADERS = { 'content-type': TEXT } as const;
// The signature does not cover echostr: never let a browser read the echo as anything but text.
const ECHO_HEADERS = { 'content-type': TEXT, 'x-content-type-options': 'nosniff' } as const;

interface Handling {
  readonly appName: string;
  readonly log: T.CallbackLogger;
  readonly requestId: string | undefined;
  elapsedMs(): number;
}

/** runCallback inside one span naming the push (app, MsgType, Event); only called while tracing is on. */
function tracedRun(...args: Parameters<typeof runCallback>): ReturnType<typeof runCallback> {
  const [, app, message] = args;
  const { MsgType, Event } = message as VerifiedMessage & { Event?: string };
  const attributes = {
    'wechat.app': app.name,
    'wechat.appid': app.appid,
    'wechat.msg_type': MsgType,
    ...(Event === undefined ? {} : { 'wechat.event': Event }),
  };
  // Under the HTTP server span when the http instrumentation made one, else the trace's root: started
  // from the root context, since a request the instrumentation skips runs with tracing suppressed.
  const options = isInsideSpan()
    ? { kind: SpanKind.INTERNAL, attributes }
    : { kind: SpanKind.SERVER, attributes, parent: ROOT_CONTEXT };
  return inSpan(`wechat push ${MsgType}`, options, () => runCallback(...args));
}

/** The one callback mechanism both doors of `wegate serve` (and any other server) answer with. */
export function createCallbackHandler(deps: T.CallbackHandlerDeps): T.CallbackHandler {
  return new Callbacks(deps);
}

// A class so that one push allocates no closures: the steps live on the prototype.
class Callbacks implements T.CallbackHandler {
  readonly maxBodyBytes: number;
  private readonly clock: Clock;
  private readonly maxSkewS: number;
  private readonly apps: Map<string, CallbackApp>;
  private readonly metrics: T.CallbackMetrics;
  private readonly run: RunCallbackDeps;
  private readonly owned: CallbackInbox | undefined;
  private readonly answerHeaders = new Map<string, Readonly<Record<string, string>>>();
  private untilSample = 1;

  constructor(private readonly deps: T.CallbackHandlerDeps) {
    this.clock = deps.clock ?? systemClock;
    this.maxSkewS = deps.maxSkewS ?? 300;
    this.maxBodyBytes = deps.maxBodyBytes ?? 1024 * 1024;
    this.apps = createCallbackApps(deps.apps, deps.routers);
    this.metrics = deps.metrics ?? { observe: () => undefined };
    const keepDoneMs = keepDoneFor(this.maxSkewS);
    this.owned = deps.inbox ? undefined : createCallbackInbox({ clock: this.clock, keepDoneMs });
    this.run = {
      inbox: deps.inbox ?? this.owned!,
      store: deps.store,
      queue: deps.queue,
      clock: this.clock,
      deadlineMs: deps.deadlineMs ?? 4500,
      deadlines: deps.deadlines ?? timerDeadlines,
    };
  }

  async handle(request: T.CallbackRequest): Promise<T.CallbackAnswer> {
    const at = this.handlingOf(request);
    try {
      const raw = request.query;
      const query = (typeof raw === 'string' ? querystring.parse(raw) : raw) as CallbackQuery;
      if (request.method === 'GET') return this.handshake(at, query);
      return await this.push(at, query, request.body);
    } catch (error) {
      if (error instanceof CallbackRejection) return this.refusal(at, error);
      at.log.error({ err: error }, 'callback route failed');
      return { status: 500, headers: TEXT_HEADERS, body: 'internal error' };
    }
  }

  refuse(request: T.CallbackRequest, why: T.EarlyRefusal): T.CallbackAnswer {
    const rejection =
      why === 'body-too-large'
        ? new CallbackRejection('body-too-large', 413, 'body too large')
        : refusePush('malformed-body');
    return this.refusal(this.handlingOf(request), rejection);
  }

  close(): void {
    this.owned?.close();
  }

  private handshake(at: Handling, query: CallbackQuery): T.CallbackAnswer {
    const app = this.appOf(at.appName);
    const { maxSkewS } = this;
    const verdict = verifyHandshake({ token: app.token as string, query, maxSkewS, now: this.clock.now() });
    if (!verdict.ok) throw refusePush(verdict.reason, app.mode);
    return { status: 200, headers: ECHO_HEADERS, body: verdict.echostr as string };
  }

  private async push(at: Handling, query: CallbackQuery, body: unknown): Promise<T.CallbackAnswer> {
    const now = this.clock.now();
    const app = this.appOf(at.appName);
    const { maxSkewS, maxBodyBytes: maxBytes } = this;
    const opened = openCallback({ app, query, body, maxSkewS, maxBytes, now });
    const result = isTracingOn()
      ? await tracedRun(this.run, app, opened.message, at.log, now)
      : await runCallback(this.run, app, opened.message, at.log, now);
    let rendered;
    try {
      rendered = renderReply(result.reply, {
        mode: opened.mode,
        format: opened.format,
        cipher: app.cipher,
        token: app.token as string,
        nonce: opened.nonce,
        timestamp: Math.floor(this.clock.now() / 1000),
      });
    } catch (err) {
      at.log.error({ err, app: app.name }, 'callback reply cannot be rendered; answering success');
      rendered = { contentType: TEXT, body: 'success' };
    }
    const ms = at.elapsedMs();
    this.metrics.observe(app.name, opened.mode, result.outcome, '', ms / 1000);
    this.logAnswer(at, { app: app.name, mode: opened.mode, outcome: result.outcome, ms });
    return { status: 200, headers: this.headersFor(rendered.contentType), body: rendered.body };
  }

  private appOf(name: string): CallbackApp {
    const app = this.apps.get(name);
    if (!app) throw new CallbackRejection('unknown-app', 404, 'unknown app');
    if (app.token === undefined)
      throw new CallbackRejection('not-configured', 404, 'callback not configured');
    return app;
  }

  /** Logs the refusal once, counts it by reason, and answers it in plain text. */
  private refusal(at: Handling, rejection: CallbackRejection): T.CallbackAnswer {
    const { appName: app, log } = at;
    log.warn({ app, reason: rejection.reason, status: rejection.status }, 'callback rejected');
    // Which check failed stays out of the warn line (one reason for all); debug names it for operators.
    if (rejection.check) log.debug({ app, check: rejection.check }, 'callback refusal detail');
    const seconds = at.elapsedMs() / 1000;
    this.metrics.observe(app, rejection.mode ?? 'unknown', 'rejected', rejection.reason, seconds);
    return { status: rejection.status, headers: TEXT_HEADERS, body: rejection.body };
  }

  private logAnswer(at: Handling, fields: Record<string, unknown>): void {
    if (this.deps.debug === true) return at.log.debug(fields, 'callback answered');
    this.untilSample -= 1;
    if (this.untilSample > 0) return;
    this.untilSample = ANSWER_LOG_EVERY;
    // The request's own logger stays at warn; the sample goes to the handler's logger with the request id.
    const line = { reqId: at.requestId, ...fields, sampledEvery: ANSWER_LOG_EVERY };
    this.deps.logger.info(line, 'callback answered');
  }

  private headersFor(contentType: string): Readonly<Record<string, string>> {
    let headers = this.answerHeaders.get(contentType);
    if (headers === undefined)
      this.answerHeaders.set(contentType, (headers = { 'content-type': contentType }));
    return headers;
  }

  private handlingOf(request: T.CallbackRequest): Handling {
    const { appName, requestId } = request;
    const log = request.log ?? this.deps.logger;
    if (request.elapsedMs !== undefined) return { appName, log, requestId, elapsedMs: request.elapsedMs };
    const started = performance.now();
    return { appName, log, requestId, elapsedMs: () => performance.now() - started };
  }
}
