/** @module Row types of the outbox's tables (messages and subscribe choices), added to the store's Database. */

/**
 * One message of the outbox (customer-service, template or subscribe). `status`: queued | sent | failed
 * (retrying) | dead | skipped. `uncertain_attempts` counts calls whose outcome is unknown (network error,
 * HTTP 5xx, -1): WeChat may have delivered them, which bounds the duplicate window of custom sends.
 */
export interface OutboxTable {
  id: string;
  app: string;
  kind: string;
  touser: string;
  idempotency_key: string;
  payload: string;
  status: string;
  attempts: number;
  uncertain_attempts: number;
  last_errcode: number | null;
  last_error: string | null;
  client_msg_id: string | null;
  msgid: string | null;
  first_attempt_at: number | null;
  last_attempt_at: number | null;
  created_at: number;
  sent_at: number | null;
  updated_at: number;
}

/** The latest accept/reject of one subscribe-message template by one Mini Program user. */
export interface SubscribeChoicesTable {
  app: string;
  openid: string;
  template_id: string;
  /** accept | reject | ban (WeChat's SubscribeStatusString) */
  status: string;
  updated_at: number;
}

declare module '../kernel/ports/store.types.js' {
  interface Database {
    wegate_outbox: OutboxTable;
    wegate_subscribe_choices: SubscribeChoicesTable;
  }
}
