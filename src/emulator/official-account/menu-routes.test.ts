import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseXml } from '../../kernel/xml/index.js';
import { createEmulatorHarness, type EmulatorHarness } from '../create-emulator-harness.js';
import { MAX_CONDITIONAL_MENUS } from './menu-book.js';
import { startCallbackPeer, type CallbackPeer } from '../user/callback-peer.test-helper.js';

const OA = {
  appid: 'wx0000000000menu01',
  secret: 'menu-secret',
  type: 'official-account',
  name: 'oa',
  token: 'menutoken',
  msgMode: 'plain',
} as const;
const FAN = 'oMenuFan0000000000000000001';
const VIP = 'oMenuVip0000000000000000001';
const MENU = {
  button: [
    { type: 'click', name: '今日歌曲', key: 'V1001_TODAY_MUSIC' },
    { name: '菜单', sub_button: [{ type: 'view', name: '搜索', url: 'https://www.soso.com/' }] },
  ],
};
const VIP_MENU = { button: [{ type: 'click', name: 'VIP', key: 'VIP_ONLY' }] };

let peer: CallbackPeer;
let emu: EmulatorHarness;
let token: string;

const call = async (method: 'GET' | 'POST', path: string, body?: unknown) =>
  (method === 'GET'
    ? emu.get(path, { access_token: token })
    : emu.post(path, body, { access_token: token })
  ).then((r) => r.json);

beforeAll(async () => {
  peer = await startCallbackPeer({ token: OA.token, appid: OA.appid });
  emu = createEmulatorHarness({ apps: [OA], serverUrl: () => peer.url, pushTimeoutMs: 500 });
  token = await emu.classicToken(OA);
});
afterAll(async () => {
  await emu.close();
  await peer.close();
});
beforeEach(() => {
  emu.world.menus.reset();
  emu.world.tags.reset();
  emu.world.users.follow(OA.appid, FAN);
  emu.world.users.follow(OA.appid, VIP);
  peer.reset();
});

describe('custom menu routes', () => {
  it('answers 46003 before a menu exists, then the menu with sub_button arrays', async () => {
    expect((await call('GET', '/cgi-bin/menu/get'))['errcode']).toBe(46003);
    expect(await call('POST', '/cgi-bin/menu/create', MENU)).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(await call('GET', '/cgi-bin/menu/get')).toEqual({
      menu: {
        button: [
          { type: 'click', name: '今日歌曲', key: 'V1001_TODAY_MUSIC', sub_button: [] },
          {
            name: '菜单',
            sub_button: [{ type: 'view', name: '搜索', url: 'https://www.soso.com/', sub_button: [] }],
          },
        ],
      },
    });
  });

  it('refuses a conditional menu without a default one (65303) or without a rule (65304, 65320)', async () => {
    const withRule = { ...VIP_MENU, matchrule: { tag_id: '100' } };
    expect((await call('POST', '/cgi-bin/menu/addconditional', withRule))['errcode']).toBe(65303);
    await call('POST', '/cgi-bin/menu/create', MENU);
    expect((await call('POST', '/cgi-bin/menu/addconditional', VIP_MENU))['errcode']).toBe(65304);
    const privacy = { ...VIP_MENU, matchrule: { sex: '1' } };
    expect((await call('POST', '/cgi-bin/menu/addconditional', privacy))['errcode']).toBe(65320);
    expect(emu.world.menus.get(OA.appid)?.conditional).toEqual([]);
  });

  it('matches the conditional menu on the tag a follower got last, else the default one', async () => {
    await call('POST', '/cgi-bin/menu/create', MENU);
    const tag = emu.world.tags.create(OA.appid, 'vip') as { id: number };
    const other = emu.world.tags.create(OA.appid, 'other') as { id: number };
    const added = await call('POST', '/cgi-bin/menu/addconditional', {
      ...VIP_MENU,
      matchrule: { tag_id: tag.id },
    });
    expect(added['menuid']).toMatch(/^\d+$/);
    emu.world.tags.tag(OA.appid, tag.id, [VIP]);
    const vipSees = await call('POST', '/cgi-bin/menu/trymatch', { user_id: VIP });
    expect(vipSees).toEqual({ button: [{ type: 'click', name: 'VIP', key: 'VIP_ONLY', sub_button: [] }] });
    expect((await call('POST', '/cgi-bin/menu/trymatch', { user_id: FAN }))['button']).toHaveLength(2);
    emu.world.tags.tag(OA.appid, other.id, [VIP]);
    expect((await call('POST', '/cgi-bin/menu/trymatch', { user_id: VIP }))['button']).toHaveLength(2);
    expect((await call('POST', '/cgi-bin/menu/trymatch', { user_id: 'oStranger' }))['errcode']).toBe(65302);

    const listed = await call('GET', '/cgi-bin/menu/get');
    const conditional = listed['conditionalmenu'] as { menuid: number; matchrule: unknown }[];
    expect(conditional).toEqual([expect.objectContaining({ matchrule: { tag_id: String(tag.id) } })]);
    expect(String(conditional[0]?.menuid)).toBe(added['menuid']);
    expect((await call('POST', '/cgi-bin/menu/delconditional', { menuid: '1' }))['errcode']).toBe(65301);
    expect(await call('POST', '/cgi-bin/menu/delconditional', { menuid: added['menuid'] })).toMatchObject({
      errcode: 0,
    });
    expect(emu.world.menus.get(OA.appid)?.conditional).toEqual([]);
  });

  it(`refuses conditional menu number ${MAX_CONDITIONAL_MENUS + 1} with 65305 until one is deleted`, async () => {
    await call('POST', '/cgi-bin/menu/create', MENU);
    const rule = (n: number) => ({ ...VIP_MENU, matchrule: { tag_id: String(100 + n) } });
    const ids: string[] = [];
    for (let n = 0; n < MAX_CONDITIONAL_MENUS; n++) {
      ids.push((await call('POST', '/cgi-bin/menu/addconditional', rule(n)))['menuid'] as string);
    }
    const refused = await call('POST', '/cgi-bin/menu/addconditional', rule(99));
    expect(refused['errcode']).toBe(65305);
    expect(emu.world.menus.get(OA.appid)?.conditional).toHaveLength(MAX_CONDITIONAL_MENUS);
    await call('POST', '/cgi-bin/menu/delconditional', { menuid: ids[0] });
    expect((await call('POST', '/cgi-bin/menu/addconditional', rule(99)))['menuid']).toMatch(/^\d+$/);
    const rules = emu.world.menus.get(OA.appid)?.conditional.map((menu) => menu.matchrule.tag_id);
    expect(rules?.at(0)).toBe('101');
    expect(rules?.at(-1)).toBe('199');
  });

  it('deletes the default and the conditional menus together', async () => {
    await call('POST', '/cgi-bin/menu/create', MENU);
    await call('POST', '/cgi-bin/menu/addconditional', {
      ...VIP_MENU,
      matchrule: { client_platform_type: '1' },
    });
    expect(await call('GET', '/cgi-bin/menu/delete')).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(emu.world.menus.get(OA.appid)).toBeUndefined();
    expect((await call('GET', '/cgi-bin/menu/get'))['errcode']).toBe(46003);
  });
});

