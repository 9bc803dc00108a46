/** @module Row types of WeChat Pay's tables (orders, refunds, notifications), added to the store's Database. */
/** A WeChat Pay order as we placed it; `state` follows WeChat's trade_state. */
export interface PayOrdersTable {
  out_trade_no: string;
  appid: string;
  mchid: string;
  openid: string;
  /** Fen. */
  amount_total: number;
  currency: string;
  description: string;
  state: string;
  transaction_id: string | null;
  prepay_id: string | null;
  created_at: number;
  updated_at: number;
  paid_at: number | null;
  /** The W3C trace context the order was placed under (JSON), which its notification continues. */
  trace_context: string | null;
}

export interface PayRefundsTable {
  out_refund_no: string;
  out_trade_no: string;
  /** Fen. */
  amount: number;
  /** PROCESSING | SUCCESS | ABNORMAL | CLOSED */
  status: string;
  refund_id: string | null;
  reason: string | null;
  created_at: number;
  updated_at: number;
  success_at: number | null;
}

/**
 * One WeChat Pay notification (by WeChat's `id`), kept without the payer's data; `business_event` is the
 * job to enqueue once committed and `dispatched_at` says it was (the row is its own outbox).
 */
export interface PayNotificationsTable {
  id: string;
  event_type: string;
  resource_type: string;
  received_at: number;
  out_trade_no: string | null;
  out_refund_no: string | null;
  summary: string;
  business_event: string | null;
  dispatched_at: number | null;
}

declare module '../kernel/ports/store.types.js' {
  interface Database {
    wegate_pay_orders: PayOrdersTable;
    wegate_pay_refunds: PayRefundsTable;
    wegate_pay_notifications: PayNotificationsTable;
  }
}
