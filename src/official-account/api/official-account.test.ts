import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatedApi, type EmulatedApi } from './emulated-api.test-helper.js';
import { createOfficialAccount } from './official-account.js';

let env: EmulatedApi;
beforeAll(async () => {
  env = await startEmulatedApi('wx0000000000libapi1');
});
afterAll(() => env.close());

describe('createOfficialAccount', () => {
  it('reaches unwrapped endpoints through request() with the same token handling', async () => {
    const oa = createOfficialAccount({ api: env.api });
    await oa.request('POST', '/cgi-bin/tags/create', { tag: { name: 'raw' } });
    expect(env.h.world.tags.list(env.appid)).toEqual([{ id: 100, name: 'raw', count: 0 }]);
    expect(await oa.request('GET', '/cgi-bin/tags/get')).toEqual({
      tags: [{ id: 100, name: 'raw', count: 0 }],
    });
  });
});
