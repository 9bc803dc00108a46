/**
 * @module POST /api/shop/orders as a saga: (1) one transaction writes the order, reserves the stock and
 * locks the coupon with their log rows; (2) the JSAPI prepay, under a step timeout; on failure the
 * compensations run in reverse. Same user + same Idempotency-Key → the same answer, never a second order.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { isApiProblem } from 'wegate';
import type { AuthUser } from 'wegate/server';
import type { Shop } from '../shop-context.js';
import { problemOfCode, ShopErrors, shopProblem } from '../shop-errors.js';
import { OrderStatus, type OrdersTable } from '../tables.js';
import { compensateOrRetry } from './compensate.js';
import { mergeLines, priceOrder, requestHash, type OrderRequest, type Priced } from './order-pricing.js';
import { lockCoupon, logNewSteps, reserveStock, type LoggedStep } from './saga-steps.js';
import { scheduleUnpaidTimeout } from './unpaid-timeout.js';
import { prepay, type PlacedOrder } from './prepay.js';
import { OrderAction, recordOrder, systemSource, SystemActor, type AuditSource } from './order-audit.js';
import { crashPoint } from './crash-points.js';

export interface Placement {
  readonly user: AuthUser;
  readonly request: OrderRequest;
  readonly idempotencyKey?: string;
  /** The request that places it, for the audit log (default: the user, nothing else). */
  readonly source?: AuditSource;
}

/** 28 characters of [0-9A-Za-z]: within out_trade_no's 6–32. */
const newOutTradeNo = (now: number) =>
  `SHOP${now.toString(36).toUpperCase()}${randomBytes(8).toString('hex')}`;

/** The stored answer of an order placed with this key before. */
function answerAgain(order: OrdersTable, hash: string): PlacedOrder {
  if (order.request_hash !== hash) throw shopProblem('IdempotencyKeyReused');
  if (order.failure_code !== null) throw problemOfCode(order.failure_code);
  if (order.saga === 'forward') throw shopProblem('OrderInProgress');
  if (order.payment === null) throw shopProblem('PaymentUnavailable');
  return {
    order: { id: order.id, status: order.status, total: order.total, outTradeNo: order.out_trade_no },
    payment: JSON.parse(order.payment) as PlacedOrder['payment'],
  };
}

const byKey = (shop: Shop, userId: string, key: string) =>
  shop.db
    .selectFrom('shop_orders')
    .selectAll()
    .where('user_id', '=', userId)
    .where('idempotency_key', '=', key)
    .executeTakeFirst();

function orderRow(shop: Shop, placement: Placement, priced: Priced, hash: string): OrdersTable {
  const now = shop.now();
  return {
    id: `o_${randomUUID()}`,
    user_id: placement.user.id,
    appid: placement.user.appid,
    openid: placement.user.openid,
    status: OrderStatus.PendingPayment,
    saga: 'forward',
    subtotal: priced.subtotal,
    discount: priced.discount,
    total: priced.total,
    coupon_id: placement.request.couponId ?? null,
    out_trade_no: newOutTradeNo(now),
    idempotency_key: placement.idempotencyKey ?? null,
    request_hash: hash,
    payment: null,
    failure_code: null,
    out_refund_no: null,
    deadline_at: now + shop.options.unpaidTimeoutMs,
    created_at: now,
    updated_at: now,
    paid_at: null,
  };
}

/**
 * Step 1, all or nothing: the order, its lines, the stock, the coupon and their log rows. With the cloud
 * catalog the stock is not in this transaction: its step is logged `started` and taken after the commit.
 */
async function reserve(shop: Shop, row: OrdersTable, priced: Priced, source: AuditSource): Promise<void> {
  await shop.db.transaction().execute(async (trx) => {
    await trx.insertInto('shop_orders').values(row).execute();
    await trx
      .insertInto('shop_order_lines')
      .values(
        priced.lines.map((l) => ({
          order_id: row.id,
          product_id: l.productId,
          title: l.title,
          price: l.price,
          quantity: l.quantity,
        })),
      )
      .execute();
    const remote = shop.catalog.remoteStock !== undefined;
    const steps: LoggedStep[] = [['reserve', remote ? 'started' : 'done']];
    if (row.coupon_id !== null) {
      await lockCoupon(trx, row.coupon_id, row.user_id, row.id, row.created_at);
      steps.push(['coupon', 'done']);
    }
    // Written before WeChat is called: a crash from here on closes the WeChat order when compensating.
    steps.push(['prepay', 'started']);
    await logNewSteps(trx, row.id, steps, row.created_at);
    await recordOrder(shop, trx, source, {
      orderId: row.id,
      action: OrderAction.Create,
      after: { status: row.status, total: row.total, coupon: row.coupon_id },
    });
    // Last, so a product's row lock is held from this update to the commit only: concurrent orders of
    // one product queue on it for one statement, not for the whole transaction.
    if (!remote) await reserveStock(trx, priced.lines);
    crashPoint(shop.options.crashAt, 'reserve.before-commit');
  });
}

