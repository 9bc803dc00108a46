/** @module Row types of the sessions' tables (users, their identities, refresh tokens, phone numbers), added to the store's Database. */

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

declare module '../../kernel/ports/store.types.js' {
  interface Database {
    wegate_users: UsersTable;
    wegate_user_identities: UserIdentitiesTable;
    wegate_refresh_tokens: RefreshTokensTable;
    wegate_phone_numbers: PhoneNumbersTable;
  }
}
