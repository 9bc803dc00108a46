/** @module What the simulated user did and saw: push deliveries, outcomes, inbox entries. */

/** One HTTP POST of a push: the status when an answer came, else the transport error. */
export interface PushDelivery {
  readonly attempt: number;
  readonly status?: number;
  readonly error?: string;
  readonly ms: number;
}

/**
 * `replied`: a valid passive reply was shown; `nothing`: `success`/empty; `error`: the reply was
 * invalid and WeChat's error text was shown; `undelivered`: no HTTP 200 after the last attempt.
 */
export type SendOutcome = 'replied' | 'nothing' | 'error' | 'undelivered';

/** A plain object view of a message (push or reply), wire field names. */
export type WireRecord = Record<string, unknown>;

export interface SendRecord {
  readonly id: string;
  readonly appid: string;
  readonly openid: string;
  /** Emulator time (epoch ms) the user acted. */
  readonly at: number;
  /** The push as built (canonical form: numbers and 64-bit ids as strings of digits). */
  readonly push: WireRecord;
  readonly deliveries: PushDelivery[];
  state: 'pending' | 'done';
  outcome?: SendOutcome;
  /** The reply as the user saw it. */
  shown?: WireRecord;
  /** Why the reply was rejected, or why nothing arrived. */
  error?: string;
}

/** What a user was shown by an app, in order; `via` says how (`passive`, `error`, later `custom`, `template`…). */
export interface InboxEntry {
  readonly seq: number;
  readonly at: number;
  readonly via: string;
  readonly message: WireRecord;
}
