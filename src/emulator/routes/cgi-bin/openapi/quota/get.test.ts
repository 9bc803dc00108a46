import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmulatorHarness, type EmulatorHarness } from '../../../../create-emulator-harness.js';

const OA = { appid: 'wxquotatest0000oa', secret: 'oa-secret-quota', type: 'official-account' } as const;
const MP = { appid: 'wxquotatest0000mp', secret: 'mp-secret-quota', type: 'mini-program' } as const;
const START = Date.UTC(2024, 4, 1, 2, 0, 0);

describe('POST /cgi-bin/openapi/quota/get and POST /cgi-bin/clear_quota', () => {
  let emu: EmulatorHarness;
  let token: string;
  const quotaOf = async (cgiPath: string) =>
    (await emu.post('/cgi-bin/openapi/quota/get', { cgi_path: cgiPath }, { access_token: token })).json;
  const clear = async (appid: string) =>
    (await emu.post('/cgi-bin/clear_quota', { appid }, { access_token: token })).json;

  beforeEach(async () => {
    emu = createEmulatorHarness({ apps: [OA, MP], startAt: START });
    token = await emu.classicToken(OA);
  });
  afterEach(() => emu.close());

  it('reports the daily limit, the calls used today and what remains', async () => {
    await emu.classicToken(OA);
    expect(await quotaOf('/cgi-bin/token')).toEqual({
      errcode: 0,
      errmsg: 'ok',
      quota: { daily_limit: 2000, used: 2, remain: 1998 },
    });
  });

  it('answers 76021 without a cgi_path and 41001 without a token', async () => {
    expect((await quotaOf(''))['errcode']).toBe(76021);
    expect(
      (await emu.post('/cgi-bin/openapi/quota/get', { cgi_path: '/cgi-bin/token' })).json['errcode'],
    ).toBe(41001);
  });

  it('answers 45009 once an API quota is used up, until clear_quota resets the counters', async () => {
    emu.world.quotas.setLimit(OA.appid, '/cgi-bin/getcallbackip', 3);
    const ip = () => emu.get('/cgi-bin/getcallbackip', { access_token: token });
    for (let i = 0; i < 3; i += 1) expect((await ip()).json).toHaveProperty('ip_list');
    expect((await ip()).json['errcode']).toBe(45009);
    expect(await quotaOf('/cgi-bin/getcallbackip')).toMatchObject({
      quota: { daily_limit: 3, used: 3, remain: 0 },
    });
    expect(await clear(OA.appid)).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(await quotaOf('/cgi-bin/getcallbackip')).toMatchObject({ quota: { used: 0, remain: 3 } });
    expect((await ip()).json).toHaveProperty('ip_list');
  });

  it('refuses to clear another app (40013) or without an appid (41002), leaving counters alone', async () => {
    await emu.classicToken(MP);
    expect((await clear(MP.appid))['errcode']).toBe(40013);
    expect((await emu.post('/cgi-bin/clear_quota', {}, { access_token: token })).json['errcode']).toBe(41002);
    expect(emu.world.quotas.usage(MP.appid, '/cgi-bin/token').used).toBe(1);
  });

  it('counts quotas per app: one app exhausting a path does not affect another', async () => {
    emu.world.quotas.exhaust(MP.appid, '/cgi-bin/token');
    expect(
      (
        await emu.get('/cgi-bin/token', {
          grant_type: 'client_credential',
          appid: MP.appid,
          secret: MP.secret,
        })
      ).json['errcode'],
    ).toBe(45009);
    expect(await emu.classicToken(OA)).toEqual(expect.any(String));
  });
});
