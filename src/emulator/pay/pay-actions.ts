/** @module What happens in the emulated WeChat Pay besides API calls: the user pays, refunds settle. */
import { refundResource, type EmulatedRefund } from './refund-book.js';
import type { EmulatedTransaction } from './transaction-book.js';
import type { PayBook } from './pay-book.js';
import { viewTransaction } from './view-transaction.js';

export type UserAction = 'pay' | 'cancel' | 'fail';

/** The simulated user acts on a NOTPAY order; `pay` sends TRANSACTION.SUCCESS to the order's notify_url. */
export function applyUserAction(pay: PayBook, tx: EmulatedTransaction, action: UserAction): void {
  // Backing out of the payment sheet leaves the order NOTPAY, as on a real phone.
  if (action === 'cancel') return;
  if (action === 'fail') {
    tx.state = 'PAYERROR';
    return;
  }
  pay.transactions.markPaid(tx, pay.now());
  const merchant = pay.merchants.get(tx.order.mchid);
  if (!merchant) return;
  pay.notifier.notify(merchant, tx.order.notify_url, {
    event_type: 'TRANSACTION.SUCCESS',
    summary: '支付成功',
    original_type: 'transaction',
    resource: viewTransaction(tx),
  });
}

const REFUND_EVENTS = {
  SUCCESS: 'REFUND.SUCCESS',
  ABNORMAL: 'REFUND.ABNORMAL',
  CLOSED: 'REFUND.CLOSED',
} as const;
const REFUND_SUMMARY = { SUCCESS: '退款成功', ABNORMAL: '退款异常', CLOSED: '退款关闭' } as const;

/** PROCESSING → `status`, then the REFUND.* notification (to the refund's notify_url, else the order's). */
export function settleRefund(pay: PayBook, refund: EmulatedRefund, status: keyof typeof REFUND_EVENTS): void {
  // A world reset forgets the refund; a timer still pending for it must not notify.
  if (refund.status !== 'PROCESSING' || pay.refunds.get(refund.mchid, refund.outRefundNo) !== refund) return;
  refund.status = status;
  if (status === 'SUCCESS') refund.successAt = pay.now();
  // A closed or abnormal refund gives its amount back to the refundable balance.
  else refund.tx.refunded -= refund.amount;
  const merchant = pay.merchants.get(refund.mchid);
  if (!merchant) return;
  pay.notifier.notify(merchant, refund.notifyUrl ?? refund.tx.order.notify_url, {
    event_type: REFUND_EVENTS[status],
    summary: REFUND_SUMMARY[status],
    original_type: 'refund',
    resource: refundResource(refund),
  });
}

/** Settles `refund` as SUCCESS after the world's (scaled) processing time. */
export function scheduleRefundSettlement(pay: PayBook, refund: EmulatedRefund): void {
  const timer = setTimeout(() => settleRefund(pay, refund, 'SUCCESS'), pay.refundSettleMs * pay.timeScale);
  timer.unref();
}
