import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWeChatApiError } from '../../kernel/errors/index.js';
import { startEmulatedApi, type EmulatedApi } from './emulated-api.test-helper.js';
import { createMenu } from './menu.js';

let env: EmulatedApi;
beforeAll(async () => {
  env = await startEmulatedApi('wx0000000libmenu01');
  env.h.world.users.follow(env.appid, 'oFan');
});
afterAll(() => env.close());

const MENU = { button: [{ type: 'click' as const, name: '歌曲', key: 'SONG' }] };

describe('officialAccount.menu against the emulator', () => {
  it('creates, reads, matches and deletes the default and conditional menus', async () => {
    const menu = createMenu({ api: env.api });
    await menu.create(MENU);
    expect((await menu.get()).menu.button).toEqual([
      { type: 'click', name: '歌曲', key: 'SONG', sub_button: [] },
    ]);
    const { menuid } = await menu.addConditional({
      button: [{ type: 'view', name: 'iOS', url: 'https://example.com/ios' }],
      matchrule: { client_platform_type: '1' },
    });
    expect(env.h.world.menus.get(env.appid)?.conditional.map((m) => String(m.menuid))).toEqual([menuid]);
    expect((await menu.tryMatch({ user_id: 'oFan' })).button[0]?.key).toBe('SONG');
    await menu.delConditional({ menuid });
    expect(env.h.world.menus.get(env.appid)?.conditional).toEqual([]);
    await menu.delete();
    expect(env.h.world.menus.get(env.appid)).toBeUndefined();
  });

  it('throws WeChat’s errcode: 40016 for four buttons, 46003 with no menu, 65303 without a default', async () => {
    const menu = createMenu({ api: env.api });
    const four = { button: Array.from({ length: 4 }, (_, i) => ({ ...MENU.button[0]!, name: `b${i}` })) };
    expect(isWeChatApiError(await menu.create(four).catch((e: unknown) => e), 40016)).toBe(true);
    expect(isWeChatApiError(await menu.get().catch((e: unknown) => e), 46003)).toBe(true);
    const conditional = { ...MENU, matchrule: { tag_id: '100' } };
    expect(isWeChatApiError(await menu.addConditional(conditional).catch((e: unknown) => e), 65303)).toBe(
      true,
    );
  });
});
