/**
 * Unpaid orders end on time through the durable queue (a delayed job per order plus the sweep), also
 * across a restart, once: stock back, WeChat order closed. A paid order is never cancelled by its timeout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShop, until, type Buyer, type Dialect, type ShopHarness } from './shop-harness.js';

const TIMEOUT_MS = 1500;
/** What the timeout may take beyond its setting: the queue's polling and the sweep's slot. */
const BOUND_MS = 4000;

const stockOf = async (shop: ShopHarness, id: string) =>
  (await shop.db.selectFrom('shop_products').select('stock').where('id', '=', id).executeTakeFirstOrThrow())
    .stock;
const rowOf = (shop: ShopHarness, id: string) =>
  shop.db.selectFrom('shop_orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe.each<Dialect>(['sqlite', 'postgres'])('unpaid orders on %s', (dialect) => {
  let shop: ShopHarness;
  let buyer: Buyer;
  const options = { unpaidTimeoutMs: TIMEOUT_MS, sweepIntervalMs: 1000 };
  beforeAll(async () => {
    shop = await startShop(dialect, options);
    buyer = await shop.login('slow-payer');
  });
  afterAll(async () => shop?.close());

  const place = async (productId: string) => {
    const placed = await shop.call('POST', '/api/shop/orders', {
      token: buyer.token,
      body: { items: [{ productId, quantity: 2 }] },
    });
    expect(placed.status).toBe(201);
    return placed.body['data'] as {
      order: { id: string; outTradeNo: string };
      payment: Record<string, string>;
    };
  };

  it('are cancelled after the timeout: WeChat order closed first, stock back', async () => {
    const before = await stockOf(shop, 'p_demo_cup');
    const { order } = await place('p_demo_cup');
    const ended = await until(
      () => rowOf(shop, order.id),
      (r) => r.status === 'cancelled',
      TIMEOUT_MS + BOUND_MS,
    );
    expect(ended.updated_at - ended.created_at).toBeLessThan(TIMEOUT_MS + BOUND_MS);
    expect(ended.updated_at - ended.created_at).toBeGreaterThanOrEqual(TIMEOUT_MS);
    expect(await stockOf(shop, 'p_demo_cup')).toBe(before);
    const trade = await shop.server.deps.pay!.client.transactions.queryByOutTradeNo(order.outTradeNo);
    expect(trade.trade_state).toBe('CLOSED');
  });

  it('are cancelled once across a restart, by the job the stopped process left in the queue', async () => {
    const before = await stockOf(shop, 'p_demo_tea');
    const { order } = await place('p_demo_tea');
    await shop.stop();
    await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS + 500));
    shop = await shop.restart(options);
    const ended = await until(
      () => rowOf(shop, order.id),
      (r) => r.status === 'cancelled',
      BOUND_MS + 2000,
    );
    expect(ended.saga).toBe('compensated');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(await stockOf(shop, 'p_demo_tea')).toBe(before);
    const steps = await shop.db
      .selectFrom('shop_saga_steps')
      .select(['step', 'state'])
      .where('order_id', '=', order.id)
      .orderBy('step')
      .execute();
    expect(steps).toEqual([
      { step: 'prepay', state: 'compensated' },
      { step: 'reserve', state: 'compensated' },
    ]);
  });

  it('never cancels an order paid before its timeout', async () => {
    const { order, payment } = await place('p_demo_gift');
    const paid = await shop.emulator('POST', '/pay/request-payment', {
      appId: shop.mpAppid,
      ...payment,
      action: 'pay',
    });
    expect(paid.body).toMatchObject({ trade_state: 'SUCCESS' });
    await until(
      () => rowOf(shop, order.id),
      (r) => r.status === 'paid',
    );
    await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS + 2000));
    expect((await rowOf(shop, order.id)).status).toBe('paid');
  });
});
