/** @module createUserStore: Mini Program users, their openid per app and the encrypted session_key. */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { FieldCipher } from '../../kernel/crypto/sm4-field.js';
import type { Database, Store } from '../../kernel/ports/store.types.js';
import type { UserState } from './session-tables.js';

export interface LoginIdentity {
  readonly appid: string;
  readonly openid: string;
  readonly unionid?: string;
  /** base64 session_key from code2Session; stored encrypted only. */
  readonly sessionKey: string;
}

export interface UserRecord {
  readonly id: string;
  readonly unionid: string | null;
  readonly state: UserState;
  readonly createdAt: number;
}

export interface UserStore {
  /** Finds or creates the user of (appid, openid) — a known unionid links to its user — and stores the session_key. */
  upsertLogin(identity: LoginIdentity): Promise<UserRecord>;
  getUser(id: string): Promise<UserRecord | undefined>;
  /** The decrypted session_key of the latest login of (appid, openid). */
  sessionKey(appid: string, openid: string): Promise<string | undefined>;
  setState(id: string, state: UserState): Promise<void>;
}

export interface UserStoreDeps {
  readonly store: Store;
  readonly cipher: FieldCipher;
  readonly now?: () => number;
}

type Db = Kysely<Database>;

export const toRecord = (row: {
  id: string;
  unionid: string | null;
  state: string;
  created_at: number;
}): UserRecord => ({
  id: row.id,
  unionid: row.unionid,
  state: row.state as UserState,
  createdAt: Number(row.created_at),
});

export async function userById(db: Db, id: string) {
  return db.selectFrom('wegate_users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The user a new openid belongs to: the holder of its unionid, or a new one. */
export async function userForNewIdentity(db: Db, unionid: string | undefined, now: number): Promise<string> {
  if (unionid !== undefined) {
    const linked = await db
      .selectFrom('wegate_users')
      .select('id')
      .where('unionid', '=', unionid)
      .executeTakeFirst();
    if (linked) return linked.id;
  }
  const id = randomUUID();
  await db
    .insertInto('wegate_users')
    .values({ id, created_at: now, unionid: unionid ?? null, state: 'active' })
    .execute();
  return id;
}

/** A unionid learnt later (the app was bound to an Open Platform account since) is attached when free. */
export async function attachUnionid(db: Db, userId: string, unionid: string | undefined): Promise<void> {
  if (unionid === undefined) return;
  const holder = await db
    .selectFrom('wegate_users')
    .select('id')
    .where('unionid', '=', unionid)
    .executeTakeFirst();
  if (holder) return;
  await db
    .updateTable('wegate_users')
    .set({ unionid })
    .where('id', '=', userId)
    .where('unionid', 'is', null)
    .execute();
}

async function upsertIn(db: Db, cipher: FieldCipher, identity: LoginIdentity, now: number): Promise<string> {
  const enc = cipher.encrypt(identity.sessionKey);
  const version = Number(cipher.currentVersion);
  const known = await db
    .selectFrom('wegate_user_identities')
    .select('user_id')
    .where('appid', '=', identity.appid)
    .where('openid', '=', identity.openid)
    .executeTakeFirst();
  if (known) {
    await db
      .updateTable('wegate_user_identities')
      .set({ session_key_enc: enc, session_key_version: version, updated_at: now })
      .where('appid', '=', identity.appid)
      .where('openid', '=', identity.openid)
      .execute();
    await attachUnionid(db, known.user_id, identity.unionid);
    return known.user_id;
  }
  const userId = await userForNewIdentity(db, identity.unionid, now);
  await db
    .insertInto('wegate_user_identities')
    .values({
      appid: identity.appid,
      openid: identity.openid,
      user_id: userId,
      session_key_enc: enc,
      session_key_version: version,
      updated_at: now,
    })
    .execute();
  return userId;
}

export function createUserStore(deps: UserStoreDeps): UserStore {
  const { db } = deps.store;
  const now = deps.now ?? Date.now;
  const upsertOnce = () => (identity: LoginIdentity) =>
    db.transaction().execute((trx) => upsertIn(trx, deps.cipher, identity, now()));
  return {
    async upsertLogin(identity) {
      let userId: string;
      try {
        userId = await upsertOnce()(identity);
      } catch {
        // Two first logins of one person at once: the loser hits a unique constraint; the retry finds the row.
        userId = await upsertOnce()(identity);
      }
      return toRecord((await userById(db, userId))!);
    },
    async getUser(id) {
      const row = await userById(db, id);
      return row ? toRecord(row) : undefined;
    },
    async sessionKey(appid, openid) {
      const row = await db
        .selectFrom('wegate_user_identities')
        .select('session_key_enc')
        .where('appid', '=', appid)
        .where('openid', '=', openid)
        .executeTakeFirst();
      return row ? deps.cipher.decrypt(row.session_key_enc) : undefined;
    },
    async setState(id, state) {
      await db.updateTable('wegate_users').set({ state }).where('id', '=', id).execute();
    },
  };
}
