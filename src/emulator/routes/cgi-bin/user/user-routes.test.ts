import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmulatorHarness, type EmulatorHarness } from '../../../create-emulator-harness.js';

const OA = { appid: 'wxuserroute000001', secret: 's1', type: 'official-account' as const };
const MP = { appid: 'wxuserroute000002', secret: 's2', type: 'mini-program' as const };
let emu: EmulatorHarness;
let token: string;

beforeEach(async () => {
  emu = createEmulatorHarness({ apps: [OA, MP] });
  token = await emu.classicToken(OA);
});
afterEach(() => emu.close());

const info = async (openid: string) =>
  (await emu.get('/cgi-bin/user/info', { access_token: token, openid })).json;
const list = async (next?: string) =>
  (await emu.get('/cgi-bin/user/get', { access_token: token, ...(next ? { next_openid: next } : {}) })).json;

describe('GET /cgi-bin/user/info', () => {
  it("answers WeChat's current field set for a follower", async () => {
    emu.world.users.follow(OA.appid, 'oA');
    expect(Object.keys(await info('oA')).sort()).toEqual([
      'groupid',
      'language',
      'openid',
      'qr_scene',
      'qr_scene_str',
      'remark',
      'subscribe',
      'subscribe_scene',
      'subscribe_time',
      'tagid_list',
      'unionid',
    ]);
  });

  it('answers only subscribe 0 and the ids for a user who unfollowed', async () => {
    emu.world.users.follow(OA.appid, 'oB');
    emu.world.users.unfollow(OA.appid, 'oB');
    expect(Object.keys(await info('oB')).sort()).toEqual(['openid', 'subscribe', 'unionid']);
    expect((await info('oNever'))['errcode']).toBe(40003);
  });

  it('gives the person the same unionid in the Official Account and the Mini Program', async () => {
    const login = await emu.control('POST', '/mp/login', { appid: MP.appid, user: 'carol' });
    const session = await emu.get('/sns/jscode2session', {
      appid: MP.appid,
      secret: MP.secret,
      js_code: String(login.json['code']),
      grant_type: 'authorization_code',
    });
    const body = { appid: OA.appid, openids: ['oCarolOA'], person: 'carol' };
    await emu.control('POST', '/users/followers', body);
    expect((await info('oCarolOA'))['unionid']).toBe(session.json['unionid']);
    // Web authorization of the same person in the Official Account lands on that follower.
    expect(emu.world.miniProgram.people.userFor(OA.appid, 'carol').openid).toBe('oCarolOA');
    const taken = { ...body, person: 'dave' };
    expect((await emu.control('POST', '/users/followers', taken)).status).toBe(409);
    const two = { ...body, openids: ['o1', 'o2'] };
    expect((await emu.control('POST', '/users/followers', two)).status).toBe(400);
  });
});

describe('POST /cgi-bin/user/info/batchget', () => {
  it('answers 47001 for an empty list and 40003 when one openid is unknown', async () => {
    emu.world.users.follow(OA.appid, 'oA');
    const call = (body: unknown) => emu.post('/cgi-bin/user/info/batchget', body, { access_token: token });
    expect((await call({ user_list: [] })).json['errcode']).toBe(47001);
    expect((await call({ user_list: [{ openid: 'oA' }, { openid: 'oX' }] })).json['errcode']).toBe(40003);
  });
});

describe('GET /cgi-bin/user/get and POST /__emulator/users/followers', () => {
  it('pages 10 000 followers at a time in follow order, then answers count 0', async () => {
    const made = await emu.control('POST', '/users/followers', {
      appid: OA.appid,
      count: 10_002,
      prefix: 'oP',
    });
    expect(made.json).toMatchObject({ followed: 10_002, total: 10_002 });
    const first = await list();
    expect(first).toMatchObject({ total: 10_002, count: 10_000, next_openid: 'oP009999' });
    expect((first['data'] as { openid: string[] }).openid[0]).toBe('oP000000');
    const second = await list('oP009999');
    expect(second).toEqual({
      total: 10_002,
      count: 2,
      data: { openid: ['oP010000', 'oP010001'] },
      next_openid: 'oP010001',
    });
    expect(await list('oP010001')).toEqual({ total: 10_002, count: 0, next_openid: '' });
  });

  it('moves a follower who unfollows and follows again to the end', async () => {
    await emu.control('POST', '/users/followers', { appid: OA.appid, openids: ['o1', 'o2', 'o3'] });
    emu.world.users.unfollow(OA.appid, 'o1');
    expect((await list())['data']).toEqual({ openid: ['o2', 'o3'] });
    emu.world.users.follow(OA.appid, 'o1');
    expect((await list())['data']).toEqual({ openid: ['o2', 'o3', 'o1'] });
  });

  it('refuses unknown apps and empty requests, and shows one user with its user/info view', async () => {
    expect((await emu.control('POST', '/users/followers', { app: 'nope', count: 1 })).status).toBe(404);
    expect((await emu.control('POST', '/users/followers', { appid: OA.appid })).status).toBe(400);
    await emu.control('POST', '/users/followers', { appid: OA.appid, openids: ['oV'] });
    const one = await emu.control('GET', `/users/oV?appid=${OA.appid}`);
    expect(one.json).toMatchObject({ user: { openid: 'oV', following: true }, info: { subscribe: 1 } });
    expect((await emu.control('GET', `/users/oNope?appid=${OA.appid}`)).status).toBe(404);
  });
});
