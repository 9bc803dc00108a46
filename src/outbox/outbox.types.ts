/** @module Types of the message outbox. */
import type { ApiClient } from '../kernel/http/index.js';
import type { Clock, Queue, RateLimiter, RateLimitOptions, Store } from '../kernel/ports/index.js';
import type { KernelLogger } from '../kernel/http/index.js';
import type { AlertObserver } from '../telemetry/alerts/alert-event.js';

export type OutboxKind = 'custom' | 'template' | 'subscribe';
/**
 * queued → sending (a call in flight) → sent; failed while retrying; dead (permanent errcode or out of
 * attempts); skipped (never sent).
 */
export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'dead' | 'skipped';

export interface OutboxSendInput {
  /** App name (`oa`, `mp`…). */
  readonly app: string;
  readonly kind: OutboxKind;
  readonly touser: string;
  /** The WeChat body without `touser` (and without `client_msg_id`, which the outbox sets). */
  readonly payload: Readonly<Record<string, unknown>>;
  /** Default: a hash of kind, app, touser and payload (and the time window for subscribe sends). */
  readonly idempotencyKey?: string;
}

export interface OutboxSendResult {
  readonly id: string;
  readonly status: OutboxStatus;
  /** True when the idempotency key matched an earlier message (nothing new was queued). */
  readonly duplicate: boolean;
}

export interface OutboxMessage {
  readonly id: string;
  readonly app: string;
  readonly kind: OutboxKind;
  readonly touser: string;
  readonly idempotencyKey: string;
  readonly payload: Record<string, unknown>;
  readonly status: OutboxStatus;
  /** API calls made. */
  readonly attempts: number;
  /**
   * Calls whose outcome is unknown (-1, HTTP 5xx, network, a worker that died mid-call): WeChat may have
   * delivered them, so a message without a `client_msg_id` may have reached the user this many extra times.
   */
  readonly uncertainAttempts: number;
  readonly lastErrcode: number | null;
  readonly lastError: string | null;
  readonly clientMsgId: string | null;
  readonly msgid: string | null;
  readonly firstAttemptAt: number | null;
  readonly lastAttemptAt: number | null;
  readonly createdAt: number;
  readonly sentAt: number | null;
  readonly updatedAt: number;
}

/** What the outbox needs of an app: its API client. */
export interface OutboxApp {
  readonly api: ApiClient;
}

export interface OutboxOptions {
  /** Attempts per message before it is dead-lettered (default 8). */
  readonly attempts?: number;
  /** First retry delay; doubles per attempt (default 1000 ms). */
  readonly backoffMs?: number;
  /** Calls per app and API per window (default 600 per second). */
  readonly rateLimit?: { readonly points: number; readonly durationMs: number };
  /** Subscribe sends with equal data in one window share a default key (default 10 minutes). */
  readonly subscribeWindowMs?: number;
  /** Wait this long past the Asia/Shanghai midnight before retrying after 45009 (default 60 s). */
  readonly quotaResetMarginMs?: number;
  /** Concurrency of the `outbox.send` worker (default 8). */
  readonly concurrency?: number;
}

export interface OutboxDeps {
  readonly store: Store;
  readonly queue: Queue;
  readonly apps: Readonly<Record<string, OutboxApp>>;
  readonly rateLimiter: (options: RateLimitOptions) => RateLimiter;
  readonly clock?: Clock;
  readonly logger?: KernelLogger;
  /** Told of each dead-lettered message (`outbox.dead_letter`), e.g. the alert service. */
  readonly alerts?: AlertObserver;
}
