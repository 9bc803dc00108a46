import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmulatorHarness, type EmulatorHarness } from '../create-emulator-harness.js';

const OA = {
  appid: 'wxoatest0000000001',
  secret: 'oa-secret-1',
  type: 'official-account',
  name: 'oa',
} as const;
const MP = { appid: 'wxmptest0000000001', secret: 'mp-secret-1', type: 'mini-program' } as const;
const START = Date.UTC(2024, 4, 1, 2, 0, 0);
const CALLBACK = 'https://h5.example.com/oauth/callback?from=menu';

describe('emulated web authorization (网页授权)', () => {
  let emu: EmulatorHarness;
  beforeEach(() => {
    emu = createEmulatorHarness({ apps: [OA, MP], startAt: START });
  });
  afterEach(() => emu.close());

  const authorize = (params: Record<string, string>, cookie?: string) =>
    emu.app.inject({
      method: 'GET',
      url: '/connect/oauth2/authorize',
      query: { appid: OA.appid, redirect_uri: CALLBACK, response_type: 'code', ...params },
      headers: cookie === undefined ? {} : { cookie },
    });
  const confirm = (consent: string, action: 'allow' | 'deny') =>
    emu.app.inject({
      method: 'POST',
      url: '/connect/oauth2/authorize/confirm',
      payload: new URLSearchParams({ consent, action }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  const codeOf = (location: unknown) => new URL(String(location)).searchParams.get('code') ?? '';
  const exchange = (code: string) =>
    emu.get('/sns/oauth2/access_token', {
      appid: OA.appid,
      secret: OA.secret,
      code,
      grant_type: 'authorization_code',
    });
  const consentIdOf = (html: string) => /name="consent" value="([^"]+)"/.exec(html)?.[1] ?? '';

  it('snsapi_base redirects silently with code and state, and the code is single use', async () => {
    const res = await authorize({ scope: 'snsapi_base', state: 'S1', openid: 'oFollower1' });
    expect(res.statusCode).toBe(302);
    const location = new URL(String(res.headers.location));
    expect(`${location.origin}${location.pathname}`).toBe('https://h5.example.com/oauth/callback');
    expect(location.searchParams.get('from')).toBe('menu');
    expect(location.searchParams.get('state')).toBe('S1');
    expect(String(res.headers['set-cookie'])).toMatch(/^wegate_emulator_wx_user=.+HttpOnly; SameSite=Lax/);
    const token = (await exchange(codeOf(res.headers.location))).json;
    expect(token).toMatchObject({ openid: 'oFollower1', scope: 'snsapi_base', expires_in: 7200 });
    expect(token['unionid']).toBeUndefined();
    expect((await exchange(codeOf(res.headers.location))).json['errcode']).toBe(40163);
    expect((await exchange('unknown')).json['errcode']).toBe(40029);
  });

  it('expires codes after 5 minutes of emulator time (42003) and forgets them on reset (40029)', async () => {
    const first = await authorize({ scope: 'snsapi_base', user: 'carol' });
    emu.world.clock.advance(5 * 60_000 + 1);
    expect((await exchange(codeOf(first.headers.location))).json['errcode']).toBe(42003);
    const second = await authorize({ scope: 'snsapi_base', user: 'carol' });
    emu.world.reset();
    expect((await exchange(codeOf(second.headers.location))).json['errcode']).toBe(40029);
  });

  it('snsapi_userinfo asks for consent; 允许 gives the same unionid as the Mini Program login', async () => {
    const page = await authorize({ scope: 'snsapi_userinfo', state: 'S2', user: 'alice' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('允许');
    expect(page.body).toContain('拒绝');
    const allowed = await confirm(consentIdOf(page.body), 'allow');
    expect(allowed.statusCode).toBe(302);
    expect(new URL(String(allowed.headers.location)).searchParams.get('state')).toBe('S2');
    const token = (await exchange(codeOf(allowed.headers.location))).json;
    expect(token['scope']).toBe('snsapi_userinfo');
    const login = (await emu.control('POST', '/mp/login', { appid: MP.appid, user: 'alice' })).json;
    const session = await emu.get('/sns/jscode2session', {
      appid: MP.appid,
      secret: MP.secret,
      js_code: String(login['code']),
      grant_type: 'authorization_code',
    });
    expect(token['unionid']).toBe(session.json['unionid']);
    expect(token['openid']).not.toBe(session.json['openid']);
    const info = await emu.get('/sns/userinfo', {
      access_token: String(token['access_token']),
      openid: String(token['openid']),
    });
    expect(info.json).toMatchObject({ openid: token['openid'], unionid: token['unionid'], privilege: [] });
  });

  it('拒绝 keeps the user on a refusal page and the consent cannot be answered again', async () => {
    const page = await authorize({ scope: 'snsapi_userinfo', user: 'dave' });
    const id = consentIdOf(page.body);
    const denied = await confirm(id, 'deny');
    expect(denied.statusCode).toBe(200);
    expect(denied.body).toContain('已拒绝');
    const again = await confirm(id, 'allow');
    expect(again.statusCode).toBe(200);
    expect(again.headers.location).toBeUndefined();
  });

  it('remembers the browser user in its cookie and asks who it is without one', async () => {
    const first = await authorize({ scope: 'snsapi_base', user: 'erin' });
    const cookie = String(first.headers['set-cookie']).split(';')[0]!;
    const second = await authorize({ scope: 'snsapi_base' }, cookie);
    const openid = async (res: typeof first) =>
      (await exchange(codeOf(res.headers.location))).json['openid'] as string;
    expect(await openid(second)).toBe(await openid(first));
    const anonymous = await authorize({ scope: 'snsapi_base' });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.body).toContain('name="user"');
  });

  it('refuses what WeChat refuses on its error page', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ appid: '', scope: 'snsapi_base' }, '10012'],
      [{ redirect_uri: '', scope: 'snsapi_base' }, '10011'],
      [{ redirect_uri: '/relative', scope: 'snsapi_base' }, '10003'],
      [{ scope: '' }, '10010'],
      [{ scope: 'snsapi_login' }, '10005'],
      [{ appid: MP.appid, scope: 'snsapi_base' }, '10005'],
      [{ scope: 'snsapi_base', response_type: 'token' }, 'response_type'],
      [{ appid: 'wxunknown', scope: 'snsapi_base' }, 'appid参数错误'],
    ];
    for (const [params, expected] of cases) {
      const res = await authorize({ user: 'x', ...params });
      expect(res.headers.location, JSON.stringify(params)).toBeUndefined();
      expect(res.body, JSON.stringify(params)).toContain(expected);
    }
  });

  it('userinfo answers 48001 for snsapi_base tokens; auth, refresh and expiry behave like WeChat', async () => {
    const res = await authorize({ scope: 'snsapi_base', user: 'frank' });
    const token = (await exchange(codeOf(res.headers.location))).json;
    const access_token = String(token['access_token']);
    const openid = String(token['openid']);
    expect((await emu.get('/sns/userinfo', { access_token, openid })).json['errcode']).toBe(48001);
    expect((await emu.get('/sns/auth', { access_token, openid })).json).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await emu.get('/sns/auth', { access_token, openid: 'other' })).json['errcode']).toBe(40003);
    expect((await emu.get('/sns/auth', { access_token: 'nope', openid })).json['errcode']).toBe(40001);
    emu.world.clock.advance(7200_000);
    expect((await emu.get('/sns/auth', { access_token, openid })).json['errcode']).toBe(42001);
    const refresh = {
      appid: OA.appid,
      grant_type: 'refresh_token',
      refresh_token: String(token['refresh_token']),
    };
    const renewed = (await emu.get('/sns/oauth2/refresh_token', refresh)).json;
    expect(renewed).toMatchObject({ openid, scope: 'snsapi_base', refresh_token: token['refresh_token'] });
    const fresh = String(renewed['access_token']);
    expect((await emu.get('/sns/auth', { access_token: fresh, openid })).json['errcode']).toBe(0);
    expect((await emu.get('/cgi-bin/getcallbackip', { access_token: fresh })).json['errcode']).toBe(40001);
    emu.world.clock.advance(30 * 86_400_000);
    expect((await emu.get('/sns/oauth2/refresh_token', refresh)).json['errcode']).toBe(42002);
    const foreign = { ...refresh, refresh_token: 'nope' };
    expect((await emu.get('/sns/oauth2/refresh_token', foreign)).json['errcode']).toBe(40030);
  });

  it('refresh renews a valid access_token in place and /__emulator/oauth counts grants, never values', async () => {
    const res = await authorize({ scope: 'snsapi_base', user: 'gina' });
    const token = (await exchange(codeOf(res.headers.location))).json;
    const openid = String(token['openid']);
    const refresh = {
      appid: OA.appid,
      grant_type: 'refresh_token',
      refresh_token: String(token['refresh_token']),
    };
    emu.world.clock.advance(3600_000);
    const renewed = (await emu.get('/sns/oauth2/refresh_token', refresh)).json;
    expect(renewed['access_token']).toBe(token['access_token']);
    emu.world.clock.advance(7200_000 - 1);
    const access_token = String(token['access_token']);
    expect((await emu.get('/sns/auth', { access_token, openid })).json['errcode']).toBe(0);
    const view = await emu.control('GET', `/oauth?appid=${OA.appid}&openid=${openid}`);
    expect(view.json).toEqual({
      appid: OA.appid,
      openid,
      grants: 1,
      refreshes: 1,
      accessTokens: { live: 1, expired: 0 },
      refreshTokens: { live: 1, expired: 0 },
    });
    expect(view.text).not.toContain(access_token);
    expect((await emu.control('GET', '/oauth?appid=wxunknown')).status).toBe(404);
    emu.world.reset();
    expect((await emu.control('GET', `/oauth?appid=${OA.appid}`)).json).toMatchObject({ grants: 0 });
  });
});
