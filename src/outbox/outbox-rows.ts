/** @module The wegate_outbox table: insert once per (app, idempotency key), read, update. */
import type { Kysely, Selectable, UpdateObject } from 'kysely';
import type { Database } from '../kernel/ports/index.js';
import type { OutboxTable } from './outbox-tables.js';
import type { OutboxKind, OutboxMessage, OutboxStatus } from './outbox.types.js';

export type OutboxRow = Selectable<OutboxTable>;
export type OutboxUpdate = UpdateObject<Database, 'wegate_outbox'>;

export interface NewOutboxRow {
  readonly id: string;
  readonly app: string;
  readonly kind: OutboxKind;
  readonly touser: string;
  readonly idempotencyKey: string;
  readonly payload: Record<string, unknown>;
  readonly clientMsgId: string | null;
  readonly now: number;
}

/** Inserts the row unless the key is taken; returns the row that holds the key either way. */
export async function insertOutboxRow(
  db: Kysely<Database>,
  row: NewOutboxRow,
): Promise<{ row: OutboxRow; inserted: boolean }> {
  await db
    .insertInto('wegate_outbox')
    .values({
      id: row.id,
      app: row.app,
      kind: row.kind,
      touser: row.touser,
      idempotency_key: row.idempotencyKey,
      payload: JSON.stringify(row.payload),
      status: 'queued',
      attempts: 0,
      uncertain_attempts: 0,
      client_msg_id: row.clientMsgId,
      created_at: row.now,
      updated_at: row.now,
    })
    .onConflict((oc) => oc.columns(['app', 'idempotency_key']).doNothing())
    .executeTakeFirst();
  const stored = await db
    .selectFrom('wegate_outbox')
    .selectAll()
    .where('app', '=', row.app)
    .where('idempotency_key', '=', row.idempotencyKey)
    .executeTakeFirstOrThrow();
  // Ours when it carries our fresh id: the key was free.
  return { row: stored, inserted: stored.id === row.id };
}

export function selectOutboxRow(db: Kysely<Database>, id: string): Promise<OutboxRow | undefined> {
  return db.selectFrom('wegate_outbox').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateOutboxRow(db: Kysely<Database>, id: string, update: OutboxUpdate): Promise<void> {
  await db.updateTable('wegate_outbox').set(update).where('id', '=', id).execute();
}

export function toOutboxMessage(row: OutboxRow): OutboxMessage {
  return {
    id: row.id,
    app: row.app,
    kind: row.kind as OutboxKind,
    touser: row.touser,
    idempotencyKey: row.idempotency_key,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
    status: row.status as OutboxStatus,
    attempts: Number(row.attempts),
    uncertainAttempts: Number(row.uncertain_attempts),
    lastErrcode: row.last_errcode === null ? null : Number(row.last_errcode),
    lastError: row.last_error,
    clientMsgId: row.client_msg_id,
    msgid: row.msgid,
    firstAttemptAt: row.first_attempt_at === null ? null : Number(row.first_attempt_at),
    lastAttemptAt: row.last_attempt_at === null ? null : Number(row.last_attempt_at),
    createdAt: Number(row.created_at),
    sentAt: row.sent_at === null ? null : Number(row.sent_at),
    updatedAt: Number(row.updated_at),
  };
}
