/**
 * Every saga step failing, on SQLite and PostgreSQL: stock short, coupon expired or already used, the
 * prepay answered with an error, a 5xx or too late. Each leaves the stock and the coupon as they were, the
 * WeChat order closed and the order terminal — read from the store. Then 200 concurrent buyers for 10
 * units.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProduct } from '../src/catalog/catalog-store.js';
import { startShop, until, type Buyer, type Dialect, type ShopHarness } from './shop-harness.js';

const stockOf = async (shop: ShopHarness, id: string) =>
  (await shop.db.selectFrom('shop_products').select('stock').where('id', '=', id).executeTakeFirstOrThrow())
    .stock;

const order = (
  shop: ShopHarness,
  buyer: Buyer,
  items: unknown[],
  extra: { couponId?: string; key?: string } = {},
) =>
  shop.call('POST', '/api/shop/orders', {
    token: buyer.token,
    body: { items, ...(extra.couponId ? { couponId: extra.couponId } : {}) },
    ...(extra.key ? { headers: { 'idempotency-key': extra.key } } : {}),
  });

async function addCoupon(shop: ShopHarness, id: string, window: { from: number; to: number }) {
  await shop.db
    .insertInto('shop_coupons')
    .values({ id, kind: 'percent', value: 10, min_spend: 0, starts_at: window.from, ends_at: window.to })
    .execute();
}

const usesOf = (shop: ShopHarness, couponId: string) =>
  shop.db.selectFrom('shop_coupon_uses').selectAll().where('coupon_id', '=', couponId).execute();

const HOUR = 3600_000;

describe.each<Dialect>(['sqlite', 'postgres'])('the order saga on %s', (dialect) => {
  let shop: ShopHarness;
  let buyer: Buyer;
  beforeAll(async () => {
    shop = await startShop(dialect, { stepTimeoutMs: 4000 });
    buyer = await shop.login('saga-buyer');
    expect((await order(shop, buyer, [{ productId: 'p_demo_cup', quantity: 1 }])).status).toBe(201);
  });
  afterAll(async () => shop?.close());

  it('stock short: 409 4091, nothing reserved; the same key answers the same again', async () => {
    const before = await stockOf(shop, 'p_demo_pot');
    const items = [
      { productId: 'p_demo_pot', quantity: before },
      { productId: 'p_demo_cup', quantity: 1 },
      { productId: 'p_demo_pot', quantity: 1 },
    ];
    const short = await order(shop, buyer, items, { key: 'short-1' });
    expect([short.status, short.body['code']]).toEqual([409, 4091]);
    expect(await stockOf(shop, 'p_demo_pot')).toBe(before);
    const again = await order(shop, buyer, items, { key: 'short-1' });
    expect([again.status, again.body['code']]).toEqual([409, 4091]);
    const rows = await shop.db
      .selectFrom('shop_orders')
      .select(['status', 'saga'])
      .where('idempotency_key', '=', 'short-1')
      .execute();
    expect(rows).toEqual([{ status: 'closed', saga: 'compensated' }]);
  });

  it('coupon expired or already used: 409 4092, stock and coupon untouched', async () => {
    const now = Date.now();
    await addCoupon(shop, `OLD-${dialect}`, { from: now - 2 * HOUR, to: now - HOUR });
    await addCoupon(shop, `ONCE-${dialect}`, { from: now - HOUR, to: now + HOUR });
    const before = await stockOf(shop, 'p_demo_tea');
    const expired = await order(shop, buyer, [{ productId: 'p_demo_tea', quantity: 1 }], {
      couponId: `OLD-${dialect}`,
    });
    expect([expired.status, expired.body['code']]).toEqual([409, 4092]);
    expect(await usesOf(shop, `OLD-${dialect}`)).toEqual([]);
    const first = await order(shop, buyer, [{ productId: 'p_demo_tea', quantity: 1 }], {
      couponId: `ONCE-${dialect}`,
    });
    expect(first.status).toBe(201);
    const second = await order(shop, buyer, [{ productId: 'p_demo_tea', quantity: 1 }], {
      couponId: `ONCE-${dialect}`,
    });
    expect([second.status, second.body['code']]).toEqual([409, 4092]);
    expect(await stockOf(shop, 'p_demo_tea')).toBe(before - 1);
    expect((await usesOf(shop, `ONCE-${dialect}`)).map((u) => u.order_id)).toEqual([
      first.body['data']['order']['id'],
    ]);
  });

  const prepayFaults = [
    ['an error answer (HTTP 400)', { kind: 'http-error', target: 'response', status: 400 }],
    ['a 5xx', { kind: 'http-error', target: 'response', status: 500 }],
    ['a timeout', { kind: 'delay', target: 'response', delayMs: 5000 }],
  ] as const;
  it.each(prepayFaults)(
    'prepay failing with %s: 503 5031, stock and coupon back, WeChat order closed, order closed',
    async (_, fault) => {
      const coupon = `PREPAY-${dialect}-${fault.kind}-${'status' in fault ? fault.status : 'late'}`;
      await addCoupon(shop, coupon, { from: Date.now() - HOUR, to: Date.now() + HOUR });
      const before = await stockOf(shop, 'p_demo_gift');
      expect((await shop.emulator('POST', '/pay/faults', fault)).status).toBe(200);
      const failed = await order(shop, buyer, [{ productId: 'p_demo_gift', quantity: 2 }], {
        couponId: coupon,
        key: coupon,
      });
      expect([failed.status, failed.body['code']]).toEqual([503, 5031]);
      const row = await shop.db
        .selectFrom('shop_orders')
        .selectAll()
        .where('idempotency_key', '=', coupon)
        .executeTakeFirstOrThrow();
      // A late answer lands after the compensation began; the close waits for the emulator to be free.
      await until(
        () =>
          shop.db
            .selectFrom('shop_orders')
            .select(['status', 'saga'])
            .where('id', '=', row.id)
            .executeTakeFirstOrThrow(),
        (r) => r.saga === 'compensated',
      );
      expect(await stockOf(shop, 'p_demo_gift')).toBe(before);
      expect(await usesOf(shop, coupon)).toEqual([]);
      const steps = await shop.db
        .selectFrom('shop_saga_steps')
        .select(['step', 'state'])
        .where('order_id', '=', row.id)
        .orderBy('step')
        .execute();
      expect(steps).toEqual([
        { step: 'coupon', state: 'compensated' },
        { step: 'prepay', state: 'compensated' },
        { step: 'reserve', state: 'compensated' },
      ]);
      expect(
        (
          await shop.db
            .selectFrom('shop_orders')
            .select('status')
            .where('id', '=', row.id)
            .executeTakeFirstOrThrow()
        ).status,
      ).toBe('closed');
      const trade = await shop.server.deps
        .pay!.client.transactions.queryByOutTradeNo(row.out_trade_no)
        .catch((e: { payCode?: string }) => ({ trade_state: e.payCode }));
      expect(['CLOSED', 'ORDER_NOT_EXIST']).toContain(trade.trade_state);
      // The coupon is free again: the next order may use it.
      await shop.emulator('DELETE', '/pay/faults');
      expect(
        (await order(shop, buyer, [{ productId: 'p_demo_gift', quantity: 1 }], { couponId: coupon })).status,
      ).toBe(201);
    },
  );

  it('200 concurrent buyers for 10 units: exactly 10 orders, stock 0, never below', async () => {
    const id = await createProduct(
      shop.db,
      { title: 'Limited teapot', price: 100, stock: 10, category: 'drop' },
      Date.now(),
    );
    const buyers: Buyer[] = [];
    for (let i = 0; i < 200; i += 1) buyers.push(await shop.login(`rush-${dialect}-${i}`));
    const answers = await Promise.all(buyers.map((b) => order(shop, b, [{ productId: id, quantity: 1 }])));
    const codes = answers.map((a) => (a.status === 201 ? 201 : a.body['code']));
    expect(codes.filter((c) => c === 201)).toHaveLength(10);
    const others = answers.filter((a) => a.status !== 201 && a.body['code'] !== 4091);
    expect(others.map((a) => [a.status, a.body])).toEqual([]);
    expect(codes.filter((c) => c === 4091)).toHaveLength(190);
    expect(await stockOf(shop, id)).toBe(0);
    const reserved = await shop.db
      .selectFrom('shop_order_lines')
      .select('quantity')
      .where('product_id', '=', id)
      .execute();
    expect(reserved.reduce((n, l) => n + l.quantity, 0)).toBe(10);
  }, 120_000);
});
