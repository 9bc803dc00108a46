/** @module createWebIdentities: Official Account openids from web authorization, linked to our users by unionid. */
import type { Kysely } from 'kysely';
import type { Database, Store } from '../../kernel/ports/store.types.js';
import {
  attachUnionid,
  toRecord,
  userById,
  userForNewIdentity,
  type UserRecord,
} from '../../mini-program/session/user-store.js';

export interface WebIdentity {
  readonly appid: string;
  readonly openid: string;
  /** Present for snsapi_userinfo logins of an account bound to an Open Platform account. */
  readonly unionid?: string;
  readonly scope: string;
}

export interface WebIdentities {
  /**
   * The user of (appid, openid), created on first sight. A unionid links to the user who already holds it
   * (the same person's Mini Program login), also for an openid first seen without one (snsapi_base).
   */
  link(identity: WebIdentity): Promise<UserRecord>;
  /** The user an Official Account openid is linked to. */
  userOf(appid: string, openid: string): Promise<string | undefined>;
}

type Db = Kysely<Database>;

async function holderOf(db: Db, unionid: string | undefined): Promise<string | undefined> {
  if (unionid === undefined) return undefined;
  const row = await db
    .selectFrom('wegate_users')
    .select('id')
    .where('unionid', '=', unionid)
    .executeTakeFirst();
  return row?.id;
}

async function linkIn(db: Db, identity: WebIdentity, now: number): Promise<string> {
  const { appid, openid, unionid, scope } = identity;
  const known = await db
    .selectFrom('wegate_oa_identities')
    .select('user_id')
    .where('appid', '=', appid)
    .where('openid', '=', openid)
    .executeTakeFirst();
  if (!known) {
    const userId = await userForNewIdentity(db, unionid, now);
    const row = { appid, openid, user_id: userId, scope, created_at: now, updated_at: now };
    await db.insertInto('wegate_oa_identities').values(row).execute();
    return userId;
  }
  // The unionid is the person: an openid met first without one moves to the user who holds it.
  const holder = await holderOf(db, unionid);
  const userId = holder ?? known.user_id;
  if (holder === undefined) await attachUnionid(db, userId, unionid);
  await db
    .updateTable('wegate_oa_identities')
    .set({ user_id: userId, scope, updated_at: now })
    .where('appid', '=', appid)
    .where('openid', '=', openid)
    .execute();
  return userId;
}

export function createWebIdentities(deps: { store: Store; now?: () => number }): WebIdentities {
  const { db } = deps.store;
  const now = deps.now ?? Date.now;
  const once = (identity: WebIdentity) => db.transaction().execute((trx) => linkIn(trx, identity, now()));
  return {
    async link(identity) {
      // Two first logins of one person at once: the loser hits a unique constraint; the retry finds the row.
      const userId = await once(identity).catch(() => once(identity));
      return toRecord((await userById(db, userId))!);
    },
    async userOf(appid, openid) {
      const row = await db
        .selectFrom('wegate_oa_identities')
        .select('user_id')
        .where('appid', '=', appid)
        .where('openid', '=', openid)
        .executeTakeFirst();
      return row?.user_id;
    },
  };
}
