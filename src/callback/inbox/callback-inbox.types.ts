/** @module Types of the callback inbox: who runs a push, and what its retries are answered. */
import type { Reply } from '../reply.types.js';
import type { MaybePromise } from './inbox-store.js';

/** Proof that this attempt holds the push; renewed in the background until finished or released. */
export interface InboxLease {
  readonly key: string;
  readonly token: string;
  /** True once a renewal found the lease taken over or gone (the holder stalled past its TTL). */
  readonly lost: boolean;
}

/** What `begin` found: run the handler, answer the stored reply, or another attempt is running. */
export type InboxBegin =
  | { readonly kind: 'run'; readonly lease: InboxLease }
  | { readonly kind: 'done'; readonly reply: Reply }
  | { readonly kind: 'running' };

/** What `waitFor` saw: the reply, still running at the deadline, or free (the holder gave up or died). */
export type InboxWait =
  { readonly kind: 'done'; readonly reply: Reply } | { readonly kind: 'running' } | { readonly kind: 'free' };

/**
 * Over a store held in this process `begin` and `finish` answer at once (no promise); over one across a
 * network they answer promises. Await what `isPending` says is a promise, or simply `await` both.
 */
export interface CallbackInbox {
  /** Claims `key` for this attempt, or reports the stored reply / a running attempt. */
  begin(key: string): MaybePromise<InboxBegin>;
  /** Stores the reply object (not its encrypted body) for retries and stops renewing the lease. */
  finish(lease: InboxLease, reply: Reply): MaybePromise<void>;
  /** Drops the lease without a reply, so a retry runs the handler again. */
  release(lease: InboxLease): Promise<void>;
  /** Polls a running key until it is done or free, or until `untilMs` (epoch ms, the inbox clock). */
  waitFor(key: string, untilMs: number): Promise<InboxWait>;
  /** Leases currently renewed by this inbox. */
  active(): number;
  /** Stops renewing (leases then expire on their own); a store handed in stays open. */
  close(): void;
}
