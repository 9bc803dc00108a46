/** @module One signed exchange with WeChat Pay: Authorization header out, signature verified on the way back. */
import type { KeyObject } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { request as undiciRequest, type Dispatcher } from 'undici';
import { inSpan, isTracingOn, SpanKind } from '../telemetry/tracing/trace-context.js';
import { randomNonce } from '../kernel/crypto/index.js';
import { isWeChatError, isWeChatHttpError, PayApiError, WeChatHttpError } from '../kernel/errors/index.js';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from '../kernel/http/index.js';
import type { Clock } from '../kernel/ports/index.js';
import { buildAuthorization } from './build-authorization.js';
import type { SignedPayMessage } from './pay.types.js';

export interface PayRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** Queries may be retried; payment creation and refunds never are (the caller retries with the same out_*_no). */
  readonly idempotent?: boolean;
}

export interface PayExchange {
  readonly status: number;
  readonly headers: SignedPayMessage['headers'];
  readonly rawBody: string;
}

export interface PayTransportOptions {
  readonly mchid: string;
  readonly certSerial: string;
  readonly privateKey: KeyObject;
  readonly baseUrl: string;
  readonly timeoutMs: number;
}

export interface PayTransportDeps {
  readonly dispatcher?: Dispatcher;
  readonly clock: Clock;
  /** Backoff between retries of idempotent requests; default a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter source (0 ≤ x < 1); default Math.random. */
  readonly random?: () => number;
  /** Told of every error answer (each try of a retried request); must not throw. */
  readonly onPayError?: (error: PayApiError, path: string) => void;
}

export interface PayTransport {
  /** Sends once (or up to 3 times when idempotent) and returns the raw 2xx answer; non-2xx → PayApiError. */
  exchange(req: PayRequest): Promise<PayExchange>;
}

/** Path plus the encoded query: exactly what is signed and what is sent. */
export function canonicalUrl(path: string, query?: Readonly<Record<string, string>>): string {
  const qs = query === undefined ? '' : new URLSearchParams(query).toString();
  return qs === '' ? path : `${path}?${qs}`;
}

function toPayApiError(status: number, rawBody: string): PayApiError {
  let parsed: { code?: unknown; message?: unknown; detail?: unknown } = {};
  try {
    parsed = JSON.parse(rawBody) as typeof parsed;
  } catch {
    // Gateways in front of WeChat Pay answer HTML on 502/504; the status alone is then the information.
  }
  const code = typeof parsed.code === 'string' ? parsed.code : `HTTP_${status}`;
  const message = typeof parsed.message === 'string' ? parsed.message : rawBody.slice(0, 200);
  return new PayApiError(status, code, message, parsed.detail);
}

/** Transient for WeChat Pay: no answer at all (network, timeout), a 5xx, or 429 (rate limited). */
export function isTransientPayError(error: unknown): boolean {
  if (isWeChatHttpError(error)) return true;
  if (!isWeChatError(error) || error.code !== 'WEGATE_PAY_API_ERROR') return false;
  const { status } = error as PayApiError;
  return status >= 500 || status === 429;
}

/** The WeChat API client's backoff (3 tries, 200 ms doubling, equal jitter) with Pay's idea of transient. */
const PAY_RETRY: RetryPolicy = { ...DEFAULT_RETRY, isTransient: isTransientPayError };

/** A client span per exchange while tracing is on: the merchant and the API path, never the signature. */
function inPaySpan(
  mchid: string,
  req: PayRequest,
  once: (req: PayRequest) => Promise<PayExchange>,
): Promise<PayExchange> {
  const attributes = {
    'wechatpay.api': req.path.split('?')[0] as string,
    'wechatpay.mchid': mchid,
    'http.request.method': req.method,
  };
  return inSpan(`wechatpay ${req.method}`, { kind: SpanKind.CLIENT, attributes }, async (span) => {
    const exchange = await once(req);
    span.setAttribute('http.response.status_code', exchange.status);
    return exchange;
  });
}

export function createPayTransport(options: PayTransportOptions, deps: PayTransportDeps): PayTransport {
  async function once(req: PayRequest): Promise<PayExchange> {
    const url = canonicalUrl(req.path, req.query);
    const body = req.body === undefined ? '' : JSON.stringify(req.body);
    const authorization = buildAuthorization({
      mchid: options.mchid,
      serialNo: options.certSerial,
      method: req.method,
      canonicalUrl: url,
      body,
      timestamp: String(Math.floor(deps.clock.now() / 1000)),
      nonce: randomNonce(32),
      privateKey: options.privateKey,
    });
    const headers: Record<string, string> = {
      authorization,
      accept: 'application/json',
      'user-agent': 'wegate',
    };
    if (body !== '') headers['content-type'] = 'application/json';
    let res: Dispatcher.ResponseData;
    let rawBody: string;
    try {
      res = await undiciRequest(new URL(url, options.baseUrl), {
        method: req.method,
        headers,
        body: body === '' ? undefined : body,
        dispatcher: deps.dispatcher,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      rawBody = await res.body.text();
    } catch (cause) {
      throw new WeChatHttpError(`${req.path}: request failed`, req.path, undefined, { cause });
    }
    if (res.statusCode < 200 || res.statusCode >= 300) {
      const error = toPayApiError(res.statusCode, rawBody);
      deps.onPayError?.(error, req.path);
      throw error;
    }
    return { status: res.statusCode, headers: res.headers, rawBody };
  }

  const traced = (req: PayRequest): Promise<PayExchange> =>
    isTracingOn() ? inPaySpan(options.mchid, req, once) : once(req);
  const retryDeps = { sleep: deps.sleep ?? ((ms: number) => delay(ms)), random: deps.random ?? Math.random };
  return {
    exchange: (req) => (req.idempotent ? withRetry(() => traced(req), PAY_RETRY, retryDeps) : traced(req)),
  };
}
