/** @module The outbox half: enqueue the business event a committed notification row asks for, once. */
import type { Kysely } from 'kysely';
import type { Database, Queue } from '../../kernel/ports/index.js';
import type { PayNotificationsTable } from '../pay-tables.js';
import type { PayEventData } from './pay-orders.types.js';

const DEFAULT_BATCH = 100;

function eventData(
  row: Pick<PayNotificationsTable, 'id' | 'event_type' | 'out_trade_no' | 'out_refund_no'>,
): PayEventData {
  return {
    notificationId: row.id,
    eventType: row.event_type,
    outTradeNo: row.out_trade_no ?? '',
    ...(row.out_refund_no === null ? {} : { outRefundNo: row.out_refund_no }),
  };
}

/**
 * Enqueues the row's business event with the notification id as idempotency key, then marks it
 * dispatched. A crash between the two re-enqueues on the next try, which the key turns into a no-op.
 */
export async function dispatchEvent(
  db: Kysely<Database>,
  queue: Queue,
  id: string,
  now: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('wegate_pay_notifications')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || row.business_event === null || row.dispatched_at !== null) return false;
  await dispatchRow(db, queue, { ...row, business_event: row.business_event }, now);
  return true;
}

/** The row's fields the event is made of, as the notification's transaction wrote them. */
export type DispatchableRow = Pick<
  PayNotificationsTable,
  'id' | 'event_type' | 'out_trade_no' | 'out_refund_no'
> & { readonly business_event: string };

/**
 * Enqueues the event of a row known to be committed and not dispatched (the transaction that just wrote
 * it), without reading it back; the idempotency key makes a second enqueue of the same row a no-op.
 */
export async function dispatchRow(
  db: Kysely<Database>,
  queue: Queue,
  row: DispatchableRow,
  now: number,
): Promise<void> {
  await queue.enqueue(row.business_event, eventData(row), { idempotencyKey: row.id });
  await db
    .updateTable('wegate_pay_notifications')
    .set({ dispatched_at: now })
    .where('id', '=', row.id)
    .where('dispatched_at', 'is', null)
    .execute();
}

/** Dispatches every committed row still waiting since before `receivedBefore` (a sweep after crashes). */
export async function dispatchPending(
  db: Kysely<Database>,
  queue: Queue,
  receivedBefore: number,
  now: number,
): Promise<number> {
  const rows = await db
    .selectFrom('wegate_pay_notifications')
    .select('id')
    .where('dispatched_at', 'is', null)
    .where('business_event', 'is not', null)
    .where('received_at', '<', receivedBefore)
    .orderBy('received_at')
    .limit(DEFAULT_BATCH)
    .execute();
  let count = 0;
  for (const { id } of rows) if (await dispatchEvent(db, queue, id, now)) count += 1;
  return count;
}
