/**
 * @module The callback lane: POST /wechat[/:app] served straight from node:http, in front of Fastify's
 * router. WeChat waits 5 s and retries, so this route is the server's hot path; Fastify's routing,
 * request/reply objects and hook chain cost about as much as the whole callback work (README.md here).
 * The lane gives the same answers as the Fastify route (the route tests run through both): both hand
 * the request to the same createCallbackHandler. Global Fastify hooks do not run for it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallbackAnswer, CallbackHandler, CallbackRequest } from '../../callback/index.js';
import type { Metrics } from '../plugins/metrics.js';
import { genRequestId, rawHeader } from '../plugins/request-id.js';
import { writeLaneAnswer, type Lane } from './front-door.js';
import { LazyChildLogger } from './lazy-child-logger.js';

const APP_NAME = /^[A-Za-z0-9_-]{1,64}$/;

type LaneRequest = { -readonly [K in keyof CallbackRequest]: CallbackRequest[K] };

export interface CallbackLaneOptions {
  readonly handler: CallbackHandler;
  /** The server logger; each request gets a lazy child of it at `logLevel`. */
  readonly logger: ConstructorParameters<typeof LazyChildLogger>[0];
  readonly logLevel: string;
  /** The server's HTTP series, which the lane feeds itself (Fastify's hook does not see it). */
  readonly http: Metrics;
}

/**
 * `/wechat` (the Official Account) or `/wechat/<name>`; undefined for anything else, which Fastify
 * then answers (404 for a trailing slash or a deeper path, names with escapes decoded by its router).
 */
export function callbackAppName(url: string): string | undefined {
  if (!url.startsWith('/wechat')) return undefined;
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (path === '/wechat') return 'oa';
  if (!path.startsWith('/wechat/')) return undefined;
  const name = path.slice(8);
  return APP_NAME.test(name) ? name : undefined;
}

function serve(lane: CallbackLaneOptions, req: IncomingMessage, res: ServerResponse, appName: string): void {
  const started = performance.now();
  const url = req.url as string;
  const route = url.startsWith('/wechat/') ? '/wechat/:app' : '/wechat';
  const requestId = genRequestId(req);
  const log = new LazyChildLogger(lane.logger, { reqId: requestId }, { level: lane.logLevel });
  const q = url.indexOf('?');
  const request: LaneRequest = {
    method: 'POST',
    appName,
    query: q < 0 ? '' : url.slice(q + 1),
    body: undefined,
    requestId,
    log,
    elapsedMs: () => performance.now() - started,
  };
  const send = (answer: CallbackAnswer, close = false) => {
    const contentType = answer.headers['content-type'] as string;
    writeLaneAnswer(res, { status: answer.status, contentType, body: answer.body, requestId, close });
    lane.http.observeHttp('POST', route, answer.status, (performance.now() - started) / 1000);
  };
  const { maxBodyBytes } = lane.handler;
  // Node's parser refuses conflicting Content-Lengths; a repeated equal one reads as the first.
  const declared = rawHeader(req, 'content-length')?.value;
  if (declared !== undefined && Number(declared) > maxBodyBytes) {
    return send(lane.handler.refuse(request, 'body-too-large'), true);
  }
  // Chunks are kept as they come and decoded once at the end (a push is almost always one chunk).
  let first: Buffer | undefined;
  let more: Buffer[] | undefined;
  let bytes = 0;
  const onData = (chunk: Buffer) => {
    // With a Content-Length, node's parser already holds the body to the size checked above.
    if (declared === undefined && (bytes += chunk.length) > maxBodyBytes) {
      req.removeListener('data', onData).removeListener('end', onEnd).resume();
      return send(lane.handler.refuse(request, 'body-too-large'), true);
    }
    if (first === undefined) first = chunk;
    else (more ??= [first]).push(chunk);
  };
  const onEnd = () => {
    request.body = more ? Buffer.concat(more).toString('utf8') : (first?.toString('utf8') ?? '');
    void lane.handler.handle(request).then(send);
  };
  req.on('data', onData).on('end', onEnd);
}

/** The lane for `handler`'s apps: takes POST /wechat[/:app], declines everything else. */
export function createCallbackLane(lane: CallbackLaneOptions): Lane {
  return (req, res) => {
    if (req.method !== 'POST') return false;
    const appName = callbackAppName(req.url ?? '');
    if (appName === undefined) return false;
    serve(lane, req, res, appName);
    return true;
  };
}
