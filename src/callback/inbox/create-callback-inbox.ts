/** @module The dedupe inbox: one run per push across processes, a renewed lease, stored replies for retries. */
import { randomBytes } from 'node:crypto';
import type { Cache, Clock } from '../../kernel/ports/index.js';
import { systemClock } from '../../kernel/ports/index.js';
import type { Reply } from '../reply.types.js';
import type { CallbackInbox, InboxBegin, InboxLease, InboxWait } from './callback-inbox.types.js';
import { createLeaseRenewer, type HeldLease } from './lease-renewer.js';

export interface CallbackInboxOptions {
  cache: Cache;
  clock?: Clock;
  /** Lease TTL: how long after its holder dies a retry may take over. Default 3000 ms. */
  leaseMs?: number;
  /** Renewal period of held leases. Default 1000 ms. */
  renewEveryMs?: number;
  /** How long a finished push's reply is kept for retries. Default 5 min. */
  keepDoneMs?: number;
  /** Poll period of `waitFor`. Default 50 ms. */
  pollMs?: number;
  /** Prefix of every cache key. Default `cb:`. */
  keyPrefix?: string;
}

// One cache key per push holds either `r:<token>` (running, TTL = lease) or `d:<reply JSON>` (done).
const RUNNING = 'r:';
const DONE = 'd:';

/** The cache key of one push: MsgIds and event keys are unique only within one account. */
export function inboxKey(appid: string, messageKey: string): string {
  return `${appid}:${messageKey}`;
}

function decodeDone(value: string): Reply {
  return JSON.parse(value.slice(DONE.length)) as Reply;
}

/** Leases an inbox issued carry their cache key; any other lease is found by its key. */
function cacheKeyOf(lease: InboxLease, prefix: string): string {
  return (lease as Partial<HeldLease>).cacheKey ?? prefix + lease.key;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Works over any Cache (memory or Redis) unchanged. Renewal is a read then a write: a lease is only
 * renewed while it still holds this attempt's token, and a renewal runs with two thirds of the TTL
 * left, so a takeover between the two calls needs a cache round trip slower than that.
 */
export function createCallbackInbox(options: CallbackInboxOptions): CallbackInbox {
  const { cache } = options;
  const clock = options.clock ?? systemClock;
  const leaseMs = options.leaseMs ?? 3000;
  const keepDoneMs = options.keepDoneMs ?? 5 * 60_000;
  const pollMs = options.pollMs ?? 50;
  const prefix = options.keyPrefix ?? 'cb:';
  const renewer = createLeaseRenewer(cache, prefix, leaseMs, options.renewEveryMs ?? 1000);
  // Tokens only need to differ between attempts: a per-inbox random origin plus a counter.
  const origin = randomBytes(6).toString('hex');
  let sequence = 0;

  async function begin(key: string): Promise<InboxBegin> {
    // Two rounds: the key may expire between a failed claim and the read that follows it.
    const cacheKey = prefix + key;
    for (let round = 0; round < 2; round += 1) {
      const token = origin + (sequence++).toString(36);
      const lease: HeldLease = { key, token, value: RUNNING + token, lost: false, cacheKey };
      if (await cache.setIfAbsent(cacheKey, lease.value, leaseMs)) {
        renewer.hold(lease);
        return { kind: 'run', lease };
      }
      const value = await cache.get(cacheKey);
      if (value === undefined) continue;
      return value.startsWith(DONE) ? { kind: 'done', reply: decodeDone(value) } : { kind: 'running' };
    }
    return { kind: 'running' };
  }

  async function waitFor(key: string, untilMs: number): Promise<InboxWait> {
    for (;;) {
      const value = await cache.get(prefix + key);
      if (value === undefined) return { kind: 'free' };
      if (value.startsWith(DONE)) return { kind: 'done', reply: decodeDone(value) };
      const left = untilMs - clock.now();
      if (left <= 0) return { kind: 'running' };
      await sleep(Math.min(pollMs, left));
    }
  }

  return {
    begin,
    waitFor,
    async finish(lease, reply) {
      renewer.drop(lease);
      await cache.set(cacheKeyOf(lease, prefix), DONE + JSON.stringify(reply), keepDoneMs);
    },
    async release(lease) {
      renewer.drop(lease);
      await cache.deleteIfEquals(cacheKeyOf(lease, prefix), RUNNING + lease.token);
    },
    active: renewer.size,
    close: renewer.close,
  };
}
