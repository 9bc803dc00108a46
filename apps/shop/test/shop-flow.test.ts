/**
 * The shop end to end over HTTP with the in-process emulator, on SQLite and on PostgreSQL: a Mini Program
 * buyer logs in, browses, orders, pays through the emulated WeChat client and gets the subscribe message;
 * cancels; refunds; and WeChat's concurrent redeliveries of one notification change the order once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_TEMPLATE_ID } from '../src/index.js';
import { startShop, until, type Buyer, type Dialect, type ShopHarness } from './shop-harness.js';

const stockOf = async (shop: ShopHarness, id: string) =>
  (await shop.db.selectFrom('shop_products').select('stock').where('id', '=', id).executeTakeFirstOrThrow())
    .stock;

async function order(
  shop: ShopHarness,
  buyer: Buyer,
  items: unknown[],
  extra: { couponId?: string; key?: string } = {},
) {
  return shop.call('POST', '/api/shop/orders', {
    token: buyer.token,
    body: { items, ...(extra.couponId ? { couponId: extra.couponId } : {}) },
    ...(extra.key ? { headers: { 'idempotency-key': extra.key } } : {}),
  });
}

async function pay(shop: ShopHarness, payment: Record<string, string>) {
  return shop.emulator('POST', '/pay/request-payment', { appId: shop.mpAppid, ...payment, action: 'pay' });
}

const statusOf = async (shop: ShopHarness, buyer: Buyer, id: string) =>
  (await shop.call('GET', `/api/shop/orders/${id}`, { token: buyer.token })).body['data']?.[
    'status'
  ] as string;

const paidMessages = async (shop: ShopHarness, buyer: Buyer) => {
  const inbox = await shop.emulator('GET', `/users/${buyer.openid}/inbox?app=mp`);
  return (inbox.body['inbox'] as Array<{ via: string; message: Record<string, unknown> }>).filter(
    (e) => e.via === 'subscribe' && e.message['template_id'] === SANDBOX_TEMPLATE_ID,
  );
};

describe.each<Dialect>(['sqlite', 'postgres'])('the shop on %s', (dialect) => {
  let shop: ShopHarness;
  beforeAll(async () => {
    shop = await startShop(dialect);
  });
  afterAll(async () => shop?.close());

  it('a buyer logs in, lists, orders with a coupon, pays, sees paid and gets the subscribe message', async () => {
    const alice = await shop.login('alice');
    const list = await shop.call('GET', '/api/shop/products?category=tea&sort=price_asc');
    expect(list.status).toBe(200);
    expect(list.body['data']['items'].map((p: { id: string }) => p.id)).toEqual([
      'p_demo_oolong',
      'p_demo_tea',
    ]);
    const accepted = await shop.emulator('POST', '/mp/subscribe', {
      appid: shop.mpAppid,
      openid: alice.openid,
      template_id: SANDBOX_TEMPLATE_ID,
      accept: true,
    });
    expect(accepted.body['push']['outcome']).not.toBe('undelivered');

    const placed = await order(
      shop,
      alice,
      [
        { productId: 'p_demo_tea', quantity: 1 },
        { productId: 'p_demo_tea', quantity: 1 },
      ],
      { couponId: 'WELCOME10' },
    );
    expect(placed.status).toBe(201);
    const { order: o, payment } = placed.body['data'];
    expect(o).toMatchObject({ status: 'pending_payment', total: 2 * 8800 - 1000 });
    expect(Object.keys(payment).sort()).toEqual(['nonceStr', 'package', 'paySign', 'signType', 'timeStamp']);
    expect(await stockOf(shop, 'p_demo_tea')).toBe(48);

    expect((await pay(shop, payment)).body).toMatchObject({ trade_state: 'SUCCESS' });
    await until(
      () => statusOf(shop, alice, o.id),
      (s) => s === 'paid',
    );
    const messages = await until(
      () => paidMessages(shop, alice),
      (m) => m.length > 0,
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]?.message['data']).toMatchObject({
      amount2: { value: '166.00' },
      character_string1: { value: o.outTradeNo },
    });
    const use = await shop.db
      .selectFrom('shop_coupon_uses')
      .selectAll()
      .where('order_id', '=', o.id)
      .executeTakeFirst();
    expect(use?.state).toBe('used');
    // The coupon is single use: a second order with it is refused, and takes nothing.
    const again = await order(shop, alice, [{ productId: 'p_demo_tea', quantity: 1 }], {
      couponId: 'WELCOME10',
    });
    expect([again.status, again.body['code']]).toEqual([409, 4092]);
    expect(await stockOf(shop, 'p_demo_tea')).toBe(48);
  });

  it('answers the same Idempotency-Key with the same order, and never creates a second one', async () => {
    const bob = await shop.login('bob');
    const items = [{ productId: 'p_demo_cup', quantity: 2 }];
    const answers = await Promise.all([1, 2, 3].map(() => order(shop, bob, items, { key: 'bob-cart-1' })));
    const created = answers.filter((a) => a.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    for (const a of answers) expect(a.status === 201 || a.body['code'] === 4095).toBe(true);
    const later = await order(shop, bob, items, { key: 'bob-cart-1' });
    expect(later.body['data']['order']['id']).toBe(created[0]?.body['data']['order']['id']);
    expect(later.body['data']['payment']).toEqual(created[0]?.body['data']['payment']);
    const other = await order(shop, bob, [{ productId: 'p_demo_cup', quantity: 3 }], { key: 'bob-cart-1' });
    expect([other.status, other.body['code']]).toEqual([409, 4094]);
    const rows = await shop.db
      .selectFrom('shop_orders')
      .select('id')
      .where(
        'user_id',
        '=',
        (
          await shop.db
            .selectFrom('shop_orders')
            .select('user_id')
            .where('idempotency_key', '=', 'bob-cart-1')
            .executeTakeFirstOrThrow()
        ).user_id,
      )
      .execute();
    expect(rows).toHaveLength(1);
    expect(await stockOf(shop, 'p_demo_cup')).toBe(98);
  });

  it('lets only the owner read an order; cancel closes the WeChat order and returns the stock', async () => {
    const carol = await shop.login('carol');
    const mallory = await shop.login('mallory');
    const before = await stockOf(shop, 'p_demo_gift');
    const placed = await order(shop, carol, [{ productId: 'p_demo_gift', quantity: 3 }]);
    const id = placed.body['data']['order']['id'] as string;
    expect(await stockOf(shop, 'p_demo_gift')).toBe(before - 3);
    const foreign = await shop.call('GET', `/api/shop/orders/${id}`, { token: mallory.token });
    expect([foreign.status, foreign.body['code']]).toEqual([404, 4042]);
    expect((await shop.call('POST', `/api/shop/orders/${id}/cancel`, { token: mallory.token })).status).toBe(
      404,
    );

    const cancelled = await shop.call('POST', `/api/shop/orders/${id}/cancel`, { token: carol.token });
    expect([cancelled.status, cancelled.body['data']['status']]).toEqual([200, 'cancelled']);
    expect(await stockOf(shop, 'p_demo_gift')).toBe(before);
    const trade = await shop.server.deps.pay!.client.transactions.queryByOutTradeNo(
      placed.body['data']['order']['outTradeNo'],
    );
    expect(trade.trade_state).toBe('CLOSED');
    const twice = await shop.call('POST', `/api/shop/orders/${id}/cancel`, { token: carol.token });
    expect([twice.status, twice.body['code']]).toEqual([409, 4093]);
    expect(await stockOf(shop, 'p_demo_gift')).toBe(before);
    const mine = await shop.call('GET', '/api/shop/orders', { token: carol.token });
    expect(mine.body['data']['items'].map((o: { id: string; status: string }) => [o.id, o.status])).toEqual([
      [id, 'cancelled'],
    ]);
  });

  it('refunds a paid order: refunding, then refunded on WeChat’s refund notification, stock back', async () => {
    const dan = await shop.login('dan');
    const before = await stockOf(shop, 'p_demo_oolong');
    const placed = await order(shop, dan, [{ productId: 'p_demo_oolong', quantity: 2 }]);
    const { order: o, payment } = placed.body['data'];
    await pay(shop, payment);
    await until(
      () => statusOf(shop, dan, o.id),
      (s) => s === 'paid',
    );
    const refund = await shop.call('POST', `/api/shop/orders/${o.id}/refund`, { token: dan.token });
    expect([refund.status, refund.body['data']['status']]).toEqual([200, 'refunding']);
    expect(await stockOf(shop, 'p_demo_oolong')).toBe(before - 2);
    await until(
      () => statusOf(shop, dan, o.id),
      (s) => s === 'refunded',
      20_000,
    );
    expect(await stockOf(shop, 'p_demo_oolong')).toBe(before);
  });

  it('refunds a payment that arrives for an order already cancelled, and returns the stock once', async () => {
    const fay = await shop.login('fay');
    const before = await stockOf(shop, 'p_demo_cup');
    const placed = await order(shop, fay, [{ productId: 'p_demo_cup', quantity: 4 }]);
    const { order: o, payment } = placed.body['data'];
    // The order ended on our side (a cancel that raced the buyer's payment) while WeChat still took the money.
    await shop.db.updateTable('shop_orders').set({ status: 'cancelled' }).where('id', '=', o.id).execute();
    expect((await pay(shop, payment)).body).toMatchObject({ trade_state: 'SUCCESS' });
    const refunded = await until(
      () => shop.db.selectFrom('shop_orders').selectAll().where('id', '=', o.id).executeTakeFirstOrThrow(),
      (r) => r.status === 'refunded',
      20_000,
    );
    expect(refunded.paid_at).toBeNull();
    const refunds = await shop.server.deps.store.db
      .selectFrom('wegate_pay_refunds')
      .select(['out_refund_no', 'amount', 'status'])
      .where('out_trade_no', '=', o.outTradeNo)
      .execute();
    expect(refunds).toEqual([{ out_refund_no: `R${o.outTradeNo}`, amount: o.total, status: 'SUCCESS' }]);
    expect(await stockOf(shop, 'p_demo_cup')).toBe(before);
  });

  it('pushes the order’s status changes to the buyer’s realtime stream after they commit', async () => {
    const gus = await shop.login('gus');
    const stream = new AbortController();
    const res = await fetch(`${shop.url}/api/realtime/sse`, {
      headers: { authorization: `Bearer ${gus.token}`, accept: 'text/event-stream' },
      signal: stream.signal,
    });
    expect([res.status, res.status === 200 ? '' : await res.text()]).toEqual([200, '']);
    const reader = res.body!.getReader();
    let text = '';
    const placed = await order(shop, gus, [{ productId: 'p_demo_cup', quantity: 1 }]);
    const { order: o, payment } = placed.body['data'];
    await pay(shop, payment);
    const wanted = JSON.stringify({ type: 'order.status', data: { id: o.id, status: 'paid' } });
    try {
      const deadline = Date.now() + 15_000;
      while (!text.includes(wanted) && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
    } finally {
      stream.abort();
    }
    expect(text).toContain(wanted);
  });

  it('five concurrent copies of one pay notification: one transition, one subscribe message', async () => {
    const erin = await shop.login('erin');
    await shop.emulator('POST', '/mp/subscribe', {
      appid: shop.mpAppid,
      openid: erin.openid,
      template_id: SANDBOX_TEMPLATE_ID,
      accept: true,
    });
    const placed = await order(shop, erin, [{ productId: 'p_demo_cup', quantity: 1 }]);
    const { order: o, payment } = placed.body['data'];
    const metric = async () => {
      const text = await (await fetch(`${shop.url}/metrics`)).text();
      return Number(/^shop_order_transitions_total\{status="paid"\} (\d+)/m.exec(text)?.[1] ?? 0);
    };
    const paidBefore = await metric();
    shop.fanout.copies = 5;
    const seen = shop.fanout.delivered.length;
    try {
      await pay(shop, payment);
      // The buyer's status check races the notifications.
      const [, status] = await Promise.all([
        until(
          () => Promise.resolve(shop.fanout.delivered.length),
          (n) => n >= seen + 5,
        ),
        statusOf(shop, erin, o.id),
      ]);
      expect(['pending_payment', 'paid']).toContain(status);
    } finally {
      shop.fanout.copies = 1;
    }
    await until(
      () => statusOf(shop, erin, o.id),
      (s) => s === 'paid',
    );
    await until(
      () => paidMessages(shop, erin),
      (m) => m.length > 0,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await paidMessages(shop, erin)).toHaveLength(1);
    expect((await metric()) - paidBefore).toBe(1);
  });
});
