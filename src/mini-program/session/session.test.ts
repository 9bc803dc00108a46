import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchemaStore, type TestSchemaStore } from '../../../test/helpers/postgres.js';
import { createAudit } from '../../audit/index.js';
import { createSqliteStore } from '../../adapters/sqlite/store.js';
import { createFieldCipher } from '../../kernel/crypto/sm4-field.js';
import type { Store } from '../../kernel/ports/store.types.js';
import { createPhoneBook } from './phone-book.js';
import { rotateFieldKeys } from './rotate-field-keys.js';
import { REFRESH_GRACE_MS } from './refresh-tokens.js';
import { createSessionService } from './session-service.js';
import { createUserStore } from './user-store.js';

const V1 = { '1': '0123456789abcdeffedcba9876543210' };
const V2 = { ...V1, '2': 'fedcba98765432100123456789abcdef' };
const SK = 'c2Vzc2lvbmtleTEyMzQ1Ng==';

type Opened = { store: Store; close(): Promise<void> };
const dialects: Array<[string, () => Promise<Opened>]> = [
  [
    'SQLite',
    async () => {
      const store = createSqliteStore({ file: ':memory:' });
      return { store, close: () => store.close() };
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const pg: TestSchemaStore = await createTestSchemaStore('wegate_users');
      return { store: pg.store, close: () => pg.cleanup() };
    },
  ],
];

