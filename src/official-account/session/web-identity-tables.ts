/** @module Row type of the web identities' table, added to the store's Database. */

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

declare module '../../kernel/ports/store.types.js' {
  interface Database {
    wegate_oa_identities: OaIdentitiesTable;
  }
}
