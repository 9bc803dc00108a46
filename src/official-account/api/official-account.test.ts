import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWeChatApiError } from '../../kernel/errors/index.js';
import { startEmulatedApi, type EmulatedApi } from './emulated-api.test-helper.js';
import { createOfficialAccount, type OfficialAccount } from './official-account.js';

let env: EmulatedApi;
let oa: OfficialAccount;
beforeAll(async () => {
  env = await startEmulatedApi('wx0000000000libapi1');
  oa = createOfficialAccount({ api: env.api });
  env.h.world.users.follow(env.appid, 'oRaw');
});
afterAll(() => env.close());

describe('createOfficialAccount', () => {
  it('groups the methods by WeChat path over one client', async () => {
    expect(Object.keys(oa).sort()).toEqual([
      'media',
      'menu',
      'message',
      'qrcode',
      'request',
      'tags',
      'template',
      'user',
    ]);
    expect(Object.keys(oa.user).sort()).toEqual(['get', 'info', 'list', 'listAll', 'tag']);
    expect((await oa.user.info('oRaw')).subscribe).toBe(1);
  });

  it('reaches unwrapped endpoints through request() with the same token handling', async () => {
    await oa.request('POST', '/cgi-bin/tags/create', { tag: { name: 'raw' } });
    expect(env.h.world.tags.list(env.appid)).toEqual([{ id: 100, name: 'raw', count: 0 }]);
    expect(await oa.request('GET', '/cgi-bin/tags/get')).toEqual({
      tags: [{ id: 100, name: 'raw', count: 0 }],
    });
  });

  it('passes query options through request() and throws the errcode of an unknown path (40066)', async () => {
    const info = await oa.request<{ remark: string }>('GET', '/cgi-bin/user/info', undefined, {
      query: { openid: 'oRaw' },
    });
    expect(info.remark).toBe('');
    await oa.request('POST', '/cgi-bin/user/info/updateremark', { openid: 'oRaw', remark: 'raw' });
    expect(env.h.world.users.user(env.appid, 'oRaw')?.remark).toBe('raw');
    const error = await oa.request('GET', '/cgi-bin/no/such/api').catch((e: unknown) => e);
    expect(isWeChatApiError(error, 40066)).toBe(true);
  });
});
