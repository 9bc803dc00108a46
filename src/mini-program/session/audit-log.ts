/** @module writeAudit: one row of the audit log (who, what, when, from where, result). */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../kernel/ports/store.types.js';

export interface AuditEntry {
  /** `user:<id>`, `admin:<name>`, `system:keys-rotate`… */
  readonly actor: string;
  /** `phone.write`, `phone.read`… */
  readonly action: string;
  /** The user the data belongs to. */
  readonly subject: string;
  readonly ip?: string;
  /** `ok`, `not_found`, `error`. */
  readonly result: string;
  /** Never the data itself. */
  readonly detail?: string;
}

export async function writeAudit(db: Kysely<Database>, entry: AuditEntry, at = Date.now()): Promise<void> {
  await db
    .insertInto('wegate_audit_log')
    .values({
      id: randomUUID(),
      at,
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject,
      ip: entry.ip ?? null,
      result: entry.result,
      detail: entry.detail ?? null,
    })
    .execute();
}
