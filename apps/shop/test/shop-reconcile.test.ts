/**
 * Reconciliation: an unpaid order past its deadline is asked at WeChat Pay — paid there (its notification
 * lost) → settled `paid`; not paid → cancelled and closed. A saga still open past the saga deadline is
 * resumed once more and parked when that fails.
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

const TIMEOUT_MS = 2000;
/** The queue's polling and the sweep's slot, as in shop-timeout.test.ts. */
const BOUND_MS = 4000;

const rowOf = (shop: ShopHarness, id: string) =>
  shop.db.selectFrom('shop_orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

const auditOf = async (shop: ShopHarness, orderId: string) =>
  (await auditRecordsAbout(shop, `order:${orderId}`)).map((r) => [r.action, r.actor]);

describe.each<Dialect>(['sqlite', 'postgres'])('reconciliation on %s', (dialect) => {
  let shop: ShopHarness;
  let buyer: Buyer;
  beforeAll(async () => {
    shop = await startShop(dialect, {
      unpaidTimeoutMs: TIMEOUT_MS,
      sweepIntervalMs: 1000,
      sagaDeadlineMs: 3000,
    });
    buyer = await shop.login(`reconciled-${dialect}`);
  });
  afterAll(async () => shop?.close());

  const place = async (productId: string) =>
    shop.call('POST', '/api/shop/orders', {
      token: buyer.token,
      body: { items: [{ productId, quantity: 1 }] },
    });

  it('an order paid at WeChat whose notification was lost is found paid at its deadline', async () => {
    shop.fanout.copies = 0; // every notification dropped on its way to the server
    try {
      const placed = await place('p_demo_tea');
      expect(placed.status).toBe(201);
      const { order, payment } = placed.body['data'] as {
        order: { id: string; outTradeNo: string };
        payment: object;
      };
      const paid = await shop.emulator('POST', '/pay/request-payment', {
        appId: shop.mpAppid,
        ...payment,
        action: 'pay',
      });
      expect(paid.status).toBe(200);
      const trade = await shop.server.deps.pay!.client.transactions.queryByOutTradeNo(order.outTradeNo);
      expect(trade.trade_state).toBe('SUCCESS');
      // The store only (the buyer's GET would ask WeChat too): pending until the deadline, then paid.
      expect((await rowOf(shop, order.id)).status).toBe('pending_payment');
      const settled = await until(
        () => rowOf(shop, order.id),
        (r) => r.status !== 'pending_payment',
        TIMEOUT_MS + BOUND_MS,
      );
      expect(settled.status).toBe('paid');
      expect(settled.paid_at! - settled.created_at).toBeGreaterThanOrEqual(TIMEOUT_MS);
      expect(shop.fanout.delivered).toEqual([]);
      expect(await auditOf(shop, order.id)).toEqual([
        ['shop.order.create', expect.stringMatching(/^user:/)],
        ['shop.order.paid', 'system:pay-query'],
      ]);
      // Never closed at WeChat: the payment stands.
      const after = await shop.server.deps.pay!.client.transactions.queryByOutTradeNo(order.outTradeNo);
      expect(after.trade_state).toBe('SUCCESS');
    } finally {
      shop.fanout.copies = 1;
    }
  });

  it('an order not paid at WeChat is cancelled at its deadline and closed there', async () => {
    const placed = await place('p_demo_cup');
    expect(placed.status).toBe(201);
    const { order } = placed.body['data'] as { order: { id: string; outTradeNo: string } };
    const ended = await until(
      () => rowOf(shop, order.id),
      (r) => r.status !== 'pending_payment',
      TIMEOUT_MS + BOUND_MS,
    );
    expect(ended.status).toBe('cancelled');
    const trade = await shop.server.deps.pay!.client.transactions.queryByOutTradeNo(order.outTradeNo);
    expect(trade.trade_state).toBe('CLOSED');
    expect(await auditOf(shop, order.id)).toEqual([
      ['shop.order.create', expect.stringMatching(/^user:/)],
      ['shop.order.cancel', 'system:shop-timeout'],
    ]);
  });

  it('a saga still compensating past the saga deadline is tried once more, then parked', async () => {
    await shop.emulator('POST', '/pay/faults', {
      kind: 'http-error',
      target: 'response',
      status: 500,
      count: 1000,
    });
    try {
      const placed = await place('p_demo_gift');
      expect([placed.status, placed.body['code']]).toEqual([503, 5031]);
      const failed = await shop.db
        .selectFrom('shop_orders')
        .selectAll()
        .where('openid', '=', buyer.openid)
        .where('failure_code', '=', 5031)
        .executeTakeFirstOrThrow();
      // The queue's own retries (8, backing off from 1 s) are far from done when the sweep parks it.
      const parked = await until(
        () => rowOf(shop, failed.id),
        (r) => r.saga === 'parked',
        3000 + BOUND_MS,
      );
      expect(parked.updated_at - parked.created_at).toBeGreaterThanOrEqual(3000);
      expect(await auditOf(shop, failed.id)).toEqual([
        ['shop.order.create', expect.stringMatching(/^user:/)],
        ['shop.order.park', 'system:shop-saga'],
      ]);
    } finally {
      await shop.emulator('DELETE', '/pay/faults');
    }
  });
});
