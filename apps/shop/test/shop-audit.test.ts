/**
 * Every order transition has one audit record, written in its transaction: the records read from the
 * store match the order's path one to one (actor, before and after, the buyer's address and request id).
 * A parked order reaches the alert observer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditRecordsAbout,
  startShop,
  until,
  type Buyer,
  type Dialect,
  type ShopHarness,
} from './shop-harness.js';

const AGENT = 'Mozilla/5.0 MicroMessenger/8.0.50 miniProgram';

interface Row {
  actor: string;
  action: string;
  before: { status: string; saga?: string } | null;
  after: { status: string; saga?: string } | null;
  ip: string | null;
  user_agent: string | null;
  trace_id: string | null;
  result: string;
}

async function auditOf(shop: ShopHarness, orderId: string): Promise<Row[]> {
  const rows = await auditRecordsAbout(shop, `order:${orderId}`);
  return rows.map((r) => ({
    actor: r.actor,
    action: r.action,
    before: r.before === null ? null : (JSON.parse(r.before) as Row['before']),
    after: r.after === null ? null : (JSON.parse(r.after) as Row['after']),
    ip: r.ip,
    user_agent: r.user_agent,
    trace_id: r.trace_id,
    result: r.result,
  }));
}

const rowOf = (shop: ShopHarness, id: string) =>
  shop.db.selectFrom('shop_orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** Each record starts where the one before ended, and the last ends where the order is now. */
async function expectChain(shop: ShopHarness, orderId: string, rows: Row[]) {
  let status: string | undefined;
  for (const row of rows) {
    expect(row.before?.status).toBe(status);
    expect(row.result).toBe('ok');
    status = row.after?.status;
  }
  expect((await rowOf(shop, orderId)).status).toBe(status);
}

