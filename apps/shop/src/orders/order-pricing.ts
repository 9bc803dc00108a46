/** @module Prices computed on the server: the lines from the catalog, the coupon's discount and its rules. */
import { createHash } from 'node:crypto';
import type { CouponsTable, ShopDb } from '../tables.js';
import type { Catalog } from '../catalog/catalog.js';
import { shopProblem } from '../shop-errors.js';
import type { Line } from './saga-steps.js';

export interface OrderRequest {
  readonly items: readonly Line[];
  readonly couponId?: string;
}

export interface PricedLine extends Line {
  readonly title: string;
  readonly price: number;
}

export interface Priced {
  readonly lines: PricedLine[];
  readonly subtotal: number;
  readonly discount: number;
  readonly total: number;
  /** A product whose stock, as just read, is below its line's quantity (the order cannot be reserved). */
  readonly shortOf?: string;
}

/** Several lines of one product become one, their quantities summed. */
export function mergeLines(items: readonly Line[]): Line[] {
  const byProduct = new Map<string, number>();
  for (const { productId, quantity } of items)
    byProduct.set(productId, (byProduct.get(productId) ?? 0) + quantity);
  return [...byProduct]
    .map(([productId, quantity]) => ({ productId, quantity }))
    .sort((a, b) => (a.productId < b.productId ? -1 : 1));
}

/** What makes two requests the same order (for Idempotency-Key). */
export function requestHash(lines: readonly Line[], couponId: string | undefined): string {
  return createHash('sha256')
    .update(JSON.stringify([lines, couponId ?? null]))
    .digest('hex');
}

export function discountOf(coupon: CouponsTable, subtotal: number, now: number): number {
  if (now < coupon.starts_at || now >= coupon.ends_at)
    throw shopProblem('CouponUnavailable', 'coupon is not valid now');
  if (subtotal < coupon.min_spend)
    throw shopProblem('CouponUnavailable', `coupon needs a spend of ${coupon.min_spend}`);
  const off = coupon.kind === 'percent' ? Math.floor((subtotal * coupon.value) / 100) : coupon.value;
  // WeChat Pay charges at least 1 fen.
  return Math.min(off, subtotal - 1);
}

export async function priceOrder(
  db: ShopDb,
  catalog: Catalog,
  lines: readonly Line[],
  couponId: string | undefined,
  now: number,
): Promise<Priced> {
  const rows = await catalog.getMany(lines.map((l) => l.productId));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const priced = lines.map((line) => {
    const product = byId.get(line.productId);
    if (!product) throw shopProblem('ProductNotFound', `no product ${line.productId}`);
    if (product.status !== 'on_sale')
      throw shopProblem('ProductUnavailable', `${line.productId} is not on sale`);
    return { ...line, title: product.title, price: product.price };
  });
  const subtotal = priced.reduce((sum, l) => sum + l.price * l.quantity, 0);
  const short = lines.find((line) => (byId.get(line.productId)?.stock ?? 0) < line.quantity);
  let discount = 0;
  if (couponId !== undefined) {
    const coupon = await db
      .selectFrom('shop_coupons')
      .selectAll()
      .where('id', '=', couponId)
      .executeTakeFirst();
    if (!coupon) throw shopProblem('CouponUnavailable', `no coupon ${couponId}`);
    discount = discountOf(coupon, subtotal, now);
  }
  return {
    lines: priced,
    subtotal,
    discount,
    total: subtotal - discount,
    ...(short ? { shortOf: short.productId } : {}),
  };
}
