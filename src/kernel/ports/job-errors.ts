/** @module Errors a job handler throws to steer the queue. */
import { WeChatError } from '../errors/wechat-error.js';

/** Retry after exactly `delayMs` (e.g. 45009: until the daily reset), not counted as a failed attempt. */
export class RetryLaterError extends WeChatError {
  constructor(
    readonly delayMs: number,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super('WEGATE_JOB_RETRY_LATER', message, options);
  }
}

/** Do not retry: the job goes straight to the dead-letter list with this reason. */
export class PermanentJobError extends WeChatError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('WEGATE_JOB_PERMANENT', message, options);
  }
}

export function isRetryLaterError(e: unknown): e is RetryLaterError {
  return e instanceof WeChatError && e.code === 'WEGATE_JOB_RETRY_LATER';
}

export function isPermanentJobError(e: unknown): e is PermanentJobError {
  return e instanceof WeChatError && e.code === 'WEGATE_JOB_PERMANENT';
}
