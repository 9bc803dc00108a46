/** @module Migration 0008: the W3C trace context a job was queued under, so its worker continues the trace. */
import type { Kysely, Migration } from 'kysely';

export const jobTraceMigration: Migration = {
  async up(db: Kysely<unknown>) {
    // Null when tracing is off or nothing was being traced; a JSON object of traceparent (and tracestate).
    await db.schema.alterTable('wegate_jobs').addColumn('trace_context', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('wegate_jobs').dropColumn('trace_context').execute();
  },
};
