/** The audit log's records, the port it writes through, and the answers of its queries. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../kernel/ports/store.types.js';

/** What happened, by whom, to what: one sensitive operation. */
export interface AuditEntry {
  /** Who: `user:<id>`, `key:<name>` (`key:gateway`, `key:admin`), `system:<job>`. */
  readonly actor: string;
  /** `auth.login`, `phone.read`, `phone.write`, `gateway.call`, `keys.rotate`, `shop.order.create`… */
  readonly action: string;
  /** What it was done to: `user:<id>`, `order:<id>`, `app:<appid>`… */
  readonly target?: string;
  /** The state before and after, where it applies; never secrets or clear personal data. */
  readonly before?: unknown;
  readonly after?: unknown;
  /** The caller's address as the server sees it (WEGATE_TRUST_PROXY applies). */
  readonly ip?: string;
  readonly userAgent?: string;
  /** `ok`, `refused`, `not_found`, `error`… */
  readonly result: string;
  /** The request id (`x-request-id`) the operation ran under. */
  readonly traceId?: string;
  /** Epoch ms; default: when `record` was called. */
  readonly at?: number;
}

/** A stored record: `seq` and `hash` are set when the record joins the hash chain (sealed). */
export interface AuditRecord {
  readonly id: string;
  readonly seq: number | null;
  readonly hash: string | null;
  readonly at: number;
  readonly actor: string;
  readonly action: string;
  readonly target: string | null;
  readonly before: unknown;
  readonly after: unknown;
  readonly ip: string | null;
  readonly userAgent: string | null;
  readonly result: string;
  readonly traceId: string | null;
}

export interface AuditQuery {
  readonly action?: string;
  /** Records by or about this user (`user:<id>` as actor or target). */
  readonly userId?: string;
  /** Epoch ms: records at or after. */
  readonly since?: number;
  /** Default 50, at most 200. */
  readonly limit?: number;
  /** `nextCursor` of the previous page. */
  readonly cursor?: string;
}

export interface AuditPage {
  /** Newest first. */
  readonly items: readonly AuditRecord[];
  readonly nextCursor: string | null;
}

/** What `verify` found: `ok`, or the first record whose hash, order or link is wrong. */
export type AuditVerdict =
  | { readonly ok: true; readonly checked: number; readonly unsealed: number }
  | {
      readonly ok: false;
      readonly checked: number;
      readonly unsealed: number;
      readonly first: { readonly id: string | null; readonly seq: number; readonly reason: string };
    };

export type AuditDb = Kysely<Database> | Transaction<Database>;

export interface AuditLog {
  /**
   * Records `entry` after the operation: through the durable queue when there is one (resolves once the
   * job is enqueued, not written), else written at once.
   */
  record(entry: AuditEntry): Promise<void>;
  /** Writes `entry` in the operation's own transaction: it commits, or rolls back, with the operation. */
  recordInTransaction(trx: AuditDb, entry: AuditEntry): Promise<void>;
  /** Chains the records written since the last seal (any process may call it; one seals at a time). */
  seal(): Promise<number>;
  /** Walks the chain from its anchor; names the first record that does not verify. */
  verify(): Promise<AuditVerdict>;
  query(filter: AuditQuery): Promise<AuditPage>;
  /** Deletes sealed records older than `days` days and keeps the hash of the last one as the anchor. */
  prune(days: number): Promise<number>;
  /** Runs the queue worker and the periodic sealer; `close()` stops both. */
  start(): { close(): Promise<void> };
}
