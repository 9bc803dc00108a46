/** @module sealAuditChain, pruneAuditChain: the audit chain's writers, serialised by the head row's lock. */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../kernel/ports/store.types.js';
import type { AuditDb } from './audit.types.js';
import { hashRecord } from './hash-record.js';

const SEAL_BATCH = 500;
/** Rows one UPDATE seals (4 parameters each: well under either database's limit). */
const UPDATE_CHUNK = 100;
const DAY_MS = 86_400_000;

/**
 * Locks the chain for the rest of the transaction: on PostgreSQL the head row's lock (held to commit,
 * other sealers wait); on SQLite a write is the database's single write lock, taken before any read so
 * the snapshot read next is the newest.
 */
async function lockHead(trx: Transaction<Database>, now: number) {
  await trx.updateTable('wegate_audit_head').set({ updated_at: now }).where('id', '=', 1).execute();
  return trx.selectFrom('wegate_audit_head').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
}

/** One statement giving each row its seq and hash (a CASE per column keyed by id: both dialects). */
async function sealRows(trx: Transaction<Database>, rows: { id: string; seq: number; hash: string }[]) {
  // Cast, since PostgreSQL types a CASE of bare parameters as text.
  const caseOf = <T>(type: 'bigint' | 'text', value: (r: (typeof rows)[number]) => T) =>
    sql<T>`case id ${sql.join(
      rows.map((r) => sql`when ${r.id} then cast(${value(r)} as ${sql.raw(type)})`),
      sql` `,
    )} end`;
  await trx
    .updateTable('wegate_audit_records')
    .set({ seq: caseOf('bigint', (r) => r.seq), hash: caseOf('text', (r) => r.hash) })
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .where('seq', 'is', null)
    .execute();
}

/** Chains up to one batch of unsealed records, oldest first; returns how many. */
async function sealBatch(db: AuditDb, now: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const head = await lockHead(trx, now);
    const rows = await trx
      .selectFrom('wegate_audit_records')
      .selectAll()
      .where('seq', 'is', null)
      .orderBy('at')
      .orderBy('id')
      .limit(SEAL_BATCH)
      .execute();
    let { seq, hash } = head;
    const sealed: { id: string; seq: number; hash: string }[] = [];
    for (const row of rows) {
      seq += 1;
      hash = hashRecord(hash, { ...row, seq });
      sealed.push({ id: row.id, seq, hash });
    }
    for (let from = 0; from < sealed.length; from += UPDATE_CHUNK) {
      await sealRows(trx, sealed.slice(from, from + UPDATE_CHUNK));
    }
    if (rows.length > 0) {
      await trx.updateTable('wegate_audit_head').set({ seq, hash }).where('id', '=', 1).execute();
    }
    return rows.length;
  });
}

/**
 * Gives every unsealed record the next seq and its hash. Records join in the order the sealer finds them
 * committed, so a transaction that commits late never forks the chain: it is simply sealed later.
 */
export async function sealAuditChain(db: AuditDb, now: () => number): Promise<number> {
  let total = 0;
  for (;;) {
    const sealed = await sealBatch(db, now());
    total += sealed;
    if (sealed < SEAL_BATCH) return total;
  }
}

/**
 * Deletes the sealed records before the first one still inside the retention window and keeps the last
 * deleted record's seq and hash as the chain's anchor, so what remains still verifies from there.
 */
export async function pruneAuditChain(db: AuditDb, days: number, now: number): Promise<number> {
  const cutoff = now - days * DAY_MS;
  return db.transaction().execute(async (trx) => {
    const head = await lockHead(trx, now);
    const firstKept = await trx
      .selectFrom('wegate_audit_records')
      .select('seq')
      .where('seq', '>', head.anchor_seq)
      .where('at', '>=', cutoff)
      .orderBy('seq')
      .limit(1)
      .executeTakeFirst();
    const last = firstKept?.seq != null ? firstKept.seq - 1 : head.seq;
    if (last <= head.anchor_seq) return 0;
    const anchor = await trx
      .selectFrom('wegate_audit_records')
      .select(['seq', 'hash'])
      .where('seq', '=', last)
      .executeTakeFirst();
    if (!anchor?.hash) return 0;
    const deleted = await trx
      .deleteFrom('wegate_audit_records')
      .where('seq', '<=', last)
      .where('seq', '>', head.anchor_seq)
      .executeTakeFirst();
    await trx
      .updateTable('wegate_audit_head')
      .set({ anchor_seq: last, anchor_hash: anchor.hash })
      .where('id', '=', 1)
      .execute();
    return Number(deleted.numDeletedRows);
  });
}
