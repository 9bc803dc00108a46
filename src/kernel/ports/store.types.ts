import type { Kysely } from 'kysely';
import type { AuditHeadTable, AuditLogTable, AuditRecordsTable } from './audit-tables.types.js';
import type { PayNotificationsTable, PayOrdersTable, PayRefundsTable } from './pay-tables.types.js';

export type * from './audit-tables.types.js';
export type * from './pay-tables.types.js';

/** Row types of wegate's tables; each migration that adds a table adds its row type here. */
export interface JobsTable {
  id: string;
  queue: string;
  idempotency_key: string | null;
  data: string;
  state: string;
  attempt: number;
  max_attempts: number;
  backoff: string | null;
  run_at: number;
  lease_until: number | null;
  last_error: string | null;
  /** The W3C trace context the job was queued under (JSON), null when nothing was traced. */
  trace_context: string | null;
  created_at: number;
  updated_at: number;
}

export type UserState = 'active' | 'disabled';

export interface UsersTable {
  id: string;
  created_at: number;
  unionid: string | null;
  state: UserState;
}

/** One openid of one app, linked to a user; session_key encrypted with the field cipher. */
export interface UserIdentitiesTable {
  appid: string;
  openid: string;
  user_id: string;
  session_key_enc: string;
  session_key_version: number;
  updated_at: number;
}

/** Official Account openids linked to users by web authorization (no session_key: none exists there). */
export interface OaIdentitiesTable {
  appid: string;
  openid: string;
  user_id: string;
  /** The scope of the latest login: snsapi_base or snsapi_userinfo. */
  scope: string;
  created_at: number;
  updated_at: number;
}

/** Opaque refresh tokens, stored as sha256 hex only; one family per login, rotated on each refresh. */
export interface RefreshTokensTable {
  id: string;
  user_id: string;
  token_hash: string;
  family: string;
  appid: string;
  openid: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  replaced_by: string | null;
}

/** `phone_enc` is SM4 field ciphertext of the number without country code. */
export interface PhoneNumbersTable {
  user_id: string;
  phone_enc: string;
  key_version: number;
  country_code: string;
  updated_at: number;
}

/** A file uploaded through `POST /api/files`; `public` is 0/1, `file_id` the cloud storage id. */
export interface FilesTable {
  id: string;
  owner_id: string;
  file_id: string;
  name: string;
  size: number;
  content_type: string;
  public: number;
  created_at: number;
}

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

export interface Database {
  wegate_outbox: OutboxTable;
  wegate_subscribe_choices: SubscribeChoicesTable;
  wegate_files: FilesTable;
  wegate_jobs: JobsTable;
  wegate_users: UsersTable;
  wegate_user_identities: UserIdentitiesTable;
  wegate_oa_identities: OaIdentitiesTable;
  wegate_refresh_tokens: RefreshTokensTable;
  wegate_phone_numbers: PhoneNumbersTable;
  wegate_audit_log: AuditLogTable;
  wegate_audit_records: AuditRecordsTable;
  wegate_audit_head: AuditHeadTable;
  wegate_pay_orders: PayOrdersTable;
  wegate_pay_refunds: PayRefundsTable;
  wegate_pay_notifications: PayNotificationsTable;
}

export type StoreDialect = 'sqlite' | 'postgres';

/** The SQL store: Kysely over better-sqlite3 (embedded) or pg (PostgreSQL), one migration set. */
export interface Store {
  readonly dialect: StoreDialect;
  readonly db: Kysely<Database>;
  /** Apply every pending migration (idempotent, safe to call from several processes). */
  migrate(): Promise<void>;
  close(): Promise<void>;
}
