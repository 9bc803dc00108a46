/** @module createPhoneBook: phone numbers encrypted at rest, masked on the way out, every clear read audited. */
import type { FieldCipher } from '../../kernel/crypto/sm4-field.js';
import type { Store } from '../../kernel/ports/store.types.js';
import { writeAudit } from './audit-log.js';

export interface PhoneWrite {
  readonly userId: string;
  /** Without the country code (WeChat's `purePhoneNumber`). */
  readonly purePhoneNumber: string;
  readonly countryCode: string;
  readonly actor: string;
  readonly ip?: string;
}

export interface ClearPhone {
  readonly purePhoneNumber: string;
  readonly countryCode: string;
}

export interface PhoneBook {
  /** Stores (replacing) the user's number and audits the write; returns the masked number. */
  save(write: PhoneWrite): Promise<string>;
  /** `138****0000`, or undefined when the user has none; nothing clear leaves this function. */
  masked(userId: string): Promise<string | undefined>;
  /** The clear number, for an explicit reason; writes an audit row whatever the outcome. */
  readPhoneNumber(userId: string, actor: string, ip?: string): Promise<ClearPhone | undefined>;
}

/** Keeps the first 3 and last 4 digits: `13800001234` → `138****1234`. */
export function maskPhone(phone: string): string {
  if (phone.length <= 7) return `${phone.slice(0, 1)}****${phone.slice(-1)}`;
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

async function savePhone(
  db: Store['db'],
  cipher: FieldCipher,
  write: PhoneWrite,
  at: number,
): Promise<string> {
  const row = {
    phone_enc: cipher.encrypt(write.purePhoneNumber),
    key_version: Number(cipher.currentVersion),
    country_code: write.countryCode,
    updated_at: at,
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('wegate_phone_numbers')
      .values({ user_id: write.userId, ...row })
      .onConflict((oc) => oc.column('user_id').doUpdateSet(row))
      .execute();
    const audit = { actor: write.actor, action: 'phone.write', subject: write.userId, result: 'ok' };
    await writeAudit(trx, { ...audit, ...ipOf(write.ip) }, at);
  });
  return maskPhone(write.purePhoneNumber);
}

export function createPhoneBook(deps: { store: Store; cipher: FieldCipher; now?: () => number }): PhoneBook {
  const { db } = deps.store;
  const now = deps.now ?? Date.now;
  const load = (userId: string) =>
    db.selectFrom('wegate_phone_numbers').selectAll().where('user_id', '=', userId).executeTakeFirst();
  return {
    save: (write) => savePhone(deps.store.db, deps.cipher, write, now()),
    async masked(userId) {
      const row = await load(userId);
      return row ? maskPhone(deps.cipher.decrypt(row.phone_enc)) : undefined;
    },
    async readPhoneNumber(userId, actor, ip) {
      const audit = (result: string) =>
        writeAudit(db, { actor, action: 'phone.read', subject: userId, ...ipOf(ip), result }, now());
      try {
        const row = await load(userId);
        if (!row) {
          await audit('not_found');
          return undefined;
        }
        const clear = { purePhoneNumber: deps.cipher.decrypt(row.phone_enc), countryCode: row.country_code };
        await audit('ok');
        return clear;
      } catch (error) {
        await audit('error');
        throw error;
      }
    },
  };
}

const ipOf = (ip: string | undefined) => (ip === undefined ? {} : { ip });
