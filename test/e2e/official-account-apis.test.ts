/** Menus, tags and QR codes through the library, the emulator's state read back, and the simulated user's clicks and scans reaching the server's router. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
