/** @module Row types of the audit log's tables (the old phone audit, the records waiting to be sealed, the sealed records and the chain's head), added to the store's Database. */
export interface AuditLogTable {
  id: string;
  at: number;
  actor: string;
  action: string;
  subject: string;
  ip: string | null;
  result: string;
  detail: string | null;
}

/** One audit record; `seq` and `hash` are null until the sealer chains it. before/after are JSON text. */
export interface AuditRecordsTable {
  id: string;
  seq: number | null;
  hash: string | null;
  at: number;
  actor: string;
  action: string;
  target: string | null;
  before: string | null;
  after: string | null;
  ip: string | null;
  user_agent: string | null;
  result: string;
  trace_id: string | null;
}

/** A record written but not chained yet: the sealer moves it into the records table with its seq and hash. */
export type AuditPendingTable = Omit<AuditRecordsTable, 'seq' | 'hash'>;

/** The audit chain's single head row (id 1): its last seq and hash, and the anchor left by pruning. */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
  anchor_seq: number;
  anchor_hash: string;
  updated_at: number;
}

declare module '../kernel/ports/store.types.js' {
  interface Database {
    wegate_audit_log: AuditLogTable;
    wegate_audit_records: AuditRecordsTable;
    wegate_audit_pending: AuditPendingTable;
    wegate_audit_head: AuditHeadTable;
  }
}
