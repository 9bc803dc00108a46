/** @module The dedupe inbox: one run per push across processes, a renewed lease, stored replies for retries. */
import { randomBytes } from 'node:crypto';
import type { Cache, Clock, SyncCacheOps } from '../../kernel/ports/index.js';
import { systemClock } from '../../kernel/ports/index.js';
import type { Reply } from '../reply.types.js';
import type { CallbackInbox, InboxBegin, InboxLease, InboxWait } from './callback-inbox.types.js';
import { createLeaseRenewer, type HeldLease, type LeaseRenewer } from './lease-renewer.js';

export interface CallbackInboxOptions {
  cache: Cache;
  clock?: Clock;
  /** Lease TTL: how long after its holder dies a retry may take over. Default 3000 ms. */
  leaseMs?: number;
  /** Renewal period of held leases. Default 1000 ms. */
  renewEveryMs?: number;
  /** How long a finished push's reply is kept for retries and replays. Default 5 min; see keepDoneFor. */
  keepDoneMs?: number;
  /** Poll period of `waitFor`. Default 50 ms. */
  pollMs?: number;
  /** Prefix of every cache key. Default `cb:`. */
  keyPrefix?: string;
}

// One cache key per push holds either `r:<token>` (running, TTL = lease) or `d:<reply JSON>` (done).
const RUNNING = 'r:';
const DONE = 'd:';

const DEFAULT_KEEP_DONE_MS = 5 * 60_000;
/** WeChat tries a push three times, 5 s apart at most; with margin for its own delays. */
export const WECHAT_RETRY_SPAN_MS = 60_000;

/**
 * How long a finished push must be remembered so that any copy the timestamp window still accepts
 * is deduplicated: the window spans `maxSkewS` on each side of the push's timestamp, and WeChat's
 * retries come within its retry span. With the window off (0) the default 5 minutes applies.
 */
export function keepDoneFor(maxSkewS: number): number {
  if (maxSkewS <= 0) return DEFAULT_KEEP_DONE_MS;
  return Math.max(DEFAULT_KEEP_DONE_MS, 2 * maxSkewS * 1000 + WECHAT_RETRY_SPAN_MS);
}

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

const RUNNING_NOW: InboxBegin = { kind: 'running' };

/** What a key that could not be claimed holds: a stored reply or a running attempt; undefined if gone. */
function found(value: string | undefined): InboxBegin | undefined {
  if (value === undefined) return undefined;
  return value.startsWith(DONE) ? { kind: 'done', reply: decodeDone(value) } : RUNNING_NOW;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Claims {
  begin(key: string): Promise<InboxBegin>;
  /** begin() without a promise, over a cache held in this process. */
  beginNow(sync: SyncCacheOps, key: string): InboxBegin;
}

/** Claims a push for one attempt: a fresh token per attempt, held and renewed once claimed. */
function createClaims(cache: Cache, prefix: string, leaseMs: number, renewer: LeaseRenewer): Claims {
  // Tokens only need to differ between attempts: a per-inbox random origin plus a counter.
  const origin = randomBytes(6).toString('hex');
  let sequence = 0;

  function newLease(key: string, cacheKey: string): HeldLease {
    const token = origin + String(sequence++);
    return { key, token, value: RUNNING + token, lost: false, cacheKey };
  }
  function held(lease: HeldLease): InboxBegin {
    renewer.hold(lease);
    return { kind: 'run', lease };
  }

  async function begin(key: string): Promise<InboxBegin> {
    // Two rounds: the key may expire between a failed claim and the read that follows it.
    const cacheKey = prefix + key;
    for (let round = 0; round < 2; round += 1) {
      const lease = newLease(key, cacheKey);
      if (await cache.setIfAbsent(cacheKey, lease.value, leaseMs)) return held(lease);
      const seen = found(await cache.get(cacheKey));
      if (seen) return seen;
    }
    return RUNNING_NOW;
  }

  function beginNow(sync: SyncCacheOps, key: string): InboxBegin {
    const cacheKey = prefix + key;
    for (let round = 0; round < 2; round += 1) {
      const lease = newLease(key, cacheKey);
      if (sync.setIfAbsent(cacheKey, lease.value, leaseMs)) return held(lease);
      const seen = found(sync.get(cacheKey));
      if (seen) return seen;
    }
    return RUNNING_NOW;
  }

  return { begin, beginNow };
}

/**
 * Works over any Cache (memory or Redis) unchanged. Renewal is a read then a write: a lease is only
 * renewed while it still holds this attempt's token, and a renewal runs with two thirds of the TTL
 * left, so a takeover between the two calls needs a cache round trip slower than that.
 */
export function createCallbackInbox(options: CallbackInboxOptions): CallbackInbox {
  const { cache } = options;
  const clock = options.clock ?? systemClock;
  const leaseMs = options.leaseMs ?? 3000;
  const keepDoneMs = options.keepDoneMs ?? DEFAULT_KEEP_DONE_MS;
  const pollMs = options.pollMs ?? 50;
  const prefix = options.keyPrefix ?? 'cb:';
  const renewer = createLeaseRenewer(cache, prefix, leaseMs, options.renewEveryMs ?? 1000);
  const claims = createClaims(cache, prefix, leaseMs, renewer);
  const doneValue = (reply: Reply): string => DONE + JSON.stringify(reply);

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

  const { sync } = cache;
  return {
    begin: sync ? async (key) => claims.beginNow(sync, key) : claims.begin,
    waitFor,
    async finish(lease, reply) {
      renewer.drop(lease);
      await cache.set(cacheKeyOf(lease, prefix), doneValue(reply), keepDoneMs);
    },
    async release(lease) {
      renewer.drop(lease);
      await cache.deleteIfEquals(cacheKeyOf(lease, prefix), RUNNING + lease.token);
    },
    ...(sync && {
      beginNow: (key: string) => claims.beginNow(sync, key),
      finishNow(lease: InboxLease, reply: Reply) {
        renewer.drop(lease);
        sync.set(cacheKeyOf(lease, prefix), doneValue(reply), keepDoneMs);
      },
    }),
    active: renewer.size,
    close: renewer.close,
  };
}
