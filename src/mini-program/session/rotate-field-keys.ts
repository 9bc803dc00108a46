/** @module rotateFieldKeys: re-encrypt session keys and phone numbers under the current field key version. */
import type { FieldCipher } from '../../kernel/crypto/sm4-field.js';
import type { Store } from '../../kernel/ports/store.types.js';

export interface RotationCounts {
  readonly sessionKeys: number;
  readonly phoneNumbers: number;
}

export interface RotateOptions {
  /** Rows per transaction; default 200. */
  readonly batchSize?: number;
}

type Db = Store['db'];

async function rotateSessionKeys(
  db: Db,
  cipher: FieldCipher,
  current: number,
  limit: number,
): Promise<number> {
  let count = 0;
  for (;;) {
    const rows = await db
      .selectFrom('wegate_user_identities')
      .select(['appid', 'openid', 'session_key_enc'])
      .where('session_key_version', '<>', current)
      .orderBy('appid')
      .orderBy('openid')
      .limit(limit)
      .execute();
    if (rows.length === 0) return count;
    await db.transaction().execute(async (trx) => {
      for (const row of rows) {
        const enc = cipher.encrypt(cipher.decrypt(row.session_key_enc));
        const result = await trx
          .updateTable('wegate_user_identities')
          .set({ session_key_enc: enc, session_key_version: current })
          .where('appid', '=', row.appid)
          .where('openid', '=', row.openid)
          .where('session_key_enc', '=', row.session_key_enc)
          .executeTakeFirst();
        count += Number(result.numUpdatedRows);
      }
    });
  }
}

async function rotatePhones(db: Db, cipher: FieldCipher, current: number, limit: number): Promise<number> {
  let count = 0;
  for (;;) {
    const rows = await db
      .selectFrom('wegate_phone_numbers')
      .select(['user_id', 'phone_enc'])
      .where('key_version', '<>', current)
      .orderBy('user_id')
      .limit(limit)
      .execute();
    if (rows.length === 0) return count;
    await db.transaction().execute(async (trx) => {
      for (const row of rows) {
        const result = await trx
          .updateTable('wegate_phone_numbers')
          .set({ phone_enc: cipher.encrypt(cipher.decrypt(row.phone_enc)), key_version: current })
          .where('user_id', '=', row.user_id)
          .where('phone_enc', '=', row.phone_enc)
          .executeTakeFirst();
        count += Number(result.numUpdatedRows);
      }
    });
  }
}

/**
 * Idempotent and safe while servers run: each row is rewritten only if it still holds the ciphertext that
 * was read (a concurrent login wins), and readers decrypt any version they have a key for.
 */
export async function rotateFieldKeys(
  store: Store,
  cipher: FieldCipher,
  options: RotateOptions = {},
): Promise<RotationCounts> {
  const current = Number(cipher.currentVersion);
  const limit = options.batchSize ?? 200;
  const sessionKeys = await rotateSessionKeys(store.db, cipher, current, limit);
  const phoneNumbers = await rotatePhones(store.db, cipher, current, limit);
  return { sessionKeys, phoneNumbers };
}
