import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmulatorHarness, type EmulatorHarness } from '../create-emulator-harness.js';
import { startCallbackPeer, type CallbackPeer } from '../user/callback-peer.test-helper.js';

const OA = {
  appid: 'wx000000000000qr01',
  secret: 'qr-secret',
  type: 'official-account',
  name: 'oa',
  token: 'qrtoken',
  msgMode: 'plain',
} as const;
const FAN = 'oQrFan00000000000000000001';
const NEWCOMER = 'oQrNew00000000000000000001';

let peer: CallbackPeer;
let emu: EmulatorHarness;
let token: string;

const create = async (body: unknown) =>
  (await emu.post('/cgi-bin/qrcode/create', body, { access_token: token })).json;
const scene = (value: Record<string, unknown>) => ({ scene: value });

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
  emu.world.qrcodes.reset();
  emu.world.users.reset();
  emu.world.users.follow(OA.appid, FAN);
  peer.reset();
});

describe('POST /cgi-bin/qrcode/create and GET /cgi-bin/showqrcode', () => {
  it('issues temporary codes for 60 s by default, capped at 30 days, and permanent ones without expiry', async () => {
    const temp = await create({ action_name: 'QR_SCENE', action_info: scene({ scene_id: 123 }) });
    expect(temp).toEqual({
      ticket: expect.any(String),
      expire_seconds: 60,
      url: expect.stringMatching(/^http:\/\/weixin\.qq\.com\/q\//),
    });
    const long = await create({
      expire_seconds: 9_999_999,
      action_name: 'QR_STR_SCENE',
      action_info: scene({ scene_str: 'a' }),
    });
    expect(long['expire_seconds']).toBe(2_592_000);
    const forever = await create({
      action_name: 'QR_LIMIT_STR_SCENE',
      action_info: scene({ scene_str: 'promo' }),
    });
    expect(Object.keys(forever).sort()).toEqual(['ticket', 'url']);
    const issued = emu.world.qrcodes.find(String(forever['ticket']));
    expect(issued).toMatchObject({ appid: OA.appid, action: 'QR_LIMIT_STR_SCENE', sceneStr: 'promo' });
    expect(issued?.expiresAt).toBeUndefined();
  });

  it('answers 40052 for an unknown action and 40053 for scenes out of range', async () => {
    expect(
      (await create({ action_name: 'QR_FOREVER', action_info: scene({ scene_id: 1 }) }))['errcode'],
    ).toBe(40052);
    const bad = [
      { action_name: 'QR_LIMIT_SCENE', action_info: scene({ scene_id: 100_001 }) },
      { action_name: 'QR_LIMIT_SCENE', action_info: scene({ scene_id: 0 }) },
      { action_name: 'QR_SCENE', action_info: scene({ scene_str: 'x' }) },
      { action_name: 'QR_LIMIT_STR_SCENE', action_info: scene({ scene_str: 'x'.repeat(65) }) },
      { action_name: 'QR_STR_SCENE', action_info: scene({ scene_str: '' }) },
    ];
    for (const body of bad) expect((await create(body))['errcode']).toBe(40053);
    const ok = await create({ action_name: 'QR_LIMIT_SCENE', action_info: scene({ scene_id: 100_000 }) });
    expect(ok['ticket']).toBeDefined();
    expect(emu.world.qrcodes.list(OA.appid)).toHaveLength(1);
  });

  it('serves an SVG carrying the ticket until it expires, then 404', async () => {
    const { ticket } = await create({ action_name: 'QR_SCENE', action_info: scene({ scene_id: 7 }) });
    const shown = await emu.app.inject({
      method: 'GET',
      url: '/cgi-bin/showqrcode',
      query: { ticket: String(ticket) },
    });
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['content-type']).toContain('image/svg+xml');
    expect(shown.body).toContain(`<desc>${String(ticket)}</desc>`);
    emu.world.clock.advance(60_000);
    const gone = await emu.app.inject({
      method: 'GET',
      url: '/cgi-bin/showqrcode',
      query: { ticket: String(ticket) },
    });
    expect(gone.statusCode).toBe(404);
    expect((await emu.app.inject({ method: 'GET', url: '/cgi-bin/showqrcode?ticket=nope' })).statusCode).toBe(
      404,
    );
  });
});

describe('POST /__emulator/users/scan', () => {
  const scan = (openid: string, ticket: unknown) =>
    emu.control('POST', '/users/scan', { app: 'oa', openid, ticket });

  it('pushes SCAN with the scene to a follower and subscribe with qrscene_ to anyone else', async () => {
    const { ticket } = await create({ action_name: 'QR_LIMIT_SCENE', action_info: scene({ scene_id: 42 }) });
    const scanned = await scan(FAN, ticket);
    expect(scanned.status).toBe(200);
    expect(scanned.json['push']).toMatchObject({ Event: 'SCAN', EventKey: '42', Ticket: ticket });
    const joined = await scan(NEWCOMER, ticket);
    expect(joined.json['push']).toMatchObject({ Event: 'subscribe', EventKey: 'qrscene_42', Ticket: ticket });
    expect(peer.requests).toHaveLength(2);
    expect(emu.world.users.user(OA.appid, NEWCOMER)).toMatchObject({
      following: true,
      subscribeScene: 'ADD_SCENE_QR_CODE',
      qrScene: 42,
    });
    expect(emu.world.users.user(OA.appid, FAN)).toMatchObject({ subscribeScene: 'ADD_SCENE_SEARCH' });
  });

  it('records a string scene as qrSceneStr, even when it looks like a number', async () => {
    const { ticket } = await create({
      action_name: 'QR_STR_SCENE',
      action_info: scene({ scene_str: '2024' }),
    });
    await scan(NEWCOMER, ticket);
    const user = emu.world.users.user(OA.appid, NEWCOMER);
    expect(user).toMatchObject({ subscribeScene: 'ADD_SCENE_QR_CODE', qrSceneStr: '2024' });
    expect(user?.qrScene).toBeUndefined();
  });

  it('refuses expired and unknown tickets without pushing', async () => {
    const { ticket } = await create({
      expire_seconds: 30,
      action_name: 'QR_SCENE',
      action_info: scene({ scene_id: 9 }),
    });
    emu.world.clock.advance(30_000);
    expect((await scan(NEWCOMER, ticket)).status).toBe(410);
    expect((await scan(NEWCOMER, 'unknown')).status).toBe(404);
    expect(peer.requests).toHaveLength(0);
    expect(emu.world.users.user(OA.appid, NEWCOMER)).toBeUndefined();
  });
});
