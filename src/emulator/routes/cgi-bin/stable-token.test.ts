import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmulatorHarness, type EmulatorHarness } from '../../create-emulator-harness.js';

const MP = { appid: 'wxstabletest000mp', secret: 'mp-secret-stable', type: 'mini-program' } as const;
const START = Date.UTC(2024, 4, 1, 2, 0, 0); // 10:00 in Shanghai
const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe('POST /cgi-bin/stable_token', () => {
  let emu: EmulatorHarness;
  const stable = async (force = false) => {
    const body = {
      grant_type: 'client_credential',
      appid: MP.appid,
      secret: MP.secret,
      force_refresh: force,
    };
    return (await emu.post('/cgi-bin/stable_token', body)).json;
  };
  const works = async (token: unknown) =>
    (await emu.get('/cgi-bin/get_api_domain_ip', { access_token: String(token) })).json['errcode'] ?? 0;
  const issued = () => emu.world.stats.snapshot(MP.appid).apps[MP.appid]?.tokensIssued;

  beforeEach(() => {
    emu = createEmulatorHarness({ apps: [MP], startAt: START });
  });
  afterEach(() => emu.close());

  it('answers 43002 to a GET, 44002 to an empty body and 47001 to a body that is not JSON', async () => {
    expect(
      (await emu.get('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: MP.appid })).json[
        'errcode'
      ],
    ).toBe(43002);
    expect((await emu.post('/cgi-bin/stable_token')).json['errcode']).toBe(44002);
    const notJson = await emu.post('/cgi-bin/stable_token', 'grant_type=client_credential&appid=x');
    expect(notJson.json['errcode']).toBe(47001);
    expect(notJson.json['errmsg']).toMatch(/ rid: /);
    expect(issued()).toBeUndefined();
  });

  it('checks grant_type, appid and secret like cgi-bin/token', async () => {
    const call = (body: object) => emu.post('/cgi-bin/stable_token', body);
    expect((await call({ grant_type: 'x', appid: MP.appid, secret: MP.secret })).json['errcode']).toBe(40002);
    expect(
      (await call({ grant_type: 'client_credential', appid: 'wxunknown', secret: MP.secret })).json[
        'errcode'
      ],
    ).toBe(40013);
    expect(
      (await call({ grant_type: 'client_credential', appid: MP.appid, secret: 'nope' })).json['errcode'],
    ).toBe(40125);
  });

  it('reads a JSON body whatever the Content-Type says', async () => {
    const body = JSON.stringify({ grant_type: 'client_credential', appid: MP.appid, secret: MP.secret });
    const response = await emu.app.inject({
      method: 'POST',
      url: '/cgi-bin/stable_token',
      payload: body,
      headers: { 'content-type': 'text/plain' },
    });
    expect(JSON.parse(response.body).expires_in).toBe(7200);
  });

  it('returns the same token with its remaining lifetime in normal mode', async () => {
    const first = await stable();
    emu.world.clock.advance(10 * MINUTE);
    const again = await stable();
    expect(again['access_token']).toBe(first['access_token']);
    expect(again['expires_in']).toBe(7200 - 600);
    expect(issued()).toEqual({ classic: 0, stable: 1, forced: 0 });
  });

  it('rotates within the last 5 minutes, keeps expires_in >= 300 and leaves the old token valid to its end', async () => {
    const first = await stable();
    emu.world.clock.advance(7200 * SECOND - 5 * MINUTE - SECOND);
    const before = await stable();
    expect(before['access_token']).toBe(first['access_token']);
    expect(before['expires_in']).toBe(301);
    emu.world.clock.advance(2 * SECOND);
    const rotated = await stable();
    expect(rotated['access_token']).not.toBe(first['access_token']);
    expect(rotated['expires_in']).toBe(7200);
    expect(await works(first['access_token'])).toBe(0);
    emu.world.clock.advance(5 * MINUTE);
    expect(await works(first['access_token'])).toBe(42001);
    expect(await works(rotated['access_token'])).toBe(0);
    expect(issued()?.stable).toBe(2);
  });

  it('force_refresh mints a new token and invalidates the previous one at once', async () => {
    const first = await stable();
    emu.world.clock.advance(MINUTE);
    const forced = await stable(true);
    expect(forced['access_token']).not.toBe(first['access_token']);
    expect(forced['expires_in']).toBe(7200);
    expect(await works(first['access_token'])).toBe(40001);
    expect(await works(forced['access_token'])).toBe(0);
    expect(issued()).toEqual({ classic: 0, stable: 2, forced: 1 });
  });

  it('does not rotate on a forced call within 30 s of the previous forced one', async () => {
    const forced = await stable(true);
    emu.world.clock.advance(29 * SECOND);
    const within = await stable(true);
    expect(within['access_token']).toBe(forced['access_token']);
    expect(within['expires_in']).toBe(7200 - 29);
    emu.world.clock.advance(SECOND);
    expect((await stable(true))['access_token']).not.toBe(forced['access_token']);
    expect(issued()?.forced).toBe(2);
  });

  it('allows 20 forced refreshes a day, answers 45009 to the 21st, and allows them again the next day', async () => {
    for (let i = 0; i < 20; i += 1) {
      expect((await stable(true))['expires_in']).toBe(7200);
      emu.world.clock.advance(31 * SECOND);
    }
    const refused = await stable(true);
    expect(refused['errcode']).toBe(45009);
    expect(issued()?.forced).toBe(20);
    expect((await stable())['access_token']).toEqual(expect.any(String));
    emu.world.clock.advance(14 * 60 * MINUTE);
    expect((await stable(true))['expires_in']).toBe(7200);
    expect(issued()?.forced).toBe(21);
  });

  it('is isolated from classic tokens: neither invalidates the other', async () => {
    const stableToken = (await stable())['access_token'];
    const classic = await emu.classicToken(MP);
    await emu.classicToken(MP);
    emu.world.clock.advance(6 * MINUTE);
    expect(await works(stableToken)).toBe(0);
    expect(await works(classic)).toBe(40001);
    const current = await emu.classicToken(MP);
    await stable(true);
    expect(await works(current)).toBe(0);
  });
});
