/**
 * @module The saga's local steps and their undos, each written with its log row in one transaction:
 * reserve stock (one conditional UPDATE per product), lock the coupon; release and unlock guarded by the
 * log (`done` → `compensated` once), so a compensation run twice changes nothing the second time.
 */
import type { SagaStep, ShopDb } from '../tables.js';
import { shopProblem } from '../shop-errors.js';

export interface Line {
  readonly productId: string;
  readonly quantity: number;
}

/** Takes the stock of every line or throws OutOfStock (the caller's transaction then undoes all of it). */
export async function reserveStock(trx: ShopDb, lines: readonly Line[]): Promise<void> {
  // One order of locking (by id) across every order: two orders on the same products never deadlock.
  for (const line of [...lines].sort((a, b) => (a.productId < b.productId ? -1 : 1))) {
    const taken = await trx
      .updateTable('shop_products')
      .set((eb) => ({ stock: eb('stock', '-', line.quantity) }))
      .where('id', '=', line.productId)
      .where('stock', '>=', line.quantity)
      .executeTakeFirst();
    if (taken.numUpdatedRows === 0n) throw shopProblem('OutOfStock', `out of stock: ${line.productId}`);
  }
}

/** Locks the user's single use of the coupon for this order, or throws CouponUnavailable. */
export async function lockCoupon(
  trx: ShopDb,
  couponId: string,
  userId: string,
  orderId: string,
  now: number,
) {
  const inserted = await trx
    .insertInto('shop_coupon_uses')
    .values({ coupon_id: couponId, user_id: userId, order_id: orderId, state: 'locked', updated_at: now })
    .onConflict((oc) => oc.columns(['coupon_id', 'user_id']).doNothing())
    .executeTakeFirst();
  if ((inserted.numInsertedOrUpdatedRows ?? 0n) === 0n) {
    throw shopProblem('CouponUnavailable', `coupon ${couponId} was already used`);
  }
}

export type LoggedStep = readonly [SagaStep, 'started' | 'done'];

/** The first log rows of an order being written in the same transaction: one statement for all of them. */
export async function logNewSteps(trx: ShopDb, orderId: string, steps: readonly LoggedStep[], now: number) {
  await trx
    .insertInto('shop_saga_steps')
    .values(steps.map(([step, state]) => ({ order_id: orderId, step, state, updated_at: now })))
    .execute();
}

/** Marks a `done` (or `started`) step compensated; true only for the one caller that did. */
async function takeUndo(trx: ShopDb, orderId: string, step: SagaStep, now: number): Promise<boolean> {
  const result = await trx
    .updateTable('shop_saga_steps')
    .set({ state: 'compensated', updated_at: now })
    .where('order_id', '=', orderId)
    .where('step', '=', step)
    .where('state', 'in', ['done', 'started'])
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Puts the order's stock back, once. `remote`: the stock lives elsewhere (the cloud catalog, given back
 * before this transaction by its own guarded call) and only the log row changes here.
 */
export async function releaseStock(
  trx: ShopDb,
  orderId: string,
  now: number,
  remote = false,
): Promise<boolean> {
  if (!(await takeUndo(trx, orderId, 'reserve', now))) return false;
  if (remote) return true;
  const lines = await trx
    .selectFrom('shop_order_lines')
    .selectAll()
    .where('order_id', '=', orderId)
    .execute();
  for (const line of lines) {
    await trx
      .updateTable('shop_products')
      .set((eb) => ({ stock: eb('stock', '+', line.quantity) }))
      .where('id', '=', line.product_id)
      .execute();
  }
  return true;
}

/** The order's lines as the stock steps take them. */
export async function linesOf(db: ShopDb, orderId: string): Promise<Line[]> {
  const rows = await db
    .selectFrom('shop_order_lines')
    .select(['product_id', 'quantity'])
    .where('order_id', '=', orderId)
    .orderBy('product_id')
    .execute();
  return rows.map((r) => ({ productId: r.product_id, quantity: r.quantity }));
}

/** The state of one saga step of the order (undefined: never logged). */
export async function stepState(db: ShopDb, orderId: string, step: SagaStep) {
  const row = await db
    .selectFrom('shop_saga_steps')
    .select('state')
    .where('order_id', '=', orderId)
    .where('step', '=', step)
    .executeTakeFirst();
  return row?.state;
}

/** Frees the coupon this order locked (a used coupon stays used), once. */
export async function unlockCoupon(trx: ShopDb, orderId: string, now: number): Promise<boolean> {
  if (!(await takeUndo(trx, orderId, 'coupon', now))) return false;
  await trx
    .deleteFrom('shop_coupon_uses')
    .where('order_id', '=', orderId)
    .where('state', '=', 'locked')
    .execute();
  return true;
}
