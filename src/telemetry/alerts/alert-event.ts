/** What the alert service counts: a WeChat errcode seen on a call, or a failure event a product reports. */

/** Failure events wegate reports; a plugin may report its own names too. */
export const AlertEventName = {
  /** A WeChat API answer carrying a non-zero errcode (one per HTTP exchange, replays included). */
  Errcode: 'wechat.errcode',
  /** WeChat Pay answered an error (its code in `errcode`, e.g. `SIGN_ERROR` for our signature). */
  PayApiError: 'pay.api_error',
  /** A pay notification failed signature verification (forged, stale, or an unknown certificate). */
  PayNotifyUnverified: 'pay.notify_unverified',
  /** An outbox message went to the dead-letter list. */
  OutboxDeadLetter: 'outbox.dead_letter',
  /** An order whose compensation could not finish, parked for an operator. */
  ShopOrderParked: 'shop.order_parked',
} as const;

export interface AlertEvent {
  /** An AlertEventName value or a plugin's own dotted name. */
  readonly event: string;
  /** The WeChat app name (`oa`, `mp`…), `pay`, or a plugin's own scope. */
  readonly app: string;
  /** The WeChat path or the part that failed (`/cgi-bin/message/custom/send`, `/pay/notify`). */
  readonly api?: string;
  /** WeChat's errcode, or WeChat Pay's code (`SIGN_ERROR`). */
  readonly errcode?: number | string;
}

/** Where products and plugins report failures; reporting never throws and never waits. */
export interface AlertObserver {
  observe(event: AlertEvent): void;
}
