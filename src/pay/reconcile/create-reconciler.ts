/** @module createReconciler: orders left pending past a timeout are queried and settled or closed. */
import { PayApiError } from '../../kernel/errors/index.js';
import { systemClock, type Clock, type Store } from '../../kernel/ports/index.js';
import type { PayClient } from '../create-pay-client.js';
import type { PayOrders } from '../orders/index.js';
import type { Transaction } from '../pay.types.js';

export interface ReconcilerOptions {
  readonly store: Store;
  readonly pay: Pick<PayClient, 'transactions'>;
  readonly orders: Pick<PayOrders, 'applyNotification' | 'dispatchPending'>;
  readonly clock?: Clock;
  /** NOTPAY orders older than this are asked about (default 30 min). */
  readonly pendingAfterMs?: number;
  /** Orders per run (default 100). */
  readonly batchSize?: number;
  readonly onError?: (error: unknown, outTradeNo: string) => void;
}

export interface ReconcileReport {
  readonly checked: number;
  readonly settled: number;
  readonly closed: number;
  readonly failed: number;
  /** Business events of committed notifications that had not been enqueued yet. */
  readonly dispatched: number;
}

export interface Reconciler {
  runOnce(): Promise<ReconcileReport>;
}

type Outcome = 'settled' | 'closed' | 'pending';
const STILL_PENDING = ['NOTPAY', 'USERPAYING'];
const FINAL_UNPAID = new Set(['CLOSED', 'REVOKED', 'PAYERROR']);

interface ReconcileContext {
  readonly options: ReconcilerOptions;
  readonly clock: Clock;
  markState(outTradeNo: string, state: string): Promise<unknown>;
}

// The same transition as a notification, under an id of its own, so it is applied (and announced) once.
async function settle(ctx: ReconcileContext, tx: Transaction): Promise<Outcome> {
  const result = await ctx.options.orders.applyNotification(
    {
      id: `query:${tx.out_trade_no}`,
      create_time: new Date(ctx.clock.now()).toISOString(),
      event_type: 'TRANSACTION.SUCCESS',
      summary: 'settled by query',
      resource: { ...tx, trade_state: 'SUCCESS' },
    },
    { resourceType: 'query' },
  );
  if (!result.ok) throw new Error(`query answer refused: ${result.message}`);
  return 'settled';
}

async function reconcileOne(ctx: ReconcileContext, outTradeNo: string): Promise<Outcome> {
  let tx: Transaction;
  try {
    tx = await ctx.options.pay.transactions.queryByOutTradeNo(outTradeNo);
  } catch (error) {
    // The prepay never reached WeChat Pay: nobody can pay this order.
    if (!(error instanceof PayApiError) || error.payCode !== 'ORDER_NOT_EXIST') throw error;
    await ctx.markState(outTradeNo, 'CLOSED');
    return 'closed';
  }
  if (tx.trade_state === 'SUCCESS' || tx.trade_state === 'REFUND') return settle(ctx, tx);
  if (tx.trade_state === 'NOTPAY') {
    // Closing first means a user who pays meanwhile gets ORDERPAID here and is settled next run.
    await ctx.options.pay.transactions.close(outTradeNo);
    await ctx.markState(outTradeNo, 'CLOSED');
    return 'closed';
  }
  if (FINAL_UNPAID.has(tx.trade_state)) {
    await ctx.markState(outTradeNo, tx.trade_state);
    return 'closed';
  }
  return 'pending';
}

export function createReconciler(options: ReconcilerOptions): Reconciler {
  const { db } = options.store;
  const clock = options.clock ?? systemClock;
  const pendingAfterMs = options.pendingAfterMs ?? 30 * 60_000;
  const ctx: ReconcileContext = {
    options,
    clock,
    markState: (outTradeNo, state) =>
      db
        .updateTable('wegate_pay_orders')
        .set({ state, updated_at: clock.now() })
        .where('out_trade_no', '=', outTradeNo)
        .where('state', 'in', STILL_PENDING)
        .execute(),
  };

  return {
    async runOnce() {
      const rows = await db
        .selectFrom('wegate_pay_orders')
        .select('out_trade_no')
        .where('state', 'in', STILL_PENDING)
        .where('created_at', '<', clock.now() - pendingAfterMs)
        .orderBy('created_at')
        .limit(options.batchSize ?? 100)
        .execute();
      const counts = { checked: rows.length, settled: 0, closed: 0, failed: 0 };
      for (const { out_trade_no } of rows) {
        try {
          const outcome = await reconcileOne(ctx, out_trade_no);
          if (outcome !== 'pending') counts[outcome] += 1;
        } catch (error) {
          counts.failed += 1;
          options.onError?.(error, out_trade_no);
        }
      }
      return { ...counts, dispatched: await options.orders.dispatchPending() };
    },
  };
}
