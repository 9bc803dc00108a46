/** @module outboxKey(): the default idempotency key of a message. */
import { createHash } from 'node:crypto';
import type { OutboxSendInput } from './outbox.types.js';

/** JSON with object keys sorted, so equal payloads hash equally whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * sha256 of kind, app, touser and payload; subscribe sends add the time window, so the same message
 * after a new consent in a later window is a new message while a double submit in the window is not.
 */
export function outboxKey(input: OutboxSendInput, now: number, subscribeWindowMs: number): string {
  const parts: unknown[] = [input.kind, input.app, input.touser, input.payload];
  if (input.kind === 'subscribe') parts.push(Math.floor(now / subscribeWindowMs));
  return createHash('sha256').update(canonical(parts)).digest('hex');
}
