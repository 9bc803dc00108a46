/** @module Emulated transactions and their state machine: NOTPAY → SUCCESS / CLOSED / PAYERROR, SUCCESS → REFUND. */
import { randomBytes, randomInt } from 'node:crypto';

export type TradeState = 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR';

export interface JsapiOrderBody {
  readonly appid: string;
  readonly mchid: string;
  readonly description: string;
  readonly out_trade_no: string;
  readonly notify_url: string;
  readonly attach?: string;
  readonly amount: { readonly total: number; readonly currency?: string };
  readonly payer: { readonly openid: string };
}

export interface EmulatedTransaction {
  readonly order: JsapiOrderBody;
  readonly prepayId: string;
  readonly createdAt: number;
  transactionId?: string;
  state: TradeState;
  successAt?: number;
  /** Fen refunded or being refunded. */
  refunded: number;
}

export const TRADE_STATE_DESC: Record<TradeState, string> = {
  SUCCESS: '支付成功',
  REFUND: '转入退款',
  NOTPAY: '未支付',
  CLOSED: '已关闭',
  REVOKED: '已撤销',
  USERPAYING: '用户支付中',
  PAYERROR: '支付失败',
};

export interface TransactionBook {
  /** Stores a new NOTPAY order; same out_trade_no → the existing one (the caller compares). */
  create(order: JsapiOrderBody, nowMs: number): { tx: EmulatedTransaction; existing: boolean };
  byOutTradeNo(mchid: string, outTradeNo: string): EmulatedTransaction | undefined;
  byId(mchid: string, transactionId: string): EmulatedTransaction | undefined;
  byPrepayId(prepayId: string): EmulatedTransaction | undefined;
  /** NOTPAY → SUCCESS with a fresh transaction_id. */
  markPaid(tx: EmulatedTransaction, nowMs: number): void;
  clear(): void;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function dateDigits(ms: number): string {
  const d = new Date(ms + 8 * 3_600_000);
  return [d.getUTCFullYear(), pad(d.getUTCMonth() + 1, 2), pad(d.getUTCDate(), 2)].join('');
}

/** 28 digits like WeChat's: 4200 + 6 zero-padded + date + 10 random. */
function newTransactionId(nowMs: number): string {
  return `42000${pad(randomInt(0, 99_999), 5)}${dateDigits(nowMs)}${pad(randomInt(0, 9_999_999_999), 10)}`;
}

function newPrepayId(nowMs: number): string {
  const stamp = new Date(nowMs + 8 * 3_600_000).toISOString().replace(/\D/g, '').slice(0, 14);
  return `wx${stamp}${randomBytes(11).toString('hex')}`;
}

export function createTransactionBook(): TransactionBook {
  const byTradeNo = new Map<string, EmulatedTransaction>();
  const byPrepay = new Map<string, EmulatedTransaction>();
  const byTransactionId = new Map<string, EmulatedTransaction>();
  const key = (mchid: string, no: string) => `${mchid}\u0000${no}`;
  return {
    create: (order, nowMs) => {
      const found = byTradeNo.get(key(order.mchid, order.out_trade_no));
      if (found) return { tx: found, existing: true };
      const tx: EmulatedTransaction = {
        order,
        prepayId: newPrepayId(nowMs),
        createdAt: nowMs,
        state: 'NOTPAY',
        refunded: 0,
      };
      byTradeNo.set(key(order.mchid, order.out_trade_no), tx);
      byPrepay.set(tx.prepayId, tx);
      return { tx, existing: false };
    },
    byOutTradeNo: (mchid, no) => byTradeNo.get(key(mchid, no)),
    byId: (mchid, id) => {
      const tx = byTransactionId.get(id);
      return tx?.order.mchid === mchid ? tx : undefined;
    },
    byPrepayId: (prepayId) => byPrepay.get(prepayId),
    markPaid: (tx, nowMs) => {
      tx.state = 'SUCCESS';
      tx.successAt = nowMs;
      tx.transactionId = newTransactionId(nowMs);
      byTransactionId.set(tx.transactionId, tx);
    },
    clear: () => {
      byTradeNo.clear();
      byPrepay.clear();
      byTransactionId.clear();
    },
  };
}
