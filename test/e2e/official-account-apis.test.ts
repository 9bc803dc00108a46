/** Menus, tags, QR codes and raw requests through the library, the emulator's state read back, and the simulated user's clicks and scans reaching the server's router. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CONDITIONAL_MENUS } from '../../src/emulator/official-account/menu-book.js';
import { EMULATOR_API_DOMAIN_IPS } from '../../src/emulator/routes/cgi-bin/get-api-domain-ip.js';
import { isWeChatApiError } from '../../src/kernel/errors/index.js';
import type { ApiClient } from '../../src/kernel/http/index.js';
import { createOfficialAccount, type OfficialAccount } from '../../src/official-account/index.js';
import { startE2eServer, type E2eServer } from '../helpers/callback-e2e-server.js';
import { failure } from '../helpers/failure.js';
import { createLoopbackApi } from '../helpers/loopback-api.js';
import { createRecordingRouter, KEYED_SCENE, type RecordingRouter } from '../helpers/recording-router.js';

const APP = { appid: 'wx0000000000a0e2e1', secret: 'oaApisSecret', token: 'oaApisToken' };
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let server: E2eServer;
let recorder: RecordingRouter;
let api: ApiClient;
let oa: OfficialAccount;

async function control(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Json }> {
  const res = await fetch(`${server.url}/__emulator${path}`, {
    method,
    ...(body !== undefined
      ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
      : {}),
  });
  return { status: res.status, json: (await res.json()) as Json };
}
const subscribe = (openid: string) =>
  control('POST', '/users/send', { app: 'oa', openid, message: { Event: 'subscribe' } });
const follower = async (openid: string) =>
  ((await control('GET', '/users?app=oa')).json['users'] as Json[]).find((u) => u['openid'] === openid);

beforeAll(async () => {
  recorder = createRecordingRouter();
  server = await startE2eServer({
    apps: { oa: APP },
    env: { WECHAT_OA_MSG_MODE: 'plain' },
    callbacks: { oa: recorder.router },
  });
  api = createLoopbackApi(server.url, APP);
  oa = createOfficialAccount({ api, mpWeb: server.url });
});
afterAll(async () => {
  await api?.close();
  await server?.close();
});

describe('QR codes: created through the library, scanned by the simulated user', () => {
  it('subscribes a newcomer with qrscene_<scene> and the Ticket; the keyed router handler sees it', async () => {
    const scene = Number(KEYED_SCENE.slice('qrscene_'.length));
    const qr = await oa.qrcode.create({
      action_name: 'QR_SCENE',
      expire_seconds: 300,
      action_info: { scene: { scene_id: scene } },
    });
    const scan = await control('POST', '/users/scan', { app: 'oa', openid: 'oQrNew', ticket: qr.ticket });
    expect(scan.json).toMatchObject({
      outcome: 'replied',
      shown: { Content: `got event:subscribe:${KEYED_SCENE}` },
    });
    const seen = recorder.received('oQrNew');
    expect(seen.map((r) => r.route)).toEqual([`event:subscribe:${KEYED_SCENE}`]);
    expect(seen[0]?.message).toMatchObject({ Event: 'subscribe', EventKey: KEYED_SCENE, Ticket: qr.ticket });
    expect(await follower('oQrNew')).toMatchObject({
      following: true,
      subscribeScene: 'ADD_SCENE_QR_CODE',
      qrScene: scene,
    });
  });

  it('pushes SCAN with the bare scene string to a follower', async () => {
    const qr = await oa.qrcode.create({
      action_name: 'QR_LIMIT_STR_SCENE',
      action_info: { scene: { scene_str: 'poster-7' } },
    });
    await subscribe('oQrFan');
    await control('POST', '/users/scan', { app: 'oa', openid: 'oQrFan', ticket: qr.ticket });
    const last = recorder.received('oQrFan').at(-1);
    expect(last?.route).toBe('event:SCAN');
    expect(last?.message).toMatchObject({ EventKey: 'poster-7', Ticket: qr.ticket });
    const listed = (await control('GET', '/qrcodes?app=oa')).json['qrcodes'] as Json[];
    expect(listed.find((q) => q['ticket'] === qr.ticket)).toMatchObject({
      sceneStr: 'poster-7',
      expired: false,
    });
  });

  it('serves the image at showUrl until the code expires; an expired code is refused to the scanner', async () => {
    const qr = await oa.qrcode.create({ action_name: 'QR_SCENE', action_info: { scene: { scene_id: 5 } } });
    expect(qr.expire_seconds).toBe(60);
    const image = await fetch(oa.qrcode.showUrl(qr.ticket));
    expect([image.status, image.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);
    expect(await image.text()).toContain(qr.ticket);
    await control('POST', '/clock', { advanceMs: 61_000 });
    expect((await fetch(oa.qrcode.showUrl(qr.ticket))).status).toBe(404);
    const refused = await control('POST', '/users/scan', { app: 'oa', openid: 'oQrLate', ticket: qr.ticket });
    expect([refused.status, refused.json['error']]).toEqual([410, 'expired_ticket']);
    expect(recorder.received('oQrLate')).toEqual([]);
    const badScene = { action_name: 'QR_LIMIT_SCENE', action_info: { scene: { scene_id: 0 } } } as const;
    expect(isWeChatApiError(await failure(() => oa.qrcode.create(badScene)), 40053)).toBe(true);
  });
});

describe('tags through the library', () => {
  it('creates and applies tags, pages a tag’s followers and reads them back from the emulator', async () => {
    for (const openid of ['oTag1', 'oTag2', 'oTag3']) await subscribe(openid);
    const { tag } = await oa.tags.create({ tag: { name: '华南' } });
    await oa.tags.members.batchTagging({ openid_list: ['oTag1', 'oTag2', 'oTag3'], tagid: tag.id });
    await oa.tags.members.batchUntagging({ openid_list: ['oTag2'], tagid: tag.id });
    expect(await oa.tags.getIdList({ openid: 'oTag3' })).toEqual({ tagid_list: [tag.id] });
    expect(await oa.user.tag.get({ tagid: tag.id, next_openid: 'oTag1' })).toEqual({
      count: 1,
      data: { openid: ['oTag3'] },
      next_openid: 'oTag3',
    });
    const state = (await control('GET', '/tags?app=oa')).json['tags'] as Json[];
    expect(state.find((t) => t['id'] === tag.id)).toEqual({
      id: tag.id,
      name: '华南',
      count: 2,
      openids: ['oTag1', 'oTag3'],
    });
    expect(isWeChatApiError(await failure(() => oa.tags.create({ tag: { name: '华南' } })), 45157)).toBe(
      true,
    );
    expect(isWeChatApiError(await failure(() => oa.tags.update({ tag: { id: 2, name: 'x' } })), 45058)).toBe(
      true,
    );
  });
});

describe('menus through the library, clicked by the simulated user', () => {
  it('pushes CLICK and VIEW of the menu each follower sees, conditional on their tag', async () => {
    await subscribe('oMenuFan');
    await subscribe('oMenuVip');
    await oa.menu.create({
      button: [
        { type: 'click', name: '签到', key: 'CHECK_IN' },
        { name: '更多', sub_button: [{ type: 'view', name: '官网', url: 'https://example.com/home' }] },
      ],
    });
    const { tag } = await oa.tags.create({ tag: { name: 'vip' } });
    await oa.tags.members.batchTagging({ openid_list: ['oMenuVip'], tagid: tag.id });
    const { menuid } = await oa.menu.addConditional({
      button: [{ type: 'click', name: 'VIP', key: 'VIP_GIFT' }],
      matchrule: { tag_id: String(tag.id) },
    });
    expect((await oa.menu.tryMatch({ user_id: 'oMenuVip' })).button.map((b) => b.key)).toEqual(['VIP_GIFT']);
    const menus = (await control('GET', '/menus?app=oa')).json;
    expect(menus['conditionalmenu']).toEqual([expect.objectContaining({ menuid: Number(menuid) })]);

    await control('POST', '/users/click', { app: 'oa', openid: 'oMenuFan', key: 'CHECK_IN' });
    await control('POST', '/users/click', { app: 'oa', openid: 'oMenuFan', url: 'https://example.com/home' });
    await control('POST', '/users/click', { app: 'oa', openid: 'oMenuVip', key: 'VIP_GIFT' });
    const refused = await control('POST', '/users/click', { app: 'oa', openid: 'oMenuFan', key: 'VIP_GIFT' });
    expect([refused.status, refused.json['error']]).toEqual([409, 'unknown_button']);
    const events = (openid: string) =>
      recorder.received(openid).map((r) => [r.route, (r.message as unknown as Json)['EventKey']]);
    expect(events('oMenuFan')).toEqual([
      ['event:subscribe', undefined],
      ['event:CLICK', 'CHECK_IN'],
      ['event:VIEW', 'https://example.com/home'],
    ]);
    expect(events('oMenuVip').at(-1)).toEqual(['event:CLICK', 'VIP_GIFT']);

    await oa.menu.delete();
    expect((await control('GET', '/menus?app=oa')).json['menu']).toBeNull();
    expect(isWeChatApiError(await failure(() => oa.menu.get()), 46003)).toBe(true);
  });
});

describe('conditional menus deleted through the library', () => {
  it('drops the conditional menu from the emulator; its followers fall back to the default menu', async () => {
    await subscribe('oCondVip');
    await oa.menu.create({ button: [{ type: 'click', name: '首页', key: 'HOME' }] });
    const { tag } = await oa.tags.create({ tag: { name: 'gold' } });
    await oa.tags.members.batchTagging({ openid_list: ['oCondVip'], tagid: tag.id });
    const { menuid } = await oa.menu.addConditional({
      button: [{ type: 'click', name: '金卡', key: 'GOLD_ONLY' }],
      matchrule: { tag_id: String(tag.id) },
    });
    expect((await oa.menu.tryMatch({ user_id: 'oCondVip' })).button.map((b) => b.key)).toEqual(['GOLD_ONLY']);

    expect(await oa.menu.delConditional({ menuid })).toMatchObject({ errcode: 0 });
    const menus = (await control('GET', '/menus?app=oa')).json;
    expect(menus['conditionalmenu']).toBeUndefined();
    expect((menus['menu'] as Json)['button']).toEqual([
      { type: 'click', name: '首页', key: 'HOME', sub_button: [] },
    ]);
    expect((await oa.menu.tryMatch({ user_id: 'oCondVip' })).button.map((b) => b.key)).toEqual(['HOME']);
    const click = await control('POST', '/users/click', { app: 'oa', openid: 'oCondVip', key: 'GOLD_ONLY' });
    expect([click.status, click.json['error']]).toEqual([409, 'unknown_button']);
    expect(isWeChatApiError(await failure(() => oa.menu.delConditional({ menuid })), 65301)).toBe(true);
    await oa.menu.delete();
  });

  it(`refuses conditional menu number ${MAX_CONDITIONAL_MENUS + 1} with 65305; the emulator keeps ${MAX_CONDITIONAL_MENUS}`, async () => {
    await oa.menu.create({ button: [{ type: 'click', name: '首页', key: 'HOME' }] });
    const add = (n: number) =>
      oa.menu.addConditional({
        button: [{ type: 'click', name: `第${n}`, key: `COND_${n}` }],
        matchrule: { tag_id: String(1000 + n) },
      });
    const menuids: string[] = [];
    for (let n = 0; n < MAX_CONDITIONAL_MENUS; n++) menuids.push((await add(n)).menuid);
    expect(isWeChatApiError(await failure(() => add(MAX_CONDITIONAL_MENUS)), 65305)).toBe(true);
    const listed = (await control('GET', '/menus?app=oa')).json['conditionalmenu'] as Json[];
    expect(listed.map((menu) => String(menu['menuid']))).toEqual(menuids);

    await oa.menu.delConditional({ menuid: menuids[0]! });
    const { menuid } = await add(MAX_CONDITIONAL_MENUS);
    const after = (await control('GET', '/menus?app=oa')).json['conditionalmenu'] as Json[];
    expect(after.map((menu) => String(menu['menuid']))).toEqual([...menuids.slice(1), menuid]);
    await oa.menu.delete();
  });
});

describe('tags read, renamed and deleted through the library', () => {
  const emulatorTags = async () => (await control('GET', '/tags?app=oa')).json['tags'] as Json[];

  it('tags.get lists every tag the emulator holds with its follower count', async () => {
    for (const openid of ['oCount1', 'oCount2']) await subscribe(openid);
    const { tag: north } = await oa.tags.create({ tag: { name: 'north' } });
    const { tag: empty } = await oa.tags.create({ tag: { name: 'nobody' } });
    await oa.tags.members.batchTagging({ openid_list: ['oCount1', 'oCount2'], tagid: north.id });
    const { tags } = await oa.tags.get();
    expect(tags).toContainEqual({ id: north.id, name: 'north', count: 2 });
    expect(tags).toContainEqual({ id: empty.id, name: 'nobody', count: 0 });
    expect(tags).toEqual((await emulatorTags()).map(({ openids: _openids, ...tag }) => tag));
  });

  it('tags.update renames the tag in the emulator, keeping its id and followers', async () => {
    await subscribe('oRename');
    const { tag } = await oa.tags.create({ tag: { name: 'old-name' } });
    await oa.tags.members.batchTagging({ openid_list: ['oRename'], tagid: tag.id });
    expect(await oa.tags.update({ tag: { id: tag.id, name: '新名字' } })).toMatchObject({ errcode: 0 });
    expect((await emulatorTags()).find((t) => t['id'] === tag.id)).toEqual({
      id: tag.id,
      name: '新名字',
      count: 1,
      openids: ['oRename'],
    });
    expect((await emulatorTags()).some((t) => t['name'] === 'old-name')).toBe(false);
    const taken = { tag: { id: tag.id, name: 'north' } };
    expect(isWeChatApiError(await failure(() => oa.tags.update(taken)), 45157)).toBe(true);
    const unknown = { tag: { id: 99_999, name: 'ghost' } };
    expect(isWeChatApiError(await failure(() => oa.tags.update(unknown)), 45159)).toBe(true);
  });

  it('tags.delete removes the tag from the emulator and from its followers', async () => {
    for (const openid of ['oUntag1', 'oUntag2']) await subscribe(openid);
    const { tag: doomed } = await oa.tags.create({ tag: { name: 'doomed' } });
    const { tag: kept } = await oa.tags.create({ tag: { name: 'kept' } });
    await oa.tags.members.batchTagging({ openid_list: ['oUntag1', 'oUntag2'], tagid: doomed.id });
    await oa.tags.members.batchTagging({ openid_list: ['oUntag1'], tagid: kept.id });
    expect(await oa.tags.getIdList({ openid: 'oUntag1' })).toEqual({ tagid_list: [doomed.id, kept.id] });

    expect(await oa.tags.delete({ tag: { id: doomed.id } })).toMatchObject({ errcode: 0 });
    expect((await emulatorTags()).map((t) => t['id'])).not.toContain(doomed.id);
    expect(await oa.tags.getIdList({ openid: 'oUntag1' })).toEqual({ tagid_list: [kept.id] });
    expect(await oa.tags.getIdList({ openid: 'oUntag2' })).toEqual({ tagid_list: [] });
    expect((await oa.tags.get()).tags.map((t) => t.id)).not.toContain(doomed.id);
    expect(isWeChatApiError(await failure(() => oa.user.tag.get({ tagid: doomed.id })), 45159)).toBe(true);
    expect(isWeChatApiError(await failure(() => oa.tags.delete({ tag: { id: doomed.id } })), 45159)).toBe(
      true,
    );
  });
});

describe('request(): endpoints nobody wrapped, through the same client', () => {
  const PATH = '/cgi-bin/get_api_domain_ip';
  const calls = async (path: string) =>
    ((await control('GET', `/stats?appid=${APP.appid}`)).json['apps'] as Json)[APP.appid]['calls'][path] as
      Json | undefined;
  const used = async () =>
    (await oa.request<{ quota: { used: number } }>('POST', '/cgi-bin/openapi/quota/get', { cgi_path: PATH }))
      .quota.used;

  it('GETs get_api_domain_ip and POSTs quota/get and clear_quota; the emulator counts and clears them', async () => {
    const before = (await calls(PATH))?.['ok'] ?? 0;
    const usedBefore = await used();
    const answer = await oa.request<{ ip_list: string[] }>('GET', PATH);
    await oa.request('GET', PATH);
    expect(answer).toEqual({ ip_list: [...EMULATOR_API_DOMAIN_IPS] });
    expect(await calls(PATH)).toMatchObject({ total: before + 2, ok: before + 2, errors: {} });
    expect(await used()).toBe(usedBefore + 2);

    expect(await oa.request('POST', '/cgi-bin/clear_quota', { appid: APP.appid })).toMatchObject({
      errcode: 0,
    });
    expect(await used()).toBe(0);
    const other = () => oa.request('POST', '/cgi-bin/clear_quota', { appid: 'wx00000000000other' });
    const error = await failure(other);
    expect(isWeChatApiError(error, 40013)).toBe(true);
    expect((error as { api?: string }).api).toBe('/cgi-bin/clear_quota');
    expect((await calls('/cgi-bin/clear_quota'))?.['errors']).toEqual({ '40013': 1 });
  });
});
