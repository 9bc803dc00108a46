/** @module withRetry: exponential backoff with jitter around a call, for transient failures only (WeChat API, Pay). */
import { errcodeAction } from '../errors/errcodes.js';
import { isWeChatApiError, isWeChatHttpError } from '../errors/wechat-error.js';
import type { RetryOptions } from './api-client.types.js';

export const DEFAULT_RETRY: RetryOptions = { attempts: 3, baseDelayMs: 200, maxDelayMs: 2000 };

export interface RetryDeps {
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
}

/** How many tries and how long between them, and which failures are worth another try. */
export interface RetryPolicy extends RetryOptions {
  /** Default isTransientError (the WeChat API's); Pay passes its own (5xx, 429, network). */
  readonly isTransient?: (error: unknown) => boolean;
}

/**
 * Transient = errcode -1 (system busy) or 45011 (too frequent), a network error or timeout, or
 * HTTP 5xx. 45009 (daily quota) is not: retrying only burns more of a quota that is gone.
 */
export function isTransientError(error: unknown): boolean {
  if (isWeChatApiError(error)) return errcodeAction(error.errcode) === 'retry';
  if (isWeChatHttpError(error)) return error.status === undefined || error.status >= 500;
  return false;
}

/** Delay before retry number `retry` (1-based): base·2^(retry-1), capped, with equal jitter. */
export function backoffDelay(retry: number, options: RetryOptions, random: () => number): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** Runs `call` up to `policy.attempts` times while it fails transiently; the last error surfaces. */
export async function withRetry<T>(call: () => Promise<T>, policy: RetryPolicy, deps: RetryDeps): Promise<T> {
  const isTransient = policy.isTransient ?? isTransientError;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= policy.attempts || !isTransient(error)) throw error;
      await deps.sleep(backoffDelay(attempt, policy, deps.random));
    }
  }
}
