/**
 * @module The kinds of rows pruned by age, what each keeps whatever its setting says, and why: a row is
 * never pruned while the work it records is pending or while an idempotency check may still read it.
 */
import type { ExpressionBuilder, ExpressionWrapper, SqlBool } from 'kysely';

export type RetentionKind = 'jobs' | 'deadLetters' | 'outbox' | 'payNotifications' | 'refreshTokens';

export const RETENTION_KINDS: readonly RetentionKind[] = [
  'jobs',
  'deadLetters',
  'outbox',
  'payNotifications',
  'refreshTokens',
];

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** The columns the pruner reads, whatever else each product's table holds. */
export interface PrunedRow {
  id: string;
  state: string;
  status: string;
  updated_at: number;
  received_at: number;
  business_event: string | null;
  dispatched_at: number | null;
  expires_at: number;
}

export type PrunedTable =
  'wegate_jobs' | 'wegate_outbox' | 'wegate_pay_notifications' | 'wegate_refresh_tokens';
export type PrunedTables = Record<PrunedTable, PrunedRow>;

/** One table's share of a kind: rows matching `prunable` whose `ageColumn` is older than the cutoff. */
export interface RetentionRule {
  readonly kind: RetentionKind;
  readonly table: PrunedTable;
  readonly ageColumn: 'updated_at' | 'received_at' | 'expires_at';
  readonly prunable?: (
    eb: ExpressionBuilder<PrunedTables, PrunedTable>,
  ) => ExpressionWrapper<PrunedTables, PrunedTable, SqlBool>;
  /** Kept at least this long whatever the setting says. */
  readonly floorMs: number;
}

/**
 * - Completed jobs: a job's idempotency key holds while the job is kept; the late-reply job's key backs up
 *   the callback inbox, which keeps a push done for up to 11 min (2 × the 300 s window + WeChat's retries).
 * - Outbox rows: a subscribe message's default key spans a 10-min window and WeChat dedupes a template
 *   message's client_msg_id for 10 min; queued and retrying rows are never pruned.
 * - Pay notifications: WeChat redelivers an unacknowledged one for about 24 h (15 s … 6 h apart); one
 *   whose business event has not been handed to the queue yet is never pruned.
 * - Refresh tokens: by expiry; an expired token is refused whether its row is there or not.
 */
export const RETENTION_RULES: readonly RetentionRule[] = [
  {
    kind: 'jobs',
    table: 'wegate_jobs',
    ageColumn: 'updated_at',
    prunable: (eb) => eb('state', '=', 'completed'),
    floorMs: 15 * MINUTE_MS,
  },
  {
    kind: 'deadLetters',
    table: 'wegate_jobs',
    ageColumn: 'updated_at',
    prunable: (eb) => eb('state', '=', 'dead'),
    floorMs: 15 * MINUTE_MS,
  },
  {
    kind: 'deadLetters',
    table: 'wegate_outbox',
    ageColumn: 'updated_at',
    prunable: (eb) => eb('status', '=', 'dead'),
    floorMs: 15 * MINUTE_MS,
  },
  {
    kind: 'outbox',
    table: 'wegate_outbox',
    ageColumn: 'updated_at',
    prunable: (eb) => eb('status', 'in', ['sent', 'skipped']),
    floorMs: 15 * MINUTE_MS,
  },
  {
    kind: 'payNotifications',
    table: 'wegate_pay_notifications',
    ageColumn: 'received_at',
    prunable: (eb) => eb.or([eb('business_event', 'is', null), eb('dispatched_at', 'is not', null)]),
    floorMs: 25 * HOUR_MS,
  },
  {
    kind: 'refreshTokens',
    table: 'wegate_refresh_tokens',
    ageColumn: 'expires_at',
    floorMs: 0,
  },
];
