/** @module The sandbox's demo catalog and coupon, written once (fixed ids; a second start adds nothing). */
import type { ShopDb } from '../tables.js';
import type { Catalog } from './catalog.js';

const DEMO_PRODUCTS = [
  { id: 'p_demo_tea', title: 'Longjing green tea 250 g', price: 8800, stock: 50, category: 'tea' },
  { id: 'p_demo_oolong', title: 'Tieguanyin oolong 200 g', price: 6600, stock: 40, category: 'tea' },
  { id: 'p_demo_cup', title: 'Celadon tea cup', price: 3900, stock: 100, category: 'teaware' },
  { id: 'p_demo_pot', title: 'Yixing clay teapot', price: 26800, stock: 10, category: 'teaware' },
  { id: 'p_demo_gift', title: 'Mid-Autumn gift box', price: 19900, stock: 20, category: 'gifts' },
] as const;

/** `WELCOME10`: 10 yuan off orders of 50 yuan or more, valid for a year from the first start. */
export const DEMO_COUPON_ID = 'WELCOME10';

export async function seedCatalog(db: ShopDb, catalog: Catalog, now: number): Promise<void> {
  for (const [i, product] of DEMO_PRODUCTS.entries()) {
    await catalog.create(
      { ...product, images: [`https://picsum.photos/seed/${product.id}/400`] },
      now + i,
      product.id,
    );
  }
  await db
    .insertInto('shop_coupons')
    .values({
      id: DEMO_COUPON_ID,
      kind: 'fixed',
      value: 1000,
      min_spend: 5000,
      starts_at: now,
      ends_at: now + 365 * 24 * 3600_000,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}