describe.each<Dialect>(['sqlite', 'postgres'])('the order audit trail on %s', (dialect) => {
  let shop: ShopHarness;
  let buyer: Buyer;
  let userId: string;
  beforeAll(async () => {
    shop = await startShop(dialect, { compensationAttempts: 2 });
    buyer = await shop.login(`auditee-${dialect}`);
    const me = await shop.server.deps.store.db
      .selectFrom('wegate_user_identities')
      .select('user_id')
      .where('openid', '=', buyer.openid)
      .executeTakeFirstOrThrow();
    userId = me.user_id;
  });
  afterAll(async () => shop?.close());

  const place = async (productId: string) => {
    const placed = await shop.call('POST', '/api/shop/orders', {
      token: buyer.token,
      headers: { 'user-agent': AGENT, 'x-request-id': `req-${productId}-${Date.now()}` },
      body: { items: [{ productId, quantity: 1 }] },
    });
    return placed;
  };

  it('order → paid → refund → refunded: four records, one per transition, in the transitions order', async () => {
    const placed = await place('p_demo_tea');
    expect(placed.status).toBe(201);
    const { order, payment } = placed.body['data'] as { order: { id: string }; payment: object };
    const paid = await shop.emulator('POST', '/pay/request-payment', {
      appId: shop.mpAppid,
      ...payment,
      action: 'pay',
    });
    expect(paid.status).toBe(200);
    await until(
      () => rowOf(shop, order.id),
      (r) => r.status === 'paid',
    );
    const refund = await shop.call('POST', `/api/shop/orders/${order.id}/refund`, {
      token: buyer.token,
      headers: { 'user-agent': AGENT },
    });
    expect(refund.status).toBe(200);
    await until(
      () => rowOf(shop, order.id),
      (r) => r.status === 'refunded',
    );
    const rows = await until(
      () => auditOf(shop, order.id),
      (r) => r.length >= 4,
    );
    expect(rows.map((r) => [r.action, r.actor])).toEqual([
      ['shop.order.create', `user:${userId}`],
      ['shop.order.paid', 'system:pay-notify'],
      ['shop.order.refund_request', `user:${userId}`],
      ['shop.order.refunded', 'system:pay-notify'],
    ]);
    await expectChain(shop, order.id, rows);
    const [create, , refundRequest] = rows;
    expect(create?.ip).toBe('127.0.0.1');
    expect(create?.user_agent).toBe(AGENT);
    expect(create?.trace_id).toMatch(/^req-p_demo_tea-/);
    expect(refundRequest?.user_agent).toBe(AGENT);
    expect(refundRequest?.trace_id).toBeTruthy();
    // WeChat's redeliveries and the buyer's status check change nothing more: still four.
    await shop.call('GET', `/api/shop/orders/${order.id}`, { token: buyer.token });
    expect(await auditOf(shop, order.id)).toHaveLength(4);
  });

  it('five concurrent copies of the notification and the status check racing them: one paid record', async () => {
    const placed = await place('p_demo_pot');
    expect(placed.status).toBe(201);
    const { order, payment } = placed.body['data'] as { order: { id: string }; payment: object };
    shop.fanout.copies = 5;
    const seen = shop.fanout.delivered.length;
    try {
      await shop.emulator('POST', '/pay/request-payment', { appId: shop.mpAppid, ...payment, action: 'pay' });
      await Promise.all([
        until(
          () => Promise.resolve(shop.fanout.delivered.length),
          (n) => n >= seen + 5,
        ),
        shop.call('GET', `/api/shop/orders/${order.id}`, { token: buyer.token }),
        shop.call('GET', `/api/shop/orders/${order.id}`, { token: buyer.token }),
      ]);
    } finally {
      shop.fanout.copies = 1;
    }
    await until(
      () => rowOf(shop, order.id),
      (r) => r.status === 'paid',
    );
    // Redeliveries still to come and the queue's jobs: give them time to (not) write a second record.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const rows = await auditOf(shop, order.id);
    expect(rows.map((r) => r.action)).toEqual(['shop.order.create', 'shop.order.paid']);
    expect(['system:pay-notify', 'system:pay-query']).toContain(rows[1]?.actor);
    await expectChain(shop, order.id, rows);
  });

  it('order → cancel: create and cancel by the buyer', async () => {
    const placed = await place('p_demo_cup');
    expect(placed.status).toBe(201);
    const id = placed.body['data']['order']['id'] as string;
    const cancel = await shop.call('POST', `/api/shop/orders/${id}/cancel`, { token: buyer.token });
    expect(cancel.status).toBe(200);
    const rows = await auditOf(shop, id);
    expect(rows.map((r) => [r.action, r.actor])).toEqual([
      ['shop.order.create', `user:${userId}`],
      ['shop.order.cancel', `user:${userId}`],
    ]);
    await expectChain(shop, id, rows);
  });

  it('a failed prepay: create, then closed by the saga under the same request id', async () => {
    await shop.emulator('POST', '/pay/faults', { kind: 'http-error', target: 'response', status: 500 });
    const placed = await place('p_demo_gift');
    expect([placed.status, placed.body['code']]).toEqual([503, 5031]);
    const row = await until(
      () =>
        shop.db
          .selectFrom('shop_orders')
          .selectAll()
          .where('user_id', '=', userId)
          .where('failure_code', '=', 5031)
          .executeTakeFirst(),
      (r) => r?.saga === 'compensated',
    );
    const rows = await auditOf(shop, row!.id);
    expect(rows.map((r) => [r.action, r.actor])).toEqual([
      ['shop.order.create', `user:${userId}`],
      ['shop.order.close', 'system:shop-saga'],
    ]);
    expect(rows[1]?.trace_id).toBe(rows[0]?.trace_id);
    await expectChain(shop, row!.id, rows);
  });

  it('a compensation that keeps failing parks the order: audit record, metric and alert event', async () => {
    await shop.emulator('POST', '/pay/faults', {
      kind: 'http-error',
      target: 'response',
      status: 500,
      count: 1000,
    });
    try {
      const placed = await place('p_demo_oolong');
      expect([placed.status, placed.body['code']]).toEqual([503, 5031]);
      const row = await until(
        () =>
          shop.db
            .selectFrom('shop_orders')
            .selectAll()
            .where('user_id', '=', userId)
            .where('saga', '=', 'parked')
            .executeTakeFirst(),
        (r) => r !== undefined,
      );
      const rows = await auditOf(shop, row!.id);
      expect(rows.map((r) => [r.action, r.actor, r.after])).toEqual([
        ['shop.order.create', `user:${userId}`, expect.objectContaining({ status: 'pending_payment' })],
        ['shop.order.park', 'system:shop-saga', { status: 'pending_payment', saga: 'parked' }],
      ]);
      const metrics = await fetch(`${shop.url}/metrics`).then((r) => r.text());
      const parked = metrics
        .split('\n')
        .find((l) => l.startsWith('wegate_alert_events_total{') && l.includes('event="shop.order_parked"'));
      expect(parked).toContain('app="mp"');
      expect(Number(parked?.split(' ').pop())).toBe(1);
      expect(metrics).toMatch(/shop_sagas_total\{outcome="parked"\} 1\b/);
    } finally {
      await shop.emulator('DELETE', '/pay/faults');
    }
  });
});
