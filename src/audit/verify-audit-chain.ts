/** @module verifyAuditChain: walks the audit chain from its anchor and names the first record that fails. */
import type { AuditDb, AuditVerdict } from './audit.types.js';
import { hashRecord } from './hash-record.js';

const PAGE = 1000;

type Failure = { id: string | null; seq: number; reason: string };

/**
 * Recomputes every sealed record's hash from the anchor on: an edited field breaks that record's hash,
 * a deleted record leaves a gap in seq, and records cut off the end no longer reach the head.
 */
export async function verifyAuditChain(db: AuditDb): Promise<AuditVerdict> {
  const head = await db
    .selectFrom('wegate_audit_head')
    .selectAll()
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  const unsealedRow = await db
    .selectFrom('wegate_audit_pending')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const unsealed = Number(unsealedRow.n);
  let seq = head.anchor_seq;
  let hash = head.anchor_hash;
  let checked = 0;
  const fail = (first: Failure): AuditVerdict => ({ ok: false, checked, unsealed, first });
  for (;;) {
    const rows = await db
      .selectFrom('wegate_audit_records')
      .selectAll()
      .where('seq', '>', seq)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    for (const row of rows) {
      const at = row.seq ?? 0;
      if (at !== seq + 1) return fail({ id: row.id, seq: at, reason: `seq ${seq + 1} is missing before it` });
      if (row.hash !== hashRecord(hash, { ...row, seq: at })) {
        return fail({ id: row.id, seq: at, reason: 'its hash does not match its content' });
      }
      seq = at;
      hash = row.hash;
      checked += 1;
    }
    if (rows.length < PAGE) break;
  }
  if (seq !== head.seq || hash !== head.hash) {
    return fail({
      id: null,
      seq: seq + 1,
      reason: `the chain ends at seq ${seq} but its head is at ${head.seq}`,
    });
  }
  return { ok: true, checked, unsealed };
}
