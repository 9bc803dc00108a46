/** @module Emulated refunds: PROCESSING → SUCCESS (or ABNORMAL / CLOSED through the control API). */
import { randomInt } from 'node:crypto';
import { payTime } from './pay-time.js';
import type { EmulatedTransaction } from './transaction-book.js';

export type RefundStatus = 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL';

export interface EmulatedRefund {
  readonly mchid: string;
  readonly tx: EmulatedTransaction;
  readonly outRefundNo: string;
  readonly refundId: string;
  readonly amount: number;
  readonly reason?: string;
  readonly notifyUrl?: string;
  readonly createdAt: number;
  status: RefundStatus;
  successAt?: number;
}

export interface RefundBook {
  add(refund: Omit<EmulatedRefund, 'refundId' | 'status'>): EmulatedRefund;
  get(mchid: string, outRefundNo: string): EmulatedRefund | undefined;
  clear(): void;
}

export function createRefundBook(): RefundBook {
  const refunds = new Map<string, EmulatedRefund>();
  const key = (mchid: string, no: string) => `${mchid}\u0000${no}`;
  return {
    add: (spec) => {
      const refundId = `50000${String(randomInt(0, 99_999)).padStart(5, '0')}${String(randomInt(0, 2 ** 47)).padStart(19, '0')}`;
      const refund: EmulatedRefund = { ...spec, refundId, status: 'PROCESSING' };
      refunds.set(key(spec.mchid, spec.outRefundNo), refund);
      return refund;
    },
    get: (mchid, no) => refunds.get(key(mchid, no)),
    clear: () => refunds.clear(),
  };
}

const RECEIVED_ACCOUNT = '支付用户零钱';

/** The refund as POST/GET /v3/refund/domestic/refunds answer it. */
export function viewRefund(refund: EmulatedRefund): Record<string, unknown> {
  const total = refund.tx.order.amount.total;
  return {
    refund_id: refund.refundId,
    out_refund_no: refund.outRefundNo,
    transaction_id: refund.tx.transactionId,
    out_trade_no: refund.tx.order.out_trade_no,
    channel: 'ORIGINAL',
    user_received_account: RECEIVED_ACCOUNT,
    ...(refund.successAt === undefined ? {} : { success_time: payTime(refund.successAt) }),
    create_time: payTime(refund.createdAt),
    status: refund.status,
    funds_account: 'AVAILABLE',
    amount: {
      total,
      refund: refund.amount,
      payer_total: total,
      payer_refund: refund.amount,
      settlement_total: total,
      settlement_refund: refund.amount,
      discount_refund: 0,
      currency: refund.tx.order.amount.currency ?? 'CNY',
    },
  };
}

/** The decrypted resource of a REFUND.* notification. */
export function refundResource(refund: EmulatedRefund): Record<string, unknown> {
  const total = refund.tx.order.amount.total;
  return {
    mchid: refund.mchid,
    out_trade_no: refund.tx.order.out_trade_no,
    transaction_id: refund.tx.transactionId,
    out_refund_no: refund.outRefundNo,
    refund_id: refund.refundId,
    refund_status: refund.status,
    ...(refund.successAt === undefined ? {} : { success_time: payTime(refund.successAt) }),
    user_received_account: RECEIVED_ACCOUNT,
    amount: { total, refund: refund.amount, payer_total: total, payer_refund: refund.amount },
  };
}
