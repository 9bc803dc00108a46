/**
 * @module createAudit: the audit log of sensitive operations — written with the operation's transaction
 * or through the durable queue, chained by SHA-256 so an edited or deleted record is found.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Queue } from '../kernel/ports/queue.types.js';
import type { Store } from '../kernel/ports/store.types.js';
import type { AuditPendingTable } from './audit-tables.js';
import { pruneAuditChain, sealAuditChain } from './audit-chain.js';
import type { AuditDb, AuditEntry, AuditLog } from './audit.types.js';
import { queryAudit } from './query-audit.js';
import { verifyAuditChain } from './verify-audit-chain.js';

/** The queue job that writes one record (its data is the row). */
export const AUDIT_RECORD_JOB = 'wegate.audit.record';

export interface AuditDeps {
  readonly store: Pick<Store, 'db'>;
  /** Without one, `record` writes at once (the CLI, tests). */
  readonly queue?: Queue;
  readonly logger?: Pick<Logger, 'warn'>;
  readonly now?: () => number;
  /** How often a started audit seals what other processes' transactions wrote (default 2000 ms). */
  readonly sealEveryMs?: number;
}

/** before/after are kept as JSON text of at most this many characters. */
const MAX_STATE_CHARS = 8192;
const MAX_USER_AGENT_CHARS = 512;
// A record written from the queue is sealed this soon, with whatever else arrived meanwhile.
const SEAL_DEBOUNCE_MS = 100;

function stateText(value: unknown): string | null {
  if (value === undefined) return null;
  const text = JSON.stringify(value) ?? null;
  if (text !== null && text.length > MAX_STATE_CHARS)
    return JSON.stringify({ truncated: true, chars: text.length });
  return text;
}

export function auditRow(entry: AuditEntry, at: number): AuditPendingTable {
  return {
    id: randomUUID(),
    at: entry.at ?? at,
    actor: entry.actor,
    action: entry.action,
    target: entry.target ?? null,
    before: stateText(entry.before),
    after: stateText(entry.after),
    ip: entry.ip ?? null,
    user_agent: entry.userAgent?.slice(0, MAX_USER_AGENT_CHARS) ?? null,
    result: entry.result,
    trace_id: entry.traceId ?? null,
  };
}

/**
 * Idempotent by id: a job retried after a crash writes its record once (and the sealer drops a second
 * copy that arrives after the first was sealed).
 */
async function insertRow(db: AuditDb, row: AuditPendingTable): Promise<void> {
  await db
    .insertInto('wegate_audit_pending')
    .values(row)
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export function createAudit(deps: AuditDeps): AuditLog {
  const { db } = deps.store;
  const now = deps.now ?? Date.now;
  const seal = () => sealAuditChain(db, now);
  const sealer = createSealer(seal, deps);
  return {
    async record(entry) {
      const row = auditRow(entry, now());
      if (!deps.queue) return insertRow(db, row);
      await deps.queue.enqueue(AUDIT_RECORD_JOB, row, {
        idempotencyKey: row.id,
        attempts: 20,
        backoff: { type: 'exponential', delayMs: 500 },
      });
    },
    // A fresh id inside the operation's own transaction cannot meet an earlier row: a plain insert (no
    // ON CONFLICT, whose speculative insertion PostgreSQL charges on every row) into the waiting table,
    // whose only index is its key.
    recordInTransaction: async (trx, entry) => {
      await trx.insertInto('wegate_audit_pending').values(auditRow(entry, now())).execute();
    },
    seal,
    verify: () => verifyAuditChain(db),
    query: (filter) => queryAudit(db, filter),
    prune: (days) => pruneAuditChain(db, days, now()),
    start() {
      const worker = deps.queue?.process<AuditPendingTable>(AUDIT_RECORD_JOB, async (job) => {
        await insertRow(db, job.data);
        sealer.soon();
      });
      sealer.start();
      return {
        async close() {
          await worker?.close();
          await sealer.stop();
        },
      };
    },
  };
}

/** Seals soon after a queued record is written, and every `sealEveryMs` for the records of transactions. */
function createSealer(seal: () => Promise<number>, deps: AuditDeps) {
  let timer: NodeJS.Timeout | undefined;
  let soonTimer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const run = (): void => {
    running = running
      .then(seal)
      .catch((error: unknown) => deps.logger?.warn({ err: error }, 'audit: sealing failed; retried later'));
  };
  return {
    start() {
      timer ??= setInterval(run, deps.sealEveryMs ?? 2000).unref();
    },
    soon() {
      soonTimer ??= setTimeout(() => {
        soonTimer = undefined;
        run();
      }, SEAL_DEBOUNCE_MS).unref();
    },
    async stop() {
      clearInterval(timer);
      clearTimeout(soonTimer);
      timer = soonTimer = undefined;
      await running;
    },
  };
}
