/** @module hashRecord: a record's link in the audit chain, SHA-256 over the previous hash and the record. */
import { createHash } from 'node:crypto';
import type { AuditRecordsTable } from './audit-tables.js';

/** The hash the chain starts from, and its anchor until the first prune. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields a record's hash covers, in this fixed order. */
const FIELDS = [
  'id',
  'seq',
  'at',
  'actor',
  'action',
  'target',
  'before',
  'after',
  'ip',
  'user_agent',
  'result',
  'trace_id',
] as const;

export type ChainedFields = Pick<AuditRecordsTable, (typeof FIELDS)[number]> & { seq: number };

/**
 * The canonical form is a JSON array of the fields in FIELDS order (absent ones null; before/after stay
 * the JSON text stored), so the same row hashes the same on every dialect and every Node version.
 */
export function canonicalRecord(row: ChainedFields): string {
  return JSON.stringify(FIELDS.map((field) => row[field] ?? null));
}

/** hex(SHA-256(previous hash ‖ "\n" ‖ canonical record)). */
export function hashRecord(previousHash: string, row: ChainedFields): string {
  return createHash('sha256').update(previousHash).update('\n').update(canonicalRecord(row)).digest('hex');
}
