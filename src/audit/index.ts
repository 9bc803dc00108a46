/**
 * @module The audit log: sensitive operations recorded with who, what, from where and the result, in a
 * SHA-256 hash chain that `wegate audit verify` walks.
 * @example
 * import { createAudit } from './index.js';
 * const audit = createAudit({ store, queue });
 * await audit.record({ actor: 'user:42', action: 'shop.order.cancel', target: 'order:7', result: 'ok' });
 */
export * from './audit.types.js';
export { AUDIT_RECORD_JOB, auditRow, createAudit, type AuditDeps } from './create-audit.js';
export { GENESIS_HASH, canonicalRecord, hashRecord } from './hash-record.js';
export { sealAuditChain, pruneAuditChain } from './audit-chain.js';
export { verifyAuditChain } from './verify-audit-chain.js';
export { queryAudit } from './query-audit.js';
export type * from './audit-tables.js';
