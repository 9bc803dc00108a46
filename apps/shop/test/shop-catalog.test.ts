/**
 * The catalog over HTTP on SQLite and PostgreSQL: filters, the sort whitelist, cursor paging, limits, the
 * admin routes behind WEGATE_ADMIN_KEY, and the cache (hits, negative entries, invalidation on change).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAllIds, startShop, type Dialect, type Json, type ShopHarness } from './shop-harness.js';

const ADMIN_KEY = 'shop-admin-key-0123456789';
const admin = { authorization: `Bearer ${ADMIN_KEY}` };

const ids = (answer: { body: Json }) =>
  (answer.body['data']['items'] as Array<{ id: string }>).map((p) => p.id);

async function cacheCount(shop: ShopHarness, cache: string, result: string): Promise<number> {
  const text = await (await fetch(`${shop.url}/metrics`)).text();
  const line = new RegExp(`^shop_cache_requests_total\\{cache="${cache}",result="${result}"\\} (\\d+)`, 'm');
  return Number(line.exec(text)?.[1] ?? 0);
}

describe.each<Dialect>(['sqlite', 'postgres'])('the catalog on %s', (dialect) => {
  let shop: ShopHarness;
  beforeAll(async () => {
    shop = await startShop(dialect, {}, { WEGATE_ADMIN_KEY: ADMIN_KEY });
  });
  afterAll(async () => shop?.close());

  it('filters by category and keyword, sorts by a whitelisted key and pages with a cursor', async () => {
    expect(ids(await shop.call('GET', '/api/shop/products?category=teaware&sort=price_desc'))).toEqual([
      'p_demo_pot',
      'p_demo_cup',
    ]);
    expect(ids(await shop.call('GET', '/api/shop/products?q=OOLONG'))).toEqual(['p_demo_oolong']);
    expect(ids(await shop.call('GET', '/api/shop/products?q=%25'))).toEqual([]);
    expect(await listAllIds(shop, 'sort=price_asc&limit=2')).toEqual([
      'p_demo_cup',
      'p_demo_oolong',
      'p_demo_tea',
      'p_demo_gift',
      'p_demo_pot',
    ]);
    for (const bad of ['limit=101', 'limit=0', 'sort=stock', 'status=deleted']) {
      const res = await shop.call('GET', `/api/shop/products?${bad}`);
      expect([bad, res.status]).toEqual([bad, 400]);
    }
  });

  it('answers a missing product 404 4041 and remembers it briefly (a negative entry)', async () => {
    const first = await shop.call('GET', '/api/shop/products/p_nope');
    expect([first.status, first.body['code']]).toEqual([404, 4041]);
    const negativeBefore = await cacheCount(shop, 'product', 'negative');
    await shop.call('GET', '/api/shop/products/p_nope');
    expect(await cacheCount(shop, 'product', 'negative')).toBe(negativeBefore + 1);
  });

  it('keeps admin routes behind the key, and a change is visible at once despite the cache', async () => {
    const body = { title: 'Jasmine pearls', price: 5200, stock: 30, category: 'tea' };
    expect((await shop.call('POST', '/api/shop/admin/products', { body })).status).toBe(401);
    const listed = await shop.call('GET', '/api/shop/products?category=tea');
    const hitsBefore = await cacheCount(shop, 'list', 'hit');
    expect(ids(await shop.call('GET', '/api/shop/products?category=tea'))).toEqual(ids(listed));
    expect(await cacheCount(shop, 'list', 'hit')).toBe(hitsBefore + 1);

    const created = await shop.call('POST', '/api/shop/admin/products', { body, headers: admin });
    expect(created.status).toBe(201);
    const id = created.body['data']['id'] as string;
    expect(ids(await shop.call('GET', '/api/shop/products?category=tea'))).toContain(id);
    const patched = await shop.call('PATCH', `/api/shop/admin/products/${id}`, {
      body: { status: 'off_sale' },
      headers: admin,
    });
    expect(patched.body['data']).toMatchObject({ id, status: 'off_sale' });
    expect(ids(await shop.call('GET', '/api/shop/products?category=tea'))).not.toContain(id);
    expect((await shop.call('GET', `/api/shop/products/${id}`)).body['data']['status']).toBe('off_sale');
    const missing = await shop.call('PATCH', '/api/shop/admin/products/p_nope', {
      body: { stock: 1 },
      headers: admin,
    });
    expect([missing.status, missing.body['code']]).toEqual([404, 4041]);
  });
});
