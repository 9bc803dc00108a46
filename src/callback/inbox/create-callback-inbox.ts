/** @module The dedupe inbox: one run per push across processes, a renewed lease, stored replies for retries. */
import { randomBytes } from 'node:crypto';
import type { Cache, Clock } from '../../kernel/ports/index.js';
import { systemClock } from '../../kernel/ports/index.js';
import type { Reply } from '../reply.types.js';
import type { CallbackInbox, InboxBegin, InboxLease, InboxWait } from './callback-inbox.types.js';
import { createCacheInboxStore, isPending, type InboxStore, type MaybePromise } from './inbox-store.js';
import { createLeaseRenewer, type HeldLease, type LeaseRenewer } from './lease-renewer.js';
import { createMemoryInboxStore } from './memory-inbox-store.js';

export interface CallbackInboxOptions {
  /** Where pushes are claimed and replies kept. Default: this process's memory (one instance only). */
  store?: InboxStore;
  /** Any Cache instead of a store (Redis: retries dedupe across instances); its calls are used as they are. */
  cache?: Cache;
  clock?: Clock;
  /** Lease TTL: how long after its holder dies a retry may take over. Default 3000 ms. */
  leaseMs?: number;
  /** Renewal period of held leases. Default 1000 ms. */
  renewEveryMs?: number;
  /** How long a finished push's reply is kept for retries and replays. Default 5 min; see keepDoneFor. */
  keepDoneMs?: number;
  /** Poll period of `waitFor`. Default 50 ms. */
  pollMs?: number;
  /** Prefix of every key. Default `cb:`. */
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

/** Claims a push for one attempt: a fresh token per attempt, held and renewed once claimed. */
function createClaims(store: InboxStore, prefix: string, leaseMs: number, renewer: LeaseRenewer) {
  // Tokens only need to differ between attempts: a per-inbox random origin plus a counter.
  const origin = randomBytes(6).toString('hex');
  let sequence = 0;

  // Two rounds: the key may expire between a failed claim and the read that follows it. A store that
  // answers at once goes through without a promise or a closure.
  function claim(key: string, cacheKey: string, round: number): MaybePromise<InboxBegin> {
    if (round === 2) return RUNNING_NOW;
    const token = origin + String(sequence++);
    const lease: HeldLease = { key, token, value: RUNNING + token, lost: false, cacheKey };
    const claimed = store.setIfAbsent(cacheKey, lease.value, leaseMs);
    if (isPending(claimed)) return claimed.then((ok) => claimedOrSeen(ok, lease, round));
    return claimedOrSeen(claimed, lease, round);
  }

  function claimedOrSeen(claimed: boolean, lease: HeldLease, round: number): MaybePromise<InboxBegin> {
    if (claimed) {
      renewer.hold(lease);
      return { kind: 'run', lease };
    }
    const value = store.get(lease.cacheKey);
    if (isPending(value))
      return value.then((seen) => found(seen) ?? claim(lease.key, lease.cacheKey, round + 1));
    return found(value) ?? claim(lease.key, lease.cacheKey, round + 1);
  }

  return { begin: (key: string) => claim(key, prefix + key, 0) };
}

/**
 * Works over any store unchanged, answering as the store does: at once over memory, promises over a
 * Cache. Renewal is a read then a write: a lease is only renewed while it still holds this attempt's
 * token, and a renewal runs with two thirds of the TTL left, so a takeover between the two calls needs
 * a round trip slower than that.
 */
export function createCallbackInbox(options: CallbackInboxOptions = {}): CallbackInbox {
  const clock = options.clock ?? systemClock;
  const owned = options.store || options.cache ? undefined : createMemoryInboxStore({ clock });
  const store = options.store ?? (options.cache ? createCacheInboxStore(options.cache) : owned!);
  const leaseMs = options.leaseMs ?? 3000;
  const keepDoneMs = options.keepDoneMs ?? DEFAULT_KEEP_DONE_MS;
  const pollMs = options.pollMs ?? 50;
  const prefix = options.keyPrefix ?? 'cb:';
  const renewer = createLeaseRenewer(store, leaseMs, options.renewEveryMs ?? 1000);
  const claims = createClaims(store, prefix, leaseMs, renewer);
  const doneValue = (reply: Reply): string => DONE + JSON.stringify(reply);

  async function waitFor(key: string, untilMs: number): Promise<InboxWait> {
    for (;;) {
      const value = await store.get(prefix + key);
      if (value === undefined) return { kind: 'free' };
      if (value.startsWith(DONE)) return { kind: 'done', reply: decodeDone(value) };
      const left = untilMs - clock.now();
      if (left <= 0) return { kind: 'running' };
      await sleep(Math.min(pollMs, left));
    }
  }

  return {
    begin: claims.begin,
    waitFor,
    finish(lease, reply) {
      renewer.drop(lease);
      return store.set(cacheKeyOf(lease, prefix), doneValue(reply), keepDoneMs);
    },
    async release(lease) {
      renewer.drop(lease);
      await store.deleteIfEquals(cacheKeyOf(lease, prefix), RUNNING + lease.token);
    },
    active: renewer.size,
    close() {
      renewer.close();
      owned?.close();
    },
  };
}
