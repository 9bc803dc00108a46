import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWeChatApiError } from '../../src/kernel/errors/index.js';
import { createMiniProgramAuth } from '../../src/mini-program/api/auth.js';
import { createOfficialAccount, type OfficialAccount } from '../../src/official-account/index.js';
import { emulatorControl, type EmulatorControl } from '../helpers/emulator-control.js';
import { startSandboxServer, type SandboxServer } from '../helpers/sandbox-server.js';

let sandbox: SandboxServer;
let oa: OfficialAccount;
let emu: EmulatorControl;

beforeAll(async () => {
  sandbox = await startSandboxServer('oa-users');
  oa = createOfficialAccount({ api: sandbox.server.deps.apps['oa']!.api });
  emu = emulatorControl(sandbox.server.url);
}, 30_000);
afterAll(() => sandbox?.close());

const subscribe = (openid: string, Event = 'subscribe') =>
  emu.post('/users/send', { app: 'oa', openid, message: { Event } });
const fail = (promise: Promise<unknown>) => promise.catch((error: unknown) => error);

describe('Official Account users through the sandbox server and its emulator', () => {
  it('shows a follower who subscribed through the simulated user, keeps a remark, and drops it on unfollow', async () => {
    await subscribe('oUserA');
    const info = await oa.user.info('oUserA');
    expect(info).toMatchObject({ subscribe: 1, openid: 'oUserA', subscribe_scene: 'ADD_SCENE_SEARCH' });
    const state = (await emu.get('/users/oUserA?app=oa')).user;
    expect(info.subscribe_time).toBe(Math.floor(state.subscribedAt / 1000));
    await oa.user.info.updateremark({ openid: 'oUserA', remark: 'VIP 客户' });
    expect((await emu.get('/users/oUserA?app=oa')).user.remark).toBe('VIP 客户');
    expect((await oa.user.info('oUserA')).remark).toBe('VIP 客户');
    await subscribe('oUserA', 'unsubscribe');
    expect(await oa.user.info('oUserA')).toEqual({ subscribe: 0, openid: 'oUserA', unionid: info.unionid });
    const late = fail(oa.user.info.updateremark({ openid: 'oUserA', remark: 'x' }));
    expect(isWeChatApiError(await late, 40003)).toBe(true);
  });

  it('walks 10 050 followers in follow order across two pages of user/get', async () => {
    await subscribe('oFirst');
    await emu.post('/users/followers', { app: 'oa', count: 10_050, prefix: 'oBulk' });
    const first = await oa.user.get();
    expect(first).toMatchObject({ total: 10_051, count: 10_000, next_openid: 'oBulk009998' });
    expect(first.data!.openid[0]).toBe('oFirst');
    const second = await oa.user.get(first.next_openid);
    expect(second.count).toBe(51);
    expect(second.data!.openid.at(-1)).toBe('oBulk010049');
    const all: string[] = [];
    for await (const openid of oa.user.listAll()) all.push(openid);
    expect(all).toHaveLength(10_051);
    expect(new Set(all).size).toBe(10_051);
    expect(all.slice(0, 3)).toEqual(['oFirst', 'oBulk000000', 'oBulk000001']);
  }, 30_000);

  it('answers batchget in order and refuses 101 users with 40032', async () => {
    const { user_info_list } = await oa.user.info.batchget({
      user_list: [{ openid: 'oBulk000007' }, { openid: 'oFirst', lang: 'en' }],
    });
    expect(user_info_list.map((u) => [u.openid, u.subscribe])).toEqual([
      ['oBulk000007', 1],
      ['oFirst', 1],
    ]);
    const list = Array.from({ length: 101 }, (_, i) => ({ openid: `oBulk${String(i).padStart(6, '0')}` }));
    expect(isWeChatApiError(await fail(oa.user.info.batchget({ user_list: list })), 40032)).toBe(true);
  });

  it('gives a person the unionid its Mini Program login has', async () => {
    await emu.post('/users/followers', { app: 'oa', openids: ['oDora'], person: 'dora' });
    const mp = sandbox.server.deps.apps['mp']!;
    const { code } = await emu.post('/mp/login', { appid: mp.config.appid, user: 'dora' });
    const auth = createMiniProgramAuth({ appid: mp.config.appid, secret: mp.config.secret }, { api: mp.api });
    const session = await auth.code2Session(code);
    expect(session.unionid).toMatch(/^oU/);
    expect((await oa.user.info('oDora')).unionid).toBe(session.unionid);
  });

  it('shows the tags and the QR scene a follower came through in user/info', async () => {
    const qr = await oa.qrcode.create({
      action_name: 'QR_STR_SCENE',
      expire_seconds: 600,
      action_info: { scene: { scene_str: 'poster-7' } },
    });
    await emu.post('/users/scan', { app: 'oa', openid: 'oScan', ticket: qr.ticket });
    const { tag } = await oa.tags.create({ tag: { name: '海报用户' } });
    await oa.tags.members.batchTagging({ openid_list: ['oScan'], tagid: tag.id });
    expect(await oa.user.info('oScan')).toMatchObject({
      subscribe: 1,
      subscribe_scene: 'ADD_SCENE_QR_CODE',
      qr_scene: 0,
      qr_scene_str: 'poster-7',
      tagid_list: [tag.id],
    });
    const [viaBatch] = (await oa.user.info.batchget({ user_list: [{ openid: 'oScan' }] })).user_info_list;
    expect(viaBatch).toMatchObject({ qr_scene_str: 'poster-7', tagid_list: [tag.id] });
  });
});
