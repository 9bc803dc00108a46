import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSchemaStore } from '../../../test/helpers/postgres.js';
import { createSqliteStore } from '../../adapters/sqlite/store.js';
import { createFieldCipher } from '../../kernel/crypto/sm4-field.js';
import type { Store } from '../../kernel/ports/store.types.js';
import { createUserStore } from '../../mini-program/session/user-store.js';
import { createWebIdentities } from './web-identities.js';

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
      const pg = await createTestSchemaStore('wegate_oa_identities');
      return { store: pg.store, close: () => pg.cleanup() };
    },
  ],
];

describe.each(dialects)('Official Account web identities on %s', (_name, open) => {
  let opened: Opened;
  let store: Store;
  beforeAll(async () => {
    opened = await open();
    store = opened.store;
    await store.migrate();
  });
  afterAll(() => opened?.close());
  const web = () => createWebIdentities({ store });
  const miniProgramUsers = () =>
    createUserStore({
      store,
      cipher: createFieldCipher({ keys: { '1': '0123456789abcdeffedcba9876543210' } }),
    });

  it('links an OA openid to the Mini Program user holding the same unionid', async () => {
    const mp = await miniProgramUsers().upsertLogin({
      appid: 'wxmp',
      openid: 'mp-1',
      unionid: 'U1',
      sessionKey: SK,
    });
    const oa = await web().link({ appid: 'wxoa', openid: 'oa-1', unionid: 'U1', scope: 'snsapi_userinfo' });
    expect(oa.id).toBe(mp.id);
    expect(await web().userOf('wxoa', 'oa-1')).toBe(mp.id);
    const rows = await store.db
      .selectFrom('wegate_oa_identities')
      .selectAll()
      .where('openid', '=', 'oa-1')
      .execute();
    expect(rows).toMatchObject([{ appid: 'wxoa', user_id: mp.id, scope: 'snsapi_userinfo' }]);
  });

  it('keeps the same user for the same openid and creates one per unknown person', async () => {
    const first = await web().link({ appid: 'wxoa', openid: 'oa-2', scope: 'snsapi_base' });
    const again = await web().link({ appid: 'wxoa', openid: 'oa-2', scope: 'snsapi_base' });
    const other = await web().link({ appid: 'wxoa', openid: 'oa-3', scope: 'snsapi_base' });
    expect(again.id).toBe(first.id);
    expect(other.id).not.toBe(first.id);
    expect(first.unionid).toBeNull();
  });

  it('attaches a unionid learnt later, or moves the openid to the user who already holds it', async () => {
    const bare = await web().link({ appid: 'wxoa', openid: 'oa-4', scope: 'snsapi_base' });
    const withUnion = await web().link({
      appid: 'wxoa',
      openid: 'oa-4',
      unionid: 'U4',
      scope: 'snsapi_userinfo',
    });
    expect(withUnion).toMatchObject({ id: bare.id, unionid: 'U4' });
    const mp = await miniProgramUsers().upsertLogin({
      appid: 'wxmp',
      openid: 'mp-5',
      unionid: 'U5',
      sessionKey: SK,
    });
    await web().link({ appid: 'wxoa', openid: 'oa-5', scope: 'snsapi_base' });
    const moved = await web().link({
      appid: 'wxoa',
      openid: 'oa-5',
      unionid: 'U5',
      scope: 'snsapi_userinfo',
    });
    expect(moved.id).toBe(mp.id);
    expect(await web().userOf('wxoa', 'oa-5')).toBe(mp.id);
  });
});
