/** @module createTransport: one HTTP exchange with WeChat, observed by hooks, a span and a log line. */
import { context, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import { Agent, request as undiciRequest, type Dispatcher } from 'undici';
import { isWeChatApiError, isWeChatHttpError, WeChatHttpError } from '../errors/wechat-error.js';
import type { ApiHooks, ApiRequest, CallOutcome, KernelLogger, RawPayload } from './api-client.types.js';
import { buildUrl } from './build-url.js';
import { decodeResponse } from './decode-response.js';

export interface TransportOptions {
  readonly baseUrl: string | (() => string);
  readonly timeoutMs: number;
  readonly app?: string;
}

export interface TransportDeps {
  readonly dispatcher?: Dispatcher;
  readonly hooks?: ApiHooks;
  readonly logger?: KernelLogger;
  readonly tracer?: Tracer;
}

export interface Transport {
  /** Sends `req` once with `token` (when given) and decodes the answer. */
  send(req: ApiRequest, token: string | undefined, attempt: number): Promise<unknown>;
  close(): Promise<void>;
}

/** A keep-alive pool sized for many concurrent calls to one WeChat host. */
export function createDefaultDispatcher(): Agent {
  return new Agent({ connections: 64, pipelining: 1, keepAliveTimeout: 30_000 });
}

function classify(error: unknown): { outcome: CallOutcome; errcode?: number; status?: number } {
  if (isWeChatApiError(error)) return { outcome: 'errcode', errcode: error.errcode };
  if (isWeChatHttpError(error) && error.status !== undefined)
    return { outcome: 'http', status: error.status };
  return { outcome: 'network' };
}

function payloadOf(req: ApiRequest): RawPayload | undefined {
  if (req.payload) return req.payload;
  return req.body === undefined
    ? undefined
    : { contentType: 'application/json', bytes: JSON.stringify(req.body) };
}

async function exchange(
  req: ApiRequest,
  url: string,
  dispatcher: Dispatcher,
  timeoutMs: number,
): Promise<{ status: number; value: unknown }> {
  const payload = payloadOf(req);
  let res: Dispatcher.ResponseData;
  let body: Buffer;
  try {
    res = await undiciRequest(url, {
      method: req.method,
      dispatcher,
      headers: payload ? { 'content-type': payload.contentType } : undefined,
      body: payload?.bytes,
      // A whole-exchange deadline: headersTimeout/bodyTimeout alone would let a slow-drip body run on.
      signal: AbortSignal.timeout(timeoutMs),
    });
    body = Buffer.from(await res.body.arrayBuffer());
  } catch (cause) {
    throw new WeChatHttpError(`${req.path}: request failed`, req.path, undefined, { cause });
  }
  const contentType = res.headers['content-type'];
  const raw = {
    status: res.statusCode,
    contentType: Array.isArray(contentType) ? contentType[0] : contentType,
    body,
  };
  return { status: res.statusCode, value: decodeResponse(raw, req.path, req.responseType) };
}

function endSpan(span: Span, errcode: number | undefined, status: number | undefined, error?: unknown): void {
  if (errcode !== undefined) span.setAttribute('wechat.errcode', errcode);
  if (status !== undefined) span.setAttribute('http.response.status_code', status);
  if (error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
  span.end();
}

/** A client span per exchange: the app and the API path; the URL without its access_token. */
function startCallSpan(
  tracer: Tracer,
  req: ApiRequest,
  call: { app: string | undefined; safeUrl: string; attempt: number },
): Span {
  return tracer.startSpan(`wechat ${req.path}`, {
    kind: SpanKind.CLIENT,
    attributes: {
      'wechat.api': req.path,
      ...(call.app === undefined ? {} : { 'wechat.app': call.app }),
      'http.request.method': req.method,
      'url.full': call.safeUrl,
      attempt: call.attempt,
    },
  });
}

/** The transport under the retry and token wrappers; it never retries by itself. */
export function createTransport(options: TransportOptions, deps: TransportDeps = {}): Transport {
  const ownDispatcher = deps.dispatcher ? undefined : createDefaultDispatcher();
  const dispatcher = deps.dispatcher ?? (ownDispatcher as Agent);
  const tracer = deps.tracer ?? trace.getTracer('wegate');
  const resolveBase =
    typeof options.baseUrl === 'function' ? options.baseUrl : () => options.baseUrl as string;

  async function send(req: ApiRequest, token: string | undefined, attempt: number): Promise<unknown> {
    const { url, safeUrl } = buildUrl(resolveBase(), req.path, req.query, token);
    const span = startCallSpan(tracer, req, { app: options.app, safeUrl, attempt });
    const started = performance.now();
    const report = (outcome: CallOutcome, errcode?: number, status?: number): void => {
      const durationMs = performance.now() - started;
      deps.hooks?.onCall?.({
        api: req.path,
        method: req.method,
        errcode,
        status,
        durationMs,
        attempt,
        outcome,
      });
      deps.logger?.debug(
        { api: req.path, method: req.method, url: safeUrl, outcome, errcode, status, durationMs, attempt },
        'wechat call',
      );
    };
    try {
      // The exchange runs under the span, so an instrumented undici nests its HTTP span beneath it.
      const { status, value } = await context.with(trace.setSpan(context.active(), span), () =>
        exchange(req, url, dispatcher, options.timeoutMs),
      );
      report('ok', undefined, status);
      endSpan(span, undefined, status);
      return value;
    } catch (error) {
      const c = classify(error);
      report(c.outcome, c.errcode, c.status);
      endSpan(span, c.errcode, c.status, error);
      throw error;
    }
  }

  return {
    send,
    async close() {
      await ownDispatcher?.close();
    },
  };
}
