import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWeChatApiError } from '../../kernel/errors/index.js';
import { startEmulatedApi, type EmulatedApi } from './emulated-api.test-helper.js';
import { createTags, createUserTag } from './tags.js';

let env: EmulatedApi;
const FANS = ['oTagA', 'oTagB'];
beforeAll(async () => {
  env = await startEmulatedApi('wx00000000libtag01');
  for (const openid of FANS) env.h.world.users.follow(env.appid, openid);
});
afterAll(() => env.close());

describe('officialAccount.tags against the emulator', () => {
  it('creates, tags, lists, renames, untags and deletes', async () => {
    const tags = createTags({ api: env.api });
    const { tag } = await tags.create({ tag: { name: '广东' } });
    await tags.members.batchTagging({ openid_list: FANS, tagid: tag.id });
    expect(env.h.world.tags.members(env.appid, tag.id)).toEqual(FANS);
    expect(await tags.get()).toEqual({ tags: [{ id: tag.id, name: '广东', count: 2 }] });
    expect(await tags.getIdList({ openid: 'oTagA' })).toEqual({ tagid_list: [tag.id] });
    const page = await createUserTag({ api: env.api }).get({ tagid: tag.id });
    expect(page).toEqual({ count: 2, data: { openid: FANS }, next_openid: 'oTagB' });
    await tags.update({ tag: { id: tag.id, name: '广东人' } });
    await tags.members.batchUntagging({ openid_list: ['oTagA'], tagid: tag.id });
    expect(env.h.world.tags.list(env.appid)).toEqual([{ id: tag.id, name: '广东人', count: 1 }]);
    await tags.delete({ tag: { id: tag.id } });
    expect(env.h.world.tags.list(env.appid)).toEqual([]);
  });

  it('throws 45157 for a duplicate name and 40003 for tagging a stranger', async () => {
    const tags = createTags({ api: env.api });
    const { tag } = await tags.create({ tag: { name: 'dup' } });
    expect(
      isWeChatApiError(await tags.create({ tag: { name: 'dup' } }).catch((e: unknown) => e), 45157),
    ).toBe(true);
    const stranger = await tags.members
      .batchTagging({ openid_list: ['oNobody'], tagid: tag.id })
      .catch((e: unknown) => e);
    expect(isWeChatApiError(stranger, 40003)).toBe(true);
    expect(env.h.world.tags.members(env.appid, tag.id)).toEqual([]);
  });
});