describe('POST /__emulator/reset', () => {
  it('clears menus, tags and QR tickets and keeps the app', async () => {
    await call('POST', '/cgi-bin/menu/create', MENU);
    emu.world.tags.create(OA.appid, 'vip');
    emu.world.qrcodes.issue({ appid: OA.appid, action: 'QR_LIMIT_SCENE', sceneId: 1 });
    expect((await emu.control('POST', '/reset')).status).toBe(200);
    expect(emu.world.menus.get(OA.appid)).toBeUndefined();
    expect(emu.world.tags.list(OA.appid)).toEqual([]);
    expect(emu.world.qrcodes.list()).toEqual([]);
    expect(emu.world.apps.get(OA.appid)).toBeDefined();
    token = await emu.classicToken(OA);
  });
});

describe('POST /__emulator/users/click', () => {
  const click = (body: Record<string, unknown>) =>
    emu.control('POST', '/users/click', { app: 'oa', ...body });

  it('pushes CLICK with the key and VIEW with the url of buttons in the menu the user sees', async () => {
    await call('POST', '/cgi-bin/menu/create', MENU);
    const clicked = await click({ openid: FAN, key: 'V1001_TODAY_MUSIC' });
    expect(clicked.status).toBe(200);
    expect(clicked.json['push']).toMatchObject({
      Event: 'CLICK',
      EventKey: 'V1001_TODAY_MUSIC',
      FromUserName: FAN,
    });
    const viewed = await click({ openid: FAN, url: 'https://www.soso.com/' });
    expect(viewed.json['push']).toMatchObject({ Event: 'VIEW', EventKey: 'https://www.soso.com/' });
    const pushed = peer.requests.map((r) => parseXml(r.plain) as Record<string, unknown>);
    expect(pushed.map((p) => [p['Event'], p['EventKey']])).toEqual([
      ['CLICK', 'V1001_TODAY_MUSIC'],
      ['VIEW', 'https://www.soso.com/'],
    ]);
  });

  it('refuses keys the user cannot see, strangers and accounts without a menu', async () => {
    expect((await click({ openid: FAN, key: 'V1001_TODAY_MUSIC' })).json['error']).toBe('no_menu');
    await call('POST', '/cgi-bin/menu/create', MENU);
    const tag = emu.world.tags.create(OA.appid, 'vip') as { id: number };
    await call('POST', '/cgi-bin/menu/addconditional', { ...VIP_MENU, matchrule: { tag_id: tag.id } });
    const refused = await click({ openid: FAN, key: 'VIP_ONLY' });
    expect([refused.status, refused.json['error']]).toEqual([409, 'unknown_button']);
    expect((await click({ openid: 'oStranger', key: 'V1001_TODAY_MUSIC' })).json['error']).toBe(
      'not_following',
    );
    expect((await click({ openid: FAN, key: 'V1001_TODAY_MUSIC', url: 'https://x' })).status).toBe(400);
    emu.world.tags.tag(OA.appid, tag.id, [VIP]);
    expect((await click({ openid: VIP, key: 'VIP_ONLY' })).status).toBe(200);
    expect(peer.requests).toHaveLength(1);
  });
});
