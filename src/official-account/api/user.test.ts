import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWeChatApiError } from '../../kernel/errors/index.js';
import { startEmulatedApi, type EmulatedApi } from './emulated-api.test-helper.js';
import { createUser, type UserApi } from './user.js';

const OA = { appid: 'wxuserapi00000001' };
let e: EmulatedApi;
let user: UserApi;

beforeAll(async () => {
  e = await startEmulatedApi(OA.appid);
  user = createUser({ api: e.api });
});
afterAll(() => e.close());

const fail = (promise: Promise<unknown>) => promise.catch((error: unknown) => error);

describe('user API methods against the emulator', () => {
  it('info answers a follower with subscribe 1, its remark and a unionid; a former follower with subscribe 0', async () => {
    e.h.world.users.follow(OA.appid, 'oAlice');
    await user.info.updateremark({ openid: 'oAlice', remark: '老客户' });
    const alice = await user.info('oAlice', 'zh_CN');
    expect(alice).toMatchObject({ subscribe: 1, openid: 'oAlice', remark: '老客户', tagid_list: [] });
    expect(alice.unionid).toMatch(/^oU/);
    e.h.world.users.follow(OA.appid, 'oGone');
    e.h.world.users.unfollow(OA.appid, 'oGone');
    const gone = await user.info('oGone');
    expect(gone.subscribe).toBe(0);
    expect(gone.remark).toBeUndefined();
    expect(isWeChatApiError(await fail(user.info('oNobody')), 40003)).toBe(true);
  });

  it('info.batchget answers every user in order and refuses more than 100 with 40032', async () => {
    e.h.world.users.follow(OA.appid, 'oBob');
    const { user_info_list } = await user.info.batchget({
      user_list: [{ openid: 'oBob' }, { openid: 'oAlice', lang: 'en' }],
    });
    expect(user_info_list.map((u) => u.openid)).toEqual(['oBob', 'oAlice']);
    const tooMany = { user_list: Array.from({ length: 101 }, () => ({ openid: 'oBob' })) };
    expect(isWeChatApiError(await fail(user.info.batchget(tooMany)), 40032)).toBe(true);
  });

  it('info.updateremark refuses a remark over 30 characters and a non-follower', async () => {
    const long = fail(user.info.updateremark({ openid: 'oAlice', remark: 'x'.repeat(31) }));
    expect(isWeChatApiError(await long, 40097)).toBe(true);
    expect(e.h.world.users.user(OA.appid, 'oAlice')?.remark).toBe('老客户');
    const stranger = fail(user.info.updateremark({ openid: 'oGone', remark: 'x' }));
    expect(isWeChatApiError(await stranger, 40003)).toBe(true);
  });

  it('get pages followers in follow order and listAll walks every page', async () => {
    const page = await user.get();
    expect(page).toEqual({
      total: 2,
      count: 2,
      data: { openid: ['oAlice', 'oBob'] },
      next_openid: 'oBob',
    });
    expect(await user.list('oBob')).toEqual({ total: 2, count: 0, next_openid: '' });
    const all: string[] = [];
    for await (const openid of user.listAll()) all.push(openid);
    expect(all).toEqual(['oAlice', 'oBob']);
    expect(isWeChatApiError(await fail(user.get('oUnknown')), 40003)).toBe(true);
  });
});
