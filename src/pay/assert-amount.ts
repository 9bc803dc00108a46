/** @module Amounts are integers in fen end to end; anything else is refused before it reaches WeChat. */
import { ConfigError } from '../kernel/errors/index.js';

/** Throws when `value` is not a positive safe integer (fen). `field` names it in the message. */
export function assertAmount(value: unknown, field: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`${field} must be a positive integer amount in fen (got ${String(value)})`);
  }
}

/** Throws a ConfigError naming `setting` when the APIv3 key is not 32 bytes. */
export function assertApiv3Key(key: string, setting = 'WECHAT_PAY_APIV3_KEY'): void {
  if (Buffer.byteLength(key, 'utf8') !== 32) throw new ConfigError(setting, 'must be 32 bytes');
}
