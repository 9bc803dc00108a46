/** @module Rows of every pruned table, stamped at a chosen time, for the retention suites. */
import type { Store } from '../kernel/ports/index.js';

export interface Stamped {
  readonly id: string;
  readonly at: number;
}

export async function insertJob(store: Store, row: Stamped & { state: string }): Promise<void> {
  await store.db
    .insertInto('wegate_jobs')
    .values({
      id: row.id,
      queue: 'outbox.send',
      idempotency_key: `key-${row.id}`,
      data: '{}',
      state: row.state,
      attempt: 1,
      max_attempts: 5,
      backoff: null,
      run_at: row.at,
      lease_until: null,
      last_error: null,
      created_at: row.at,
      updated_at: row.at,
    })
    .execute();
}

export async function insertOutbox(store: Store, row: Stamped & { status: string }): Promise<void> {
  await store.db
    .insertInto('wegate_outbox')
    .values({
      id: row.id,
      app: 'oa',
      kind: 'custom',
      touser: 'openid-1',
      idempotency_key: `key-${row.id}`,
      payload: '{}',
      status: row.status,
      attempts: 1,
      uncertain_attempts: 0,
      created_at: row.at,
      updated_at: row.at,
    })
    .execute();
}

export async function insertNotification(
  store: Store,
  row: Stamped & { businessEvent: string | null; dispatched: boolean },
): Promise<void> {
  await store.db
    .insertInto('wegate_pay_notifications')
    .values({
      id: row.id,
      event_type: 'TRANSACTION.SUCCESS',
      resource_type: 'encrypt-resource',
      received_at: row.at,
      out_trade_no: `T${row.id}`,
      out_refund_no: null,
      summary: '支付成功',
      business_event: row.businessEvent,
      dispatched_at: row.dispatched ? row.at : null,
    })
    .execute();
}

export async function insertRefreshToken(store: Store, row: Stamped): Promise<void> {
  await store.db
    .insertInto('wegate_users')
    .values({ id: `u-${row.id}`, created_at: row.at, unionid: null, state: 'active' })
    .execute();
  await store.db
    .insertInto('wegate_refresh_tokens')
    .values({
      id: row.id,
      user_id: `u-${row.id}`,
      token_hash: `hash-${row.id}`,
      family: `f-${row.id}`,
      appid: 'wx-mp',
      openid: 'openid-1',
      created_at: row.at - 1,
      expires_at: row.at,
      revoked_at: null,
      replaced_by: null,
    })
    .execute();
}

export async function ids(
  store: Store,
  table: 'wegate_jobs' | 'wegate_outbox' | 'wegate_pay_notifications' | 'wegate_refresh_tokens',
): Promise<string[]> {
  const rows = await store.db.selectFrom(table).select('id').orderBy('id').execute();
  return rows.map((r) => r.id);
}
