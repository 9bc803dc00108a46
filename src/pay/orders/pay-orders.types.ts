/** @module Types of the pay order service: inputs, results and the business events it enqueues. */
import type { Clock, Queue, Store } from '../../kernel/ports/index.js';
import type { PayClient } from '../create-pay-client.js';
import type { RequestPaymentParams } from '../pay.types.js';

/** Business events enqueued after a state change commits (job names of the queue). */
export const PayEvent = {
  TransactionSuccess: 'pay.transaction.success',
  RefundSuccess: 'pay.refund.success',
  RefundAbnormal: 'pay.refund.abnormal',
  RefundClosed: 'pay.refund.closed',
} as const;
export type PayEventName = (typeof PayEvent)[keyof typeof PayEvent];

/** The data of every pay business job; its idempotency key is `notificationId`. */
export interface PayEventData {
  readonly notificationId: string;
  readonly eventType: string;
  readonly outTradeNo: string;
  readonly outRefundNo?: string;
}

export interface JsapiOrderInput {
  readonly outTradeNo: string;
  readonly openid: string;
  /** Fen. */
  readonly amount: number;
  readonly description: string;
  /** Default: the service's appid. */
  readonly appid?: string;
  readonly currency?: string;
}

export interface JsapiOrderResult {
  readonly outTradeNo: string;
  readonly prepayId: string;
  /** Hand these to `wx.requestPayment` / `WeixinJSBridge`. */
  readonly requestPayment: RequestPaymentParams;
}

export interface RefundInput {
  readonly outTradeNo: string;
  readonly outRefundNo: string;
  /** Fen. */
  readonly amount: number;
  readonly reason?: string;
}

export interface RefundResult {
  readonly outRefundNo: string;
  readonly refundId: string;
  /** As WeChat Pay answered; the stored status only moves on the notification (or reconciliation). */
  readonly status: string;
}

export type ApplyRejection = 'unknown-order' | 'mismatch';

/** What applyNotification did; a rejection stored nothing. */
export type ApplyResult =
  | {
      readonly ok: true;
      /** The id was already stored (a redelivery): nothing changed this time. */
      readonly duplicate: boolean;
      /** This notification moved an order or refund to a new state. */
      readonly changed: boolean;
      readonly businessEvent?: PayEventName;
    }
  | { readonly ok: false; readonly reason: ApplyRejection; readonly message: string };

/** Test and diagnostics hooks around the notification transaction (a crash can be staged in each). */
export interface PayOrdersHooks {
  /** Inside the transaction, after the notification row was inserted. */
  inTransaction?(notificationId: string): Promise<void>;
  /** After commit, before the business event is enqueued. */
  afterCommit?(notificationId: string): Promise<void>;
}

export interface PayOrdersOptions {
  readonly store: Store;
  readonly pay: PayClient;
  readonly queue: Queue;
  /** Our merchant: notifications for any other mchid are refused. */
  readonly mchid: string;
  /** Default appid of new orders. */
  readonly appid?: string;
  /** The notify_url sent with orders and refunds (a function when the port is known only after listen). */
  readonly notifyUrl: string | (() => string);
  readonly clock?: Clock;
  readonly hooks?: PayOrdersHooks;
}
