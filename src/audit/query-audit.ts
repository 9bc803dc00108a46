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

/** Throws RangeError for an unreadable cursor. */
export async function queryAudit(db: AuditDb, filter: AuditQuery): Promise<AuditPage> {
  const limit = Math.min(Math.max(1, filter.limit ?? DEFAULT_LIMIT), MAX_LIMIT);
  const after = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor);
  if (filter.cursor !== undefined && after === undefined) throw new RangeError('cursor is not one we issued');
  let query = db.selectFrom('wegate_audit_records').selectAll();
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
  const rows = await query
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: page.map(recordOf), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
