/** @module Wire types of WeChat Pay v3 (field names as WeChat sends them; amounts in fen). */

export type TradeState = 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR';
export type RefundStatus = 'SUCCESS' | 'CLOSED' | 'PROCESSING' | 'ABNORMAL';

export interface JsapiOrder {
  /** Defaults to the client's `appid`; the paySign must use the same one. */
  readonly appid?: string;
  readonly description: string;
  readonly out_trade_no: string;
  readonly notify_url: string;
  readonly amount: { readonly total: number; readonly currency?: string };
  readonly payer: { readonly openid: string };
  readonly time_expire?: string;
  readonly attach?: string;
  readonly goods_tag?: string;
  readonly [field: string]: unknown;
}

/** Parameters for `wx.requestPayment` / `WeixinJSBridge.invoke('getBrandWCPayRequest')`. */
export interface RequestPaymentParams {
  readonly appId?: string;
  readonly timeStamp: string;
  readonly nonceStr: string;
  readonly package: string;
  readonly signType: 'RSA';
  readonly paySign: string;
}

export interface JsapiResult {
  readonly prepay_id: string;
  readonly requestPayment: RequestPaymentParams;
}

export interface Transaction {
  readonly appid: string;
  readonly mchid: string;
  readonly out_trade_no: string;
  readonly transaction_id?: string;
  readonly trade_type?: string;
  readonly trade_state: TradeState;
  readonly trade_state_desc: string;
  readonly bank_type?: string;
  readonly attach?: string;
  readonly success_time?: string;
  readonly payer?: { readonly openid: string };
  readonly amount?: {
    readonly total?: number;
    readonly payer_total?: number;
    readonly currency?: string;
    readonly payer_currency?: string;
  };
  readonly [field: string]: unknown;
}

export interface RefundRequest {
  readonly transaction_id?: string;
  readonly out_trade_no?: string;
  readonly out_refund_no: string;
  readonly reason?: string;
  readonly notify_url?: string;
  readonly amount: { readonly refund: number; readonly total: number; readonly currency: string };
  readonly [field: string]: unknown;
}

export interface Refund {
  readonly refund_id: string;
  readonly out_refund_no: string;
  readonly transaction_id: string;
  readonly out_trade_no: string;
  readonly channel?: string;
  readonly user_received_account?: string;
  readonly success_time?: string;
  readonly create_time: string;
  readonly status: RefundStatus;
  readonly amount: {
    readonly total: number;
    readonly refund: number;
    readonly payer_total?: number;
    readonly payer_refund?: number;
    readonly currency: string;
  };
  readonly [field: string]: unknown;
}

/** The decrypted resource of a REFUND.* notification. */
export interface RefundResource {
  readonly mchid: string;
  readonly out_trade_no: string;
  readonly transaction_id: string;
  readonly out_refund_no: string;
  readonly refund_id: string;
  readonly refund_status: RefundStatus;
  readonly success_time?: string;
  readonly user_received_account?: string;
  readonly amount: {
    readonly total: number;
    readonly refund: number;
    readonly payer_total: number;
    readonly payer_refund: number;
  };
}

export type TransactionEvent = 'TRANSACTION.SUCCESS';
export type RefundEvent = 'REFUND.SUCCESS' | 'REFUND.ABNORMAL' | 'REFUND.CLOSED';

/** The encrypted envelope WeChat Pay POSTs to the notify URL. */
export interface NotificationEnvelope {
  readonly id: string;
  readonly create_time: string;
  readonly event_type: string;
  readonly resource_type: string;
  readonly summary: string;
  readonly resource: {
    readonly original_type?: string;
    readonly algorithm: string;
    readonly ciphertext: string;
    readonly associated_data?: string;
    readonly nonce: string;
  };
}

/** A decrypted notification, discriminated by `event_type`. */
export type PayNotification =
  | {
      readonly id: string;
      readonly create_time: string;
      readonly event_type: TransactionEvent;
      readonly summary: string;
      readonly resource: Transaction;
    }
  | {
      readonly id: string;
      readonly create_time: string;
      readonly event_type: RefundEvent;
      readonly summary: string;
      readonly resource: RefundResource;
    }
  | {
      readonly id: string;
      readonly create_time: string;
      readonly event_type: string;
      readonly summary: string;
      readonly resource: Record<string, unknown>;
    };

/** Headers and the exact body bytes of a signed WeChat Pay message (response or notification). */
export interface SignedPayMessage {
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly rawBody: string | Buffer;
}