/** A refused order with a key is remembered, so the same request gets the same answer. */
async function rememberRefusal(shop: Shop, row: OrdersTable, code: number): Promise<void> {
  if (row.idempotency_key === null) return;
  const failed = { ...row, status: OrderStatus.Closed, saga: 'compensated' as const, failure_code: code };
  await shop.db
    .insertInto('shop_orders')
    .values(failed)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/**
 * The cloud catalog's stock step: taken by conditional updates of the product documents, then logged
 * `done`. Short stock, a missing product or an unreachable database ends the order (compensated: what
 * was taken goes back) and answers the error.
 */
async function takeRemoteStock(shop: Shop, row: OrdersTable, priced: Priced, source: AuditSource) {
  const remote = shop.catalog.remoteStock!;
  try {
    await remote.take(row.id, priced.lines);
    crashPoint(shop.options.crashAt, 'stock.after-take');
    // Only while the step is still `started`: a take slower than the recovery's patience finds the
    // order compensated meanwhile, and gives back what it took itself.
    const logged = await shop.db
      .updateTable('shop_saga_steps')
      .set({ state: 'done', updated_at: shop.now() })
      .where('order_id', '=', row.id)
      .where('step', '=', 'reserve')
      .where('state', '=', 'started')
      .executeTakeFirst();
    if (logged.numUpdatedRows > 0n) return;
    await remote.undo(row.id, priced.lines);
    throw shopProblem('CatalogUnavailable', 'taking stock outlasted the saga; the order was closed');
  } catch (error) {
    const problem = isApiProblem(error) ? error : shopProblem('CatalogUnavailable');
    if (!isApiProblem(error))
      shop.ctx.logger.warn({ err: error, orderId: row.id }, 'shop: taking stock failed; compensating');
    await shop.db
      .updateTable('shop_orders')
      .set({ failure_code: problem.apiCode })
      .where('id', '=', row.id)
      .execute();
    await compensateOrRetry(shop, row.id, OrderStatus.Closed, systemSource(SystemActor.Saga, source));
    shop.metrics.sagas.inc({ outcome: 'refused' });
    throw problem;
  }
}

export async function placeOrder(shop: Shop, placement: Placement): Promise<PlacedOrder> {
  const lines = mergeLines(placement.request.items);
  const hash = requestHash(lines, placement.request.couponId);
  const key = placement.idempotencyKey;
  const earlier = key === undefined ? undefined : await byKey(shop, placement.user.id, key);
  if (earlier) return answerAgain(earlier, hash);
  const priced = await priceOrder(shop.db, shop.catalog, lines, placement.request.couponId, shop.now());
  const row = orderRow(shop, placement, priced, hash);
  const source = placement.source ?? { actor: `user:${placement.user.id}` };
  try {
    // Sold out as just read: refused without a transaction (the reservation's conditional update is
    // what guarantees the stock; this only spares a sold-out product's buyers the write).
    if (priced.shortOf !== undefined && !shop.catalog.remoteStock)
      throw shopProblem('OutOfStock', `out of stock: ${priced.shortOf}`);
    await reserve(shop, row, priced, source);
  } catch (error) {
    // A concurrent request with the same key won the unique index: its answer is ours.
    const winner = key === undefined ? undefined : await byKey(shop, placement.user.id, key);
    if (winner) return answerAgain(winner, hash);
    if (isApiProblem(error)) {
      await rememberRefusal(shop, row, error.apiCode);
      shop.metrics.sagas.inc({ outcome: 'refused' });
    }
    throw error;
  }
  crashPoint(shop.options.crashAt, 'reserve.after-commit');
  if (shop.catalog.remoteStock) await takeRemoteStock(shop, row, priced, source);
  const placed = await prepay(shop, row, priced);
  if (placed) {
    crashPoint(shop.options.crashAt, 'prepay.after-commit');
    await scheduleUnpaidTimeout(shop, row);
    shop.metrics.sagas.inc({ outcome: 'placed' });
    return placed;
  }
  await shop.db
    .updateTable('shop_orders')
    .set({ failure_code: ShopErrors.PaymentUnavailable.code })
    .where('id', '=', row.id)
    .execute();
  const undone = await compensateOrRetry(
    shop,
    row.id,
    OrderStatus.Closed,
    systemSource(SystemActor.Saga, source),
  );
  if (undone === 'done') shop.metrics.sagas.inc({ outcome: 'compensated' });
  throw shopProblem('PaymentUnavailable');
}
