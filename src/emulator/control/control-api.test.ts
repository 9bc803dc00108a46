import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmulatorHarness, type EmulatorHarness } from '../create-emulator-harness.js';

const OA = {
  appid: 'wxcontroltest00oa',
  secret: 'oa-secret-control',
  type: 'official-account',
  name: 'oa',
} as const;
const MP = { appid: 'wxcontroltest00mp', secret: 'mp-secret-control', type: 'mini-program' } as const;
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const START = Date.UTC(2024, 4, 1, 2, 0, 0);

describe('control API /__emulator', () => {
  let emu: EmulatorHarness;
  const stableBody = { grant_type: 'client_credential', appid: MP.appid, secret: MP.secret };
  const stable = async () => (await emu.post('/cgi-bin/stable_token', stableBody)).json;

  beforeEach(() => {
    emu = createEmulatorHarness({ apps: [OA], startAt: START });
  });
  afterEach(() => emu.close());

  it('seeds an app that can then fetch tokens, and lists apps without their secrets', async () => {
    const seeded = await emu.control('POST', '/apps', {
      ...MP,
      token: 'cbtoken',
      aesKey: AES_KEY,
      name: 'mp',
    });
    expect(seeded.status).toBe(200);
    expect((await stable())['expires_in']).toBe(7200);
    const listed = await emu.control('GET', '/apps');
    expect(listed.json['apps']).toEqual([
      {
        appid: OA.appid,
        type: OA.type,
        name: 'oa',
        hasToken: false,
        hasAesKey: false,
        originalId: expect.stringMatching(/^gh_[0-9a-f]{12}$/),
      },
      {
        appid: MP.appid,
        type: MP.type,
        name: 'mp',
        hasToken: true,
        hasAesKey: true,
        originalId: expect.stringMatching(/^gh_[0-9a-f]{12}$/),
      },
    ]);
    expect(listed.text).not.toContain(MP.secret);
    expect(listed.text).not.toContain(AES_KEY);
  });

  it('replaces an app by appid (a new secret takes effect) and rejects a bad app body with 400', async () => {
    await emu.control('POST', '/apps', MP);
    await emu.control('POST', '/apps', { ...MP, secret: 'rotated-secret' });
    expect((await stable())['errcode']).toBe(40125);
    expect((await emu.control('POST', '/apps', { appid: 'x', secret: 'y', type: 'bank' })).status).toBe(400);
    expect((await emu.control('POST', '/apps', { ...MP, aesKey: 'short' })).status).toBe(400);
  });

  it('reset clears tokens, stats, faults and the clock but keeps the apps; apps:false removes them', async () => {
    const token = await emu.classicToken(OA);
    await emu.control('POST', '/faults', { kind: 'latency', latencyMs: 1 });
    await emu.control('POST', '/clock', { advanceMs: 60_000 });
    const reset = await emu.control('POST', '/reset');
    expect(reset.json).toMatchObject({ ok: true, apps: [{ appid: OA.appid }] });
    expect((await emu.get('/cgi-bin/getcallbackip', { access_token: token })).json['errcode']).toBe(40001);
    // The token is unknown after the reset, so the refused call belongs to no app and stats stay empty.
    expect((await emu.control('GET', '/stats')).json).toEqual({ apps: {} });
    expect((await emu.control('GET', '/faults')).json['faults']).toEqual([]);
    expect((await emu.control('GET', '/clock')).json['offsetMs']).toBe(0);
    await emu.control('POST', '/reset', { apps: false });
    expect((await emu.control('GET', '/apps')).json['apps']).toEqual([]);
    expect(
      (
        await emu.get('/cgi-bin/token', {
          grant_type: 'client_credential',
          appid: OA.appid,
          secret: OA.secret,
        })
      ).json['errcode'],
    ).toBe(40013);
  });

  it('revoke invalidates the current tokens; the next normal stable_token mints exactly one new token', async () => {
    await emu.control('POST', '/apps', MP);
    const before = (await stable())['access_token'];
    expect((await emu.control('POST', '/tokens/revoke', { appid: MP.appid, kind: 'stable' })).json).toEqual({
      ok: true,
    });
    expect((await emu.get('/cgi-bin/getcallbackip', { access_token: String(before) })).json['errcode']).toBe(
      40001,
    );
    const after = (await stable())['access_token'];
    expect(after).not.toBe(before);
    expect((await stable())['access_token']).toBe(after);
    const stats = (await emu.control('GET', `/stats?appid=${MP.appid}`)).json as {
      apps: Record<string, { tokensIssued: object }>;
    };
    expect(stats.apps[MP.appid]?.tokensIssued).toEqual({ classic: 0, stable: 2, forced: 0 });
    expect((await emu.control('POST', '/tokens/revoke', { appid: 'wxnobody' })).status).toBe(404);
  });

  it('sets a daily limit or exhausts it now', async () => {
    const limited = await emu.control('POST', '/quota', {
      appid: OA.appid,
      path: '/cgi-bin/token',
      limit: 1,
    });
    expect(limited.json['quota']).toEqual({ daily_limit: 1, used: 0, remain: 1 });
    await emu.classicToken(OA);
    await expect(emu.classicToken(OA)).rejects.toThrow(/45009/);
    await emu.control('POST', '/quota', { appid: OA.appid, path: 'cgi-bin/getcallbackip', exhaust: true });
    const token = (
      await emu.post('/cgi-bin/stable_token', {
        grant_type: 'client_credential',
        appid: OA.appid,
        secret: OA.secret,
      })
    ).json;
    expect(
      (await emu.get('/cgi-bin/getcallbackip', { access_token: String(token['access_token']) })).json[
        'errcode'
      ],
    ).toBe(45009);
  });

  it('moves the clock forward, sets it, reads it and refuses an ambiguous body', async () => {
    const advanced = await emu.control('POST', '/clock', { advanceMs: 3_600_000 });
    expect(advanced.json).toMatchObject({ ok: true, now: START + 3_600_000, offsetMs: 3_600_000 });
    await emu.control('POST', '/clock', { setMs: START + 86_400_000 });
    expect((await emu.control('GET', '/clock')).json).toMatchObject({
      now: START + 86_400_000,
      iso: '2024-05-02T02:00:00.000Z',
    });
    expect((await emu.control('POST', '/clock', {})).status).toBe(400);
    expect((await emu.control('POST', '/clock', { advanceMs: 1, setMs: 1 })).status).toBe(400);
  });

  it('reports per-app stats, filtered by appid, with no secrets or tokens in them', async () => {
    await emu.control('POST', '/apps', MP);
    const token = await emu.classicToken(OA);
    await emu.get('/cgi-bin/getcallbackip', { access_token: token });
    await emu.get('/cgi-bin/getcallbackip', { access_token: 'B'.repeat(100) });
    await emu.get('/cgi-bin/token', { grant_type: 'client_credential', appid: OA.appid, secret: 'bad' });
    await stable();
    const all = await emu.control('GET', '/stats');
    expect(all.json).toEqual({
      apps: {
        [OA.appid]: {
          tokensIssued: { classic: 1, stable: 0, forced: 0 },
          ticketsIssued: 0,
          calls: {
            '/cgi-bin/token': { total: 2, ok: 1, errors: { '40125': 1 } },
            '/cgi-bin/getcallbackip': { total: 1, ok: 1, errors: {} },
          },
        },
        [MP.appid]: {
          tokensIssued: { classic: 0, stable: 1, forced: 0 },
          ticketsIssued: 0,
          calls: { '/cgi-bin/stable_token': { total: 1, ok: 1, errors: {} } },
        },
      },
    });
    expect(all.text).not.toContain(token);
    expect(all.text).not.toContain(OA.secret);
    expect(
      Object.keys((await emu.control('GET', `/stats?appid=${MP.appid}`)).json['apps'] as object),
    ).toEqual([MP.appid]);
  });
});
