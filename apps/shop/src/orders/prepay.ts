/** @module Step 2 of placing an order: the JSAPI prepay through wegate's pay orders, bounded by the step timeout. */
import type { Shop } from '../shop-context.js';
import type { OrderStatus, OrdersTable } from '../tables.js';
import type { Priced } from './order-pricing.js';
import { crashPoint } from './crash-points.js';

export interface PlacedOrder {
  readonly order: { id: string; status: OrderStatus; total: number; outTradeNo: string };
  readonly payment: {
    timeStamp: string;
    nonceStr: string;
    package: string;
    signType: string;
    paySign: string;
  };
}

class StepTimeout extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StepTimeout(`step took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** The step's effect and its log row in one transaction; false when recovery took the saga over. */
async function commitPrepay(shop: Shop, row: OrdersTable, payment: PlacedOrder['payment']): Promise<boolean> {
  const now = shop.now();
  return shop.db.transaction().execute(async (trx) => {
    const moved = await trx
      .updateTable('shop_orders')
      .set({ saga: 'done', payment: JSON.stringify(payment), updated_at: now })
      .where('id', '=', row.id)
      .where('saga', '=', 'forward')
      .executeTakeFirst();
    if (moved.numUpdatedRows === 0n) return false;
    await trx
      .updateTable('shop_saga_steps')
      .set({ state: 'done', updated_at: now })
      .where('order_id', '=', row.id)
      .where('step', '=', 'prepay')
      .execute();
    return true;
  });
}

/** The answer of a placed order, or undefined when the prepay failed or timed out (the caller compensates). */
export async function prepay(shop: Shop, row: OrdersTable, priced: Priced): Promise<PlacedOrder | undefined> {
  const orders = shop.ctx.pay?.orders;
  if (!orders) {
    shop.ctx.logger.error('shop: no WeChat Pay merchant is configured; orders cannot be paid');
    return undefined;
  }
  const description =
    priced.lines.length === 1
      ? (priced.lines[0]?.title ?? 'Order')
      : `${priced.lines[0]?.title ?? 'Order'} and more`;
  let requestPayment;
  try {
    const work = orders.createJsapiOrder({
      outTradeNo: row.out_trade_no,
      appid: row.appid,
      openid: row.openid,
      amount: row.total,
      description: description.slice(0, 120),
    });
    // A late answer after the timeout is harmless: compensation closes the WeChat order.
    work.catch(() => undefined);
    ({ requestPayment } = await withTimeout(work, shop.options.stepTimeoutMs));
  } catch (error) {
    shop.ctx.logger.warn({ err: error, orderId: row.id }, 'shop prepay failed; compensating');
    return undefined;
  }
  crashPoint(shop.options.crashAt, 'prepay.after-answer');
  const payment = {
    timeStamp: requestPayment.timeStamp,
    nonceStr: requestPayment.nonceStr,
    package: requestPayment.package,
    signType: requestPayment.signType,
    paySign: requestPayment.paySign,
  };
  const done = await commitPrepay(shop, row, payment);
  // Recovery may have taken a slow saga over meanwhile: then this order is being compensated.
  if (!done) return undefined;
  return {
    order: { id: row.id, status: row.status, total: row.total, outTradeNo: row.out_trade_no },
    payment,
  };
}
