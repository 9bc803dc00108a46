/**
 * @module The callback lane: POST /wechat[/:app] served straight from node:http, in front of Fastify's
 * router. WeChat waits 5 s and retries, so this route is the server's hot path; Fastify's routing,
 * request/reply objects and hook chain cost about as much as the whole callback work (BENCHMARKS.md).
 * The lane gives the same answers as the Fastify route (the route tests run through both): same
 * parsing, limits, refusals, headers, logs and metrics. Global Fastify hooks do not run for it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
// The parser Fastify's router uses for its own routes: both doors read a query the same way.
import querystring from 'fast-querystring';
import type { CallbackQuery } from '../../../callback/index.js';
import { writeLaneAnswer, type Lane } from '../../front-door.js';
import { genRequestId, rawHeader } from '../../plugins/request-id.js';
import { answerCallback, rejectionAnswer, TEXT } from './answer-callback.js';
import { CallbackRejection } from './callback-rejection.js';
import type { CallbackAnswer, CallbackShared } from './callback-shared.types.js';
import { LazyChildLogger } from './lazy-child-logger.js';

const APP_NAME = /^[A-Za-z0-9_-]{1,64}$/;

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

function serve(shared: CallbackShared, req: IncomingMessage, res: ServerResponse, appName: string): void {
  const started = performance.now();
  const url = req.url as string;
  const route = url.startsWith('/wechat/') ? '/wechat/:app' : '/wechat';
  const requestId = genRequestId(req);
  const options = { level: shared.logLevel };
  const log = new LazyChildLogger(shared.logger, { reqId: requestId }, options) as FastifyBaseLogger;
  const elapsedMs = () => performance.now() - started;
  const send = (answer: CallbackAnswer, close = false) => {
    const { status, contentType, body } = answer;
    writeLaneAnswer(res, { status, contentType, body, requestId, close });
    shared.http.observeHttp('POST', route, answer.status, elapsedMs() / 1000);
  };
  const tooLarge = () => {
    const rejection = new CallbackRejection('body-too-large', 413, 'body too large');
    send(rejectionAnswer(shared, { appName, log, elapsedMs }, rejection), true);
  };

  // Node's parser refuses conflicting Content-Lengths; a repeated equal one reads as the first.
  const declared = rawHeader(req, 'content-length')?.value;
  if (declared !== undefined && Number(declared) > shared.maxBytes) return tooLarge();
  // Chunks are kept as they come and decoded once at the end (a push is almost always one chunk).
  let first: Buffer | undefined;
  let more: Buffer[] | undefined;
  let bytes = 0;
  const onData = (chunk: Buffer) => {
    // With a Content-Length, node's parser already holds the body to the size checked above.
    if (declared === undefined && (bytes += chunk.length) > shared.maxBytes) {
      req.removeListener('data', onData).removeListener('end', onEnd).resume();
      return tooLarge();
    }
    if (first === undefined) first = chunk;
    else (more ??= [first]).push(chunk);
  };
  const onEnd = () => {
    const q = url.indexOf('?');
    const query = (q < 0 ? {} : querystring.parse(url.slice(q + 1))) as CallbackQuery;
    const body = more ? Buffer.concat(more).toString('utf8') : (first?.toString('utf8') ?? '');
    answerCallback(shared, { appName, query, body, requestId, log, elapsedMs }).then(send, (error) => {
      log.error({ err: error }, 'callback route failed');
      send({ status: 500, contentType: TEXT, body: 'internal error' });
    });
  };
  req.on('data', onData).on('end', onEnd);
}

/** The lane for `shared`'s apps: takes POST /wechat[/:app], declines everything else. */
export function createCallbackLane(shared: CallbackShared): Lane {
  return (req, res) => {
    if (req.method !== 'POST') return false;
    const appName = callbackAppName(req.url ?? '');
    if (appName === undefined) return false;
    serve(shared, req, res, appName);
    return true;
  };
}
