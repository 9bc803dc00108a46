/** @module Delivers one push like WeChat: per-attempt timeout, up to 4 deliveries, stop at the first HTTP 200. */
import { request } from 'undici';
import type { PushRequest } from './build-push-request.js';
import type { PushDelivery } from './send-record.types.js';

/** The first attempt plus WeChat's 3 retries. */
export const MAX_PUSH_DELIVERIES = 4;

export interface PushAnswer {
  readonly body: string;
  readonly contentType?: string;
}

export interface DeliverPushOptions {
  readonly timeoutMs: number;
  readonly maxDeliveries?: number;
  /** Called after every attempt, e.g. to count it. */
  readonly onDelivery?: (delivery: PushDelivery) => void;
}

export interface DeliverPushResult {
  readonly deliveries: PushDelivery[];
  /** The HTTP 200 answer, when one came. */
  readonly answer?: PushAnswer;
}

function describeError(error: unknown): string {
  const err = error as { name?: string; code?: string; message?: string; cause?: { code?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timeout';
  return err.code ?? err.cause?.code ?? err.message ?? 'connection failed';
}

async function attemptOnce(
  req: PushRequest,
  timeoutMs: number,
): Promise<{ status?: number; answer?: PushAnswer; error?: string }> {
  try {
    // The timeout covers the whole exchange: WeChat drops the connection 5 s after sending.
    const response = await request(req.url, {
      method: 'POST',
      body: req.body,
      headers: { 'content-type': req.contentType },
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = await response.body.text();
    const contentType = response.headers['content-type'];
    return {
      status: response.statusCode,
      answer: { body, ...(typeof contentType === 'string' ? { contentType } : {}) },
    };
  } catch (error) {
    return { error: describeError(error) };
  }
}

/**
 * POSTs `next(attempt)` until an answer has HTTP 200 or the deliveries run out. Timeouts, failed
 * connections and any other status count as failed attempts; the retry goes out at once, like WeChat's.
 */
export async function deliverPush(
  next: (attempt: number) => PushRequest,
  options: DeliverPushOptions,
): Promise<DeliverPushResult> {
  const deliveries: PushDelivery[] = [];
  const max = options.maxDeliveries ?? MAX_PUSH_DELIVERIES;
  for (let attempt = 1; attempt <= max; attempt += 1) {
    const started = performance.now();
    const result = await attemptOnce(next(attempt), options.timeoutMs);
    const delivery: PushDelivery = {
      attempt,
      ...(result.status !== undefined ? { status: result.status } : {}),
      ...(result.error !== undefined ? { error: result.error } : {}),
      ms: Math.round(performance.now() - started),
    };
    deliveries.push(delivery);
    options.onDelivery?.(delivery);
    if (result.status === 200 && result.answer) return { deliveries, answer: result.answer };
  }
  return { deliveries };
}
