/**
 * The shop with its catalog in the Mini Program's cloud database (`catalogSource: 'cloud'`), over HTTP with
 * the sandbox's emulator, on SQLite and PostgreSQL: the list and product routes read the `products`
 * collection the Mini Program reads; an order takes stock by a conditional update of the product document
 * (marked with the order id), payment drops the mark, a refund returns the stock once, a failed order
 * gives back exactly what it took, and concurrent buyers never take more than there is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloudDatabase, type CloudDatabase } from 'wegate/cloud';
import { cloudCatalog, type ProductDocument } from '../src/catalog/cloud-catalog.js';
import {
  listAllIds,
  startShop,
  until,
  type Buyer,
  type Dialect,
  type Json,
  type ShopHarness,
} from './shop-harness.js';

const ADMIN_KEY = 'shop-admin-key-cloud-0123456789';
const admin = { authorization: `Bearer ${ADMIN_KEY}` };

describe.each<Dialect>(['sqlite', 'postgres'])('the cloud-database catalog on %s', (dialect) => {
  let shop: ShopHarness;
  let cloud: CloudDatabase;

  const doc = async (id: string) =>
    (await cloud.collection<ProductDocument>('products').doc(id).get()) as ProductDocument | undefined;
  const order = (buyer: Buyer, items: unknown[], extra: { couponId?: string; key?: string } = {}) =>
    shop.call('POST', '/api/shop/orders', {
      token: buyer.token,
      body: { items, ...(extra.couponId ? { couponId: extra.couponId } : {}) },
      ...(extra.key ? { headers: { 'idempotency-key': extra.key } } : {}),
    });
  const statusOf = async (id: string) =>
    (await shop.db.selectFrom('shop_orders').select('status').where('id', '=', id).executeTakeFirstOrThrow())
      .status;
  /** The marks of orders holding stock (refund marks apart). */
  const orderMarks = (d: ProductDocument | undefined) => (d?.holds ?? []).filter((m) => m.startsWith('o_'));
  const ids = (answer: { body: Json }) =>
    (answer.body['data']['items'] as Array<{ id: string }>).map((p) => p.id);

  beforeAll(async () => {
    shop = await startShop(dialect, { catalogSource: 'cloud' }, { WEGATE_ADMIN_KEY: ADMIN_KEY });
    cloud = createCloudDatabase({ env: 'sandbox-env' }, { api: shop.server.deps.apps['mp']!.api });
    // The sandbox's emulator is the server itself: the demo catalog is written once it listens.
    await until(
      () => doc('p_demo_gift').catch(() => undefined),
      (d) => d !== undefined,
    );
  });
  afterAll(async () => shop?.close());

  it('lists, filters, sorts and pages the products of the cloud collection; the SQL table stays empty', async () => {
    expect((await doc('p_demo_tea'))?.stock).toBe(50);
    expect(await shop.db.selectFrom('shop_products').select('id').execute()).toEqual([]);
    expect(ids(await shop.call('GET', '/api/shop/products?category=teaware&sort=price_desc'))).toEqual([
      'p_demo_pot',
      'p_demo_cup',
    ]);
    expect(ids(await shop.call('GET', '/api/shop/products?q=OOLONG'))).toEqual(['p_demo_oolong']);
    // The keyword is literal text, not a pattern.
    expect(ids(await shop.call('GET', '/api/shop/products?q=.%2A'))).toEqual([]);
    expect(await listAllIds(shop, 'sort=price_asc&limit=2')).toEqual([
      'p_demo_cup',
      'p_demo_oolong',
      'p_demo_tea',
      'p_demo_gift',
      'p_demo_pot',
    ]);
    const one = await shop.call('GET', '/api/shop/products/p_demo_gift');
    expect(one.body['data']).toMatchObject({ id: 'p_demo_gift', price: 19900, stock: 20, category: 'gifts' });
    const missing = await shop.call('GET', '/api/shop/products/p_nope');
    expect([missing.status, missing.body['code']]).toEqual([404, 4041]);
  });

  it('writes admin changes to the collection, visible at once despite the cache', async () => {
    const created = await shop.call('POST', '/api/shop/admin/products', {
      headers: admin,
      body: { title: 'Pu-erh cake 357 g', price: 15800, stock: 7, category: 'tea' },
    });
    expect(created.status).toBe(201);
    const id = created.body['data']['id'] as string;
    expect(await doc(id)).toMatchObject({ title: 'Pu-erh cake 357 g', stock: 7, status: 'on_sale' });
    expect(ids(await shop.call('GET', '/api/shop/products?category=tea&sort=price_desc'))[0]).toBe(id);
    const patched = await shop.call('PATCH', `/api/shop/admin/products/${id}`, {
      headers: admin,
      body: { status: 'off_sale' },
    });
    expect(patched.body['data']).toMatchObject({ id, status: 'off_sale' });
    expect(ids(await shop.call('GET', '/api/shop/products?category=tea'))).not.toContain(id);
    const nope = await shop.call('PATCH', '/api/shop/admin/products/p_nope', {
      headers: admin,
      body: { stock: 1 },
    });
    expect([nope.status, nope.body['code']]).toEqual([404, 4041]);
  });

  it('takes stock on the document for an order, keeps it when paid, returns it once on refund', async () => {
    const buyer = await shop.login();
    const placed = await order(buyer, [
      { productId: 'p_demo_oolong', quantity: 1 },
      { productId: 'p_demo_oolong', quantity: 2 },
      { productId: 'p_demo_cup', quantity: 1 },
    ]);
    expect(placed.status).toBe(201);
    const { order: o, payment } = placed.body['data'];
    expect(o.total).toBe(3 * 6600 + 3900);
    expect(await doc('p_demo_oolong')).toMatchObject({ stock: 37, holds: [o.id] });
    expect(await doc('p_demo_cup')).toMatchObject({ stock: 99, holds: [o.id] });

    const paid = await shop.emulator('POST', '/pay/request-payment', {
      appId: shop.mpAppid,
      ...payment,
      action: 'pay',
    });
    expect(paid.body).toMatchObject({ trade_state: 'SUCCESS' });
    await until(
      () => statusOf(o.id),
      (s) => s === 'paid',
    );
    // Paid: the stock stays taken and the order's mark is gone.
    await until(
      () => doc('p_demo_oolong'),
      (d) => d?.holds?.length === 0,
    );
    expect((await doc('p_demo_oolong'))?.stock).toBe(37);

    const refund = await shop.call('POST', `/api/shop/orders/${o.id}/refund`, { token: buyer.token });
    expect(refund.status).toBe(200);
    await until(
      () => statusOf(o.id),
      (s) => s === 'refunded',
      20_000,
    );
    expect(await doc('p_demo_oolong')).toMatchObject({ stock: 40, holds: [`refund:${o.id}`] });
    expect((await doc('p_demo_cup'))?.stock).toBe(100);
  });

  it('refuses an order larger than the stock, taking nothing, and answers its key the same again', async () => {
    const buyer = await shop.login();
    const before = await doc('p_demo_pot');
    const items = [
      { productId: 'p_demo_cup', quantity: 1 },
      { productId: 'p_demo_pot', quantity: before!.stock + 1 },
    ];
    const refused = await order(buyer, items, { couponId: 'WELCOME10', key: 'too-many-pots' });
    expect([refused.status, refused.body['code']]).toEqual([409, 4091]);
    // The cup was taken first (ids in order) and given back by the compensation, its mark dropped.
    const cup = await doc('p_demo_cup');
    expect(cup?.stock).toBe(100);
    expect(orderMarks(cup)).toEqual([]);
    expect(await doc('p_demo_pot')).toMatchObject({ stock: before!.stock, holds: before!.holds ?? [] });
    const again = await order(buyer, items, { couponId: 'WELCOME10', key: 'too-many-pots' });
    expect([again.status, again.body['code']]).toEqual([409, 4091]);
    // The coupon was unlocked: an order that fits uses it.
    const fits = await order(buyer, [{ productId: 'p_demo_gift', quantity: 1 }], { couponId: 'WELCOME10' });
    expect(fits.status).toBe(201);
    expect(fits.body['data']['order']['total']).toBe(19900 - 1000);
  });

  it('gives the stock back when the prepay fails', async () => {
    const buyer = await shop.login();
    const before = (await doc('p_demo_tea'))!.stock;
    expect(
      (
        await shop.emulator('POST', '/pay/faults', {
          kind: 'http-error',
          target: 'response',
          status: 500,
          count: 5,
        })
      ).status,
    ).toBe(200);
    const failed = await order(buyer, [{ productId: 'p_demo_tea', quantity: 2 }]);
    await shop.emulator('DELETE', '/pay/faults');
    expect([failed.status, failed.body['code']]).toEqual([503, 5031]);
    // Closing the WeChat order failed too while the faults lasted: the queue retries the compensation.
    const tea = await until(
      () => doc('p_demo_tea'),
      (d) => d?.stock === before,
      20_000,
    );
    expect(orderMarks(tea)).toEqual([]);
  });

  it('creates its collection when a product is added before it exists', async () => {
    const fresh = cloudCatalog({ database: cloud, collection: `fresh_${dialect}` });
    const id = await fresh.create(
      { title: 'First kettle', price: 100, stock: 1, category: 'new' },
      Date.now(),
    );
    expect(await fresh.get(id)).toMatchObject({ id, title: 'First kettle', stock: 1 });
  });

  it('lets 40 concurrent buyers take exactly the 6 units there are', async () => {
    const created = await shop.call('POST', '/api/shop/admin/products', {
      headers: admin,
      body: { title: 'Limited tea tray', price: 900, stock: 6, category: 'drop' },
    });
    const productId = created.body['data']['id'] as string;
    const buyers = await Promise.all(Array.from({ length: 40 }, () => shop.login()));
    const answers = await Promise.all(buyers.map((b) => order(b, [{ productId, quantity: 1 }])));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(6);
    expect(answers.filter((a) => a.status !== 201).map((a) => a.body['code'])).toEqual(
      Array.from({ length: 34 }, () => 4091),
    );
    const tray = await doc(productId);
    expect(tray?.stock).toBe(0);
    expect(new Set(tray?.holds)).toEqual(
      new Set(answers.filter((a) => a.status === 201).map((a) => a.body['data']['order']['id'])),
    );
  });
});
