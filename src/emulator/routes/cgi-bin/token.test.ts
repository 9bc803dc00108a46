import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmulatorHarness, type EmulatorHarness } from '../../create-emulator-harness.js';

const OA = { appid: 'wxtokentest0000oa', secret: 'oa-secret-classic', type: 'official-account' } as const;
const START = Date.UTC(2024, 4, 1, 2, 0, 0); // 10:00 in Shanghai
const MINUTE = 60_000;
const RID = / rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/;

describe('GET /cgi-bin/token', () => {
  let emu: EmulatorHarness;
  const fetchToken = (query: Record<string, string>) => emu.get('/cgi-bin/token', query);
  const callbackIp = (token: string) => emu.get('/cgi-bin/getcallbackip', { access_token: token });

  beforeEach(() => {
    emu = createEmulatorHarness({ apps: [OA], startAt: START });
  });
  afterEach(() => emu.close());

  it('answers a long URL-safe token valid for 7200 s', async () => {
    const { status, json } = await fetchToken({
      grant_type: 'client_credential',
      appid: OA.appid,
      secret: OA.secret,
    });
    expect(status).toBe(200);
    expect(json['expires_in']).toBe(7200);
    expect(json['access_token']).toMatch(/^[A-Za-z0-9_-]{100,512}$/);
    expect(json).not.toHaveProperty('errcode');
  });

  it.each([
    [{ grant_type: 'authorization_code', appid: OA.appid, secret: OA.secret }, 40002, /^invalid grant_type/],
    [
      { grant_type: 'client_credential', appid: 'wxnosuchapp0000000', secret: OA.secret },
      40013,
      /^invalid appid/,
    ],
    [{ grant_type: 'client_credential', appid: OA.appid, secret: 'wrong' }, 40125, /^invalid appsecret/],
    [{ grant_type: 'client_credential', secret: OA.secret }, 41002, /^appid missing/],
    [{ grant_type: 'client_credential', appid: OA.appid }, 41004, /^appsecret missing/],
  ])('refuses %j with errcode %i and a rid', async (query, errcode, errmsg) => {
    const { status, json } = await fetchToken(query as Record<string, string>);
    expect(status).toBe(200);
    expect(json['errcode']).toBe(errcode);
    expect(json['errmsg']).toMatch(errmsg);
    expect(json['errmsg']).toMatch(RID);
    expect(json).not.toHaveProperty('access_token');
  });

  it('mints a new token on every call and counts each one', async () => {
    const first = await emu.classicToken(OA);
    const second = await emu.classicToken(OA);
    expect(second).not.toBe(first);
    expect(emu.world.stats.snapshot(OA.appid).apps[OA.appid]?.tokensIssued).toEqual({
      classic: 2,
      stable: 0,
      forced: 0,
    });
  });

  it('keeps the previous token working for 5 minutes only, then answers 40001', async () => {
    const old = await emu.classicToken(OA);
    const fresh = await emu.classicToken(OA);
    emu.world.clock.advance(4 * MINUTE);
    expect((await callbackIp(old)).json['ip_list']).toBeInstanceOf(Array);
    emu.world.clock.advance(2 * MINUTE);
    const stale = await callbackIp(old);
    expect(stale.json['errcode']).toBe(40001);
    expect(stale.json['errmsg']).toMatch(/^invalid credential, access_token is invalid or not latest rid: /);
    expect((await callbackIp(fresh)).json['ip_list']).toBeInstanceOf(Array);
  });

  it('answers 42001 once the token outlives its 7200 s', async () => {
    const token = await emu.classicToken(OA);
    emu.world.clock.advance(7199_000);
    expect((await callbackIp(token)).json).toHaveProperty('ip_list');
    emu.world.clock.advance(1_000);
    expect((await callbackIp(token)).json['errcode']).toBe(42001);
  });

  it('answers 45009 past the daily quota without minting, and again after Shanghai midnight', async () => {
    emu.world.quotas.setLimit(OA.appid, 'cgi-bin/token', 2);
    await emu.classicToken(OA);
    await emu.classicToken(OA);
    const refused = await fetchToken({ grant_type: 'client_credential', appid: OA.appid, secret: OA.secret });
    expect(refused.json['errcode']).toBe(45009);
    expect(refused.json['errmsg']).toMatch(/^reach max api daily quota limit rid: /);
    expect(emu.world.stats.snapshot().apps[OA.appid]?.tokensIssued.classic).toBe(2);
    // 10:00 Shanghai + 13h59m is still the same day; one more minute turns it.
    emu.world.clock.advance(13 * 60 * MINUTE + 59 * MINUTE);
    expect(
      (await fetchToken({ grant_type: 'client_credential', appid: OA.appid, secret: OA.secret })).json[
        'errcode'
      ],
    ).toBe(45009);
    emu.world.clock.advance(MINUTE);
    expect(await emu.classicToken(OA)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('has a default daily quota of 2000 calls', async () => {
    expect(emu.world.quotas.usage(OA.appid, '/cgi-bin/token').daily_limit).toBe(2000);
  });
});
