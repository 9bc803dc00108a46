/** @module sealAuditChain, pruneAuditChain: the audit chain's writers, serialised by the head row's lock. */
import type { Transaction } from 'kysely';
import type { Database } from '../kernel/ports/store.types.js';
import type { AuditRecordsTable } from './audit-tables.js';
import type { AuditDb } from './audit.types.js';
import { hashRecord } from './hash-record.js';

const SEAL_BATCH = 500;
/** Records one INSERT writes (13 parameters each: well under either database's limit). */
const INSERT_CHUNK = 100;
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

/**
 * Moves up to one batch of waiting records, oldest first, into the records table with their seq and hash;
 * returns how many left the waiting table and how many of them joined the chain.
 */
async function sealBatch(db: AuditDb, now: number): Promise<{ taken: number; chained: number }> {
  return db.transaction().execute(async (trx) => {
    const head = await lockHead(trx, now);
    const waiting = await trx
      .selectFrom('wegate_audit_pending')
      .selectAll()
      .orderBy('at')
      .orderBy('id')
      .limit(SEAL_BATCH)
      .execute();
    if (waiting.length === 0) return { taken: 0, chained: 0 };
    const ids = waiting.map((row) => row.id);
    // A queued record whose job ran again after its first write was sealed waits a second time: it is
    // dropped here, never chained twice.
    const chained = await trx
      .selectFrom('wegate_audit_records')
      .select('id')
      .where('id', 'in', ids)
      .execute();
    const known = new Set(chained.map((row) => row.id));
    let { seq, hash } = head;
    const sealed: AuditRecordsTable[] = [];
    for (const row of waiting) {
      if (known.has(row.id)) continue;
      seq += 1;
      hash = hashRecord(hash, { ...row, seq });
      sealed.push({ ...row, seq, hash });
    }
    for (let from = 0; from < sealed.length; from += INSERT_CHUNK) {
      await trx
        .insertInto('wegate_audit_records')
        .values(sealed.slice(from, from + INSERT_CHUNK))
        .execute();
    }
    await trx.deleteFrom('wegate_audit_pending').where('id', 'in', ids).execute();
    if (sealed.length > 0) {
      await trx.updateTable('wegate_audit_head').set({ seq, hash }).where('id', '=', 1).execute();
    }
    return { taken: waiting.length, chained: sealed.length };
  });
}

/**
 * Gives every waiting record the next seq and its hash. Records join in the order the sealer finds them
 * committed, so a transaction that commits late never forks the chain: it is simply sealed later.
 */
export async function sealAuditChain(db: AuditDb, now: () => number): Promise<number> {
  let total = 0;
  for (;;) {
    const { taken, chained } = await sealBatch(db, now());
    total += chained;
    if (taken < SEAL_BATCH) return total;
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
