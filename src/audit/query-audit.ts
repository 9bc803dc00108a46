/** @module queryAudit: audit records by action, user and time, newest first, a page at a time. */
import type { AuditRecordsTable } from './audit-tables.js';
import type { AuditDb, AuditPage, AuditQuery, AuditRecord } from './audit.types.js';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

const parseJson = (text: string | null): unknown => (text === null ? undefined : JSON.parse(text));

export function recordOf(row: AuditRecordsTable): AuditRecord {
  return {
    id: row.id,
    seq: row.seq,
    hash: row.hash,
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    before: parseJson(row.before),
    after: parseJson(row.after),
    ip: row.ip,
    userAgent: row.user_agent,
    result: row.result,
    traceId: row.trace_id,
  };
}

/** `<at>:<id>` of the page's last record, base64url; an unreadable cursor is a caller error. */
const encodeCursor = (row: { at: number; id: string }): string =>
  Buffer.from(`${row.at}:${row.id}`).toString('base64url');

export function decodeCursor(cursor: string): { at: number; id: string } | undefined {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const colon = text.indexOf(':');
  const at = Number(text.slice(0, colon));
  if (colon < 1 || !Number.isSafeInteger(at)) return undefined;
  return { at, id: text.slice(colon + 1) };
}

type Filtered = ReturnType<typeof filtered>;

/** One table's records matching the filter, newest first, one more than a page. */
function filtered(
  db: AuditDb,
  table: 'wegate_audit_records' | 'wegate_audit_pending',
  filter: AuditQuery,
  after: { at: number; id: string } | undefined,
) {
  // Both tables share every column the filter reads; typed as the records table.
  let query = db.selectFrom(table as 'wegate_audit_records').selectAll();
  if (filter.action !== undefined) query = query.where('action', '=', filter.action);
  if (filter.since !== undefined) query = query.where('at', '>=', filter.since);
  if (filter.userId !== undefined) {
    const who = `user:${filter.userId}`;
    query = query.where((eb) => eb.or([eb('actor', '=', who), eb('target', '=', who)]));
  }
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('at', '<', after.at), eb.and([eb('at', '=', after.at), eb('id', '<', after.id)])]),
    );
  }
  return query.orderBy('at', 'desc').orderBy('id', 'desc');
}

const newestFirst = (a: { at: number; id: string }, b: { at: number; id: string }): number =>
  b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * Sealed records and those still waiting for the sealer, as one list. The waiting ones are read first: a
 * record the sealer moves in between is then seen twice (and kept once), never missed.
 * Throws RangeError for an unreadable cursor.
 */
export async function queryAudit(db: AuditDb, filter: AuditQuery): Promise<AuditPage> {
  const limit = Math.min(Math.max(1, filter.limit ?? DEFAULT_LIMIT), MAX_LIMIT);
  const after = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor);
  if (filter.cursor !== undefined && after === undefined) throw new RangeError('cursor is not one we issued');
  const page = (query: Filtered) => query.limit(limit + 1).execute();
  const waiting = await page(filtered(db, 'wegate_audit_pending', filter, after));
  const sealed = await page(filtered(db, 'wegate_audit_records', filter, after));
  const seen = new Set<string>();
  const rows: AuditRecordsTable[] = [];
  for (const row of [...sealed, ...waiting.map((r) => ({ ...r, seq: null, hash: null }))]) {
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    rows.push(row);
  }
  rows.sort(newestFirst).splice(limit + 1);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items: items.map(recordOf), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