describe.each(dialects)('Mini Program users and sessions on %s', (_name, open) => {
  let opened: Opened;
  let store: Store;
  const cipher = createFieldCipher({ keys: V1 });
  const users = () => createUserStore({ store, cipher });
  const sessions = (cacheMs = 0) =>
    createSessionService(
      { jwtSecret: 'test-secret-0123456789', revocationCacheMs: cacheMs },
      { store, users: users() },
    );

  beforeAll(async () => {
    opened = await open();
    store = opened.store;
    await store.migrate();
  });
  afterAll(() => opened?.close());

  it('maps the same openid to one user and a second app with the same unionid to the same user', async () => {
    const a = await users().upsertLogin({ appid: 'wxA', openid: 'oA1', unionid: 'U1', sessionKey: SK });
    const again = await users().upsertLogin({ appid: 'wxA', openid: 'oA1', unionid: 'U1', sessionKey: SK });
    const b = await users().upsertLogin({ appid: 'wxB', openid: 'oB1', unionid: 'U1', sessionKey: SK });
    const other = await users().upsertLogin({ appid: 'wxA', openid: 'oA2', sessionKey: SK });
    expect(again.id).toBe(a.id);
    expect(b.id).toBe(a.id);
    expect(other.id).not.toBe(a.id);
    expect(
      await store.db.selectFrom('wegate_users').select('id').where('unionid', '=', 'U1').execute(),
    ).toHaveLength(1);
  });

  it('stores the session_key encrypted only and decrypts it back', async () => {
    await users().upsertLogin({ appid: 'wxA', openid: 'oSK', sessionKey: SK });
    const row = await store.db
      .selectFrom('wegate_user_identities')
      .selectAll()
      .where('openid', '=', 'oSK')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(SK);
    expect(row.session_key_enc).toMatch(/^v1:/);
    expect(await users().sessionKey('wxA', 'oSK')).toBe(SK);
  });

  it('rotates refresh tokens, revokes the family on reuse after the grace window and stores only hashes', async () => {
    const user = await users().upsertLogin({ appid: 'wxA', openid: 'oR', sessionKey: SK });
    let clock = Date.now();
    const svc = createSessionService(
      { jwtSecret: 'test-secret-0123456789', revocationCacheMs: 0 },
      { store, users: users(), now: () => clock },
    );
    const first = await svc.issue({ userId: user.id, appid: 'wxA', openid: 'oR' });
    const second = await svc.refresh(first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await svc.verify(second.token)).id).toBe(user.id);
    const rows = await store.db
      .selectFrom('wegate_refresh_tokens')
      .selectAll()
      .where('user_id', '=', user.id)
      .execute();
    expect(JSON.stringify(rows)).not.toContain(first.refreshToken);
    expect(JSON.stringify(rows)).not.toContain(second.refreshToken);
    clock += REFRESH_GRACE_MS;
    await expect(svc.refresh(first.refreshToken)).rejects.toMatchObject({ problem: 'TokenRevoked' });
    await expect(svc.refresh(second.refreshToken)).rejects.toMatchObject({ problem: 'TokenRevoked' });
    await expect(svc.verify(second.token)).rejects.toMatchObject({ problem: 'TokenRevoked' });
  });

  it('gives every refresh racing with one token inside the grace window the same new pair', async () => {
    const user = await users().upsertLogin({ appid: 'wxA', openid: 'oG', sessionKey: SK });
    let clock = Date.now();
    const svc = createSessionService(
      { jwtSecret: 'test-secret-0123456789', revocationCacheMs: 0 },
      { store, users: users(), now: () => clock },
    );
    const first = await svc.issue({ userId: user.id, appid: 'wxA', openid: 'oG' });
    const racers = await Promise.all(Array.from({ length: 5 }, () => svc.refresh(first.refreshToken)));
    expect(new Set(racers.map((r) => `${r.token} ${r.refreshToken}`)).size).toBe(1);
    clock += REFRESH_GRACE_MS - 1;
    const late = await svc.refresh(first.refreshToken);
    expect([late.token, late.refreshToken]).toEqual([racers[0]!.token, racers[0]!.refreshToken]);
    expect((await svc.verify(late.token)).id).toBe(user.id);
    const next = await svc.refresh(late.refreshToken);
    expect(next.refreshToken).not.toBe(late.refreshToken);
    expect((await svc.verify(next.token)).id).toBe(user.id);
    expect(
      await store.db
        .selectFrom('wegate_refresh_tokens')
        .select('id')
        .where('user_id', '=', user.id)
        .execute(),
    ).toHaveLength(3);
  });

  it('refuses a racer the new pair once the family was revoked, even inside the grace window', async () => {
    const user = await users().upsertLogin({ appid: 'wxA', openid: 'oL', sessionKey: SK });
    const svc = sessions();
    const first = await svc.issue({ userId: user.id, appid: 'wxA', openid: 'oL' });
    const won = await svc.refresh(first.refreshToken);
    await svc.logout((await svc.verify(won.token)).sid);
    await expect(svc.refresh(first.refreshToken)).rejects.toMatchObject({ problem: 'TokenRevoked' });
  });

  it('rejects the access token of a disabled user at once, even with the validity cache on', async () => {
    const user = await users().upsertLogin({ appid: 'wxA', openid: 'oD', sessionKey: SK });
    const svc = sessions(0);
    const issued = await svc.issue({ userId: user.id, appid: 'wxA', openid: 'oD' });
    await svc.verify(issued.token);
    await users().setState(user.id, 'disabled');
    await expect(svc.verify(issued.token)).rejects.toMatchObject({ problem: 'TokenRevoked' });
    await expect(svc.refresh(issued.refreshToken)).rejects.toMatchObject({ problem: 'TokenRevoked' });
  });

  it('expires an access token after 15 minutes even once it was verified and remembered', async () => {
    const user = await users().upsertLogin({ appid: 'wxA', openid: 'oE', sessionKey: SK });
    let clock = Date.now();
    const svc = createSessionService(
      { jwtSecret: 'test-secret-0123456789', revocationCacheMs: 60_000 },
      { store, users: users(), now: () => clock },
    );
    const issued = await svc.issue({ userId: user.id, appid: 'wxA', openid: 'oE' });
    expect((await svc.verify(issued.token)).openid).toBe('oE');
    clock += 899_000;
    expect((await svc.verify(issued.token)).id).toBe(user.id);
    clock += 2_000;
    await expect(svc.verify(issued.token)).rejects.toMatchObject({ problem: 'TokenExpired' });
    // Replace the signature's last two characters with a pair that always differs from them.
    const tail = issued.token.slice(-2);
    const tampered = `${issued.token.slice(0, -2)}${tail === 'AA' ? 'QQ' : 'AA'}`;
    expect(tampered).not.toBe(issued.token);
    await expect(svc.verify(tampered)).rejects.toMatchObject({ problem: 'TokenInvalid' });
  });

  it('keeps phone numbers encrypted, masks them and audits every write and clear read', async () => {
    const user = await users().upsertLogin({ appid: 'wxA', openid: 'oP', sessionKey: SK });
    const phones = createPhoneBook({ store, cipher });
    const masked = await phones.save({
      userId: user.id,
      purePhoneNumber: '13800001234',
      countryCode: '86',
      actor: `user:${user.id}`,
      ip: '10.0.0.1',
    });
    expect(masked).toBe('138****1234');
    const raw = await store.db.selectFrom('wegate_phone_numbers').selectAll().execute();
    expect(JSON.stringify(raw)).not.toContain('00001234');
    expect(await phones.readPhoneNumber(user.id, 'admin:ops', '10.0.0.2')).toEqual({
      purePhoneNumber: '13800001234',
      countryCode: '86',
    });
    await createAudit({ store }).seal();
    const audit = await store.db
      .selectFrom('wegate_audit_records')
      .selectAll()
      .where('target', '=', `user:${user.id}`)
      .orderBy('at')
      .execute();
    expect(audit.map((a) => [a.action, a.actor, a.ip, a.result])).toEqual([
      ['phone.write', `user:${user.id}`, '10.0.0.1', 'ok'],
      ['phone.read', 'admin:ops', '10.0.0.2', 'ok'],
    ]);
    expect(JSON.stringify(audit)).not.toContain('00001234');
  });

  it('re-encrypts v1 rows under v2 idempotently; old and new rows decrypt', async () => {
    const user = await users().upsertLogin({ appid: 'wxA', openid: 'oK', sessionKey: SK });
    await createPhoneBook({ store, cipher }).save({
      userId: user.id,
      purePhoneNumber: '13900005678',
      countryCode: '86',
      actor: 'test',
    });
    const v2 = createFieldCipher({ keys: V2 });
    const first = await rotateFieldKeys(store, v2, { batchSize: 2 });
    expect(first.sessionKeys).toBeGreaterThanOrEqual(1);
    expect(first.phoneNumbers).toBeGreaterThanOrEqual(1);
    expect(await rotateFieldKeys(store, v2)).toEqual({ sessionKeys: 0, phoneNumbers: 0 });
    const versions = await store.db
      .selectFrom('wegate_user_identities')
      .select('session_key_version')
      .execute();
    expect(new Set(versions.map((v) => Number(v.session_key_version)))).toEqual(new Set([2]));
    expect(await createUserStore({ store, cipher: v2 }).sessionKey('wxA', 'oK')).toBe(SK);
    expect(await createPhoneBook({ store, cipher: v2 }).readPhoneNumber(user.id, 'test')).toMatchObject({
      purePhoneNumber: '13900005678',
    });
    await users().upsertLogin({ appid: 'wxA', openid: 'oK', sessionKey: SK });
    expect(await createUserStore({ store, cipher: v2 }).sessionKey('wxA', 'oK')).toBe(SK);
  });
});
