/** @module createPhoneBook: phone numbers encrypted at rest, masked on the way out, every write and clear read audited. */
import { createAudit, type AuditLog } from '../../audit/index.js';
import type { FieldCipher } from '../../kernel/crypto/sm4-field.js';
import type { Store } from '../../kernel/ports/store.types.js';

export interface PhoneWrite {
  readonly userId: string;
  /** Without the country code (WeChat's `purePhoneNumber`). */
  readonly purePhoneNumber: string;
  readonly countryCode: string;
  readonly actor: string;
  readonly ip?: string;
  readonly userAgent?: string;
  /** The request id, for the audit record. */
  readonly traceId?: string;
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
  deps: { cipher: FieldCipher; audit: AuditLog },
  write: PhoneWrite,
  at: number,
): Promise<string> {
  const { cipher } = deps;
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
    // In the write's own transaction: a stored number never lacks its record.
    const { userId, purePhoneNumber: _number, countryCode: _code, ...who } = write;
    await deps.audit.recordInTransaction(trx, {
      ...who,
      action: 'phone.write',
      target: `user:${userId}`,
      result: 'ok',
      at,
    });
  });
  return maskPhone(write.purePhoneNumber);
}

export interface PhoneBookDeps {
  readonly store: Store;
  readonly cipher: FieldCipher;
  /** Where writes and clear reads are recorded; default: the audit log in `store`, written at once. */
  readonly audit?: AuditLog;
  readonly now?: () => number;
}

export function createPhoneBook(deps: PhoneBookDeps): PhoneBook {
  const { db } = deps.store;
  const now = deps.now ?? Date.now;
  const log = deps.audit ?? createAudit({ store: deps.store, now });
  const load = (userId: string) =>
    db.selectFrom('wegate_phone_numbers').selectAll().where('user_id', '=', userId).executeTakeFirst();
  return {
    save: (write) => savePhone(deps.store.db, { cipher: deps.cipher, audit: log }, write, now()),
    async masked(userId) {
      const row = await load(userId);
      return row ? maskPhone(deps.cipher.decrypt(row.phone_enc)) : undefined;
    },
    async readPhoneNumber(userId, actor, ip) {
      const audit = (result: string) =>
        log.record({ actor, action: 'phone.read', target: `user:${userId}`, ...ipOf(ip), result, at: now() });
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
