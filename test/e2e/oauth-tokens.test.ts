/** oauth.refreshToken and oauth.auth over loopback against the sandbox server's emulator, clock moved by its control API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isWeChatApiError } from '../../src/kernel/errors/wechat-error.js';
import { createOfficialAccountOAuth, type OfficialAccountOAuth } from '../../src/official-account/index.js';
import type { OAuthScope } from '../../src/official-account/api/oauth.types.js';
import { createLoopbackApi } from '../helpers/loopback-api.js';
import { startSandboxServer, type SandboxServer } from '../helpers/sandbox-server.js';

const CALLBACK = 'https://h5.example.com/oauth/callback';
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

let sandbox: SandboxServer;
let base: string;
let appid: string;
let oauth: OfficialAccountOAuth;

beforeAll(async () => {
  sandbox = await startSandboxServer('oauth-tokens');
  base = sandbox.server.url;
  const { config } = sandbox.server.deps.apps.oa!;
  appid = config.appid;
  const api = createLoopbackApi(base, { appid, secret: config.secret });
  oauth = createOfficialAccountOAuth({ appid, secret: config.secret, openBase: base }, { api });
});
afterAll(async () => {
  await sandbox?.close();
});

/** What WeChat's client does: open the consent URL as `user`, press 允许 for snsapi_userinfo, keep the code. */
async function consentCode(user: string, scope: OAuthScope): Promise<string> {
  const url = oauth.authorizeUrl({ redirectUri: CALLBACK, scope, state: 'tokens' });
  const opened = await fetch(`${url.replace('#wechat_redirect', '')}&user=${user}`, { redirect: 'manual' });
  let location = opened.headers.get('location');
  if (scope === 'snsapi_userinfo') {
    const consent = /name="consent" value="([^"]+)"/.exec(await opened.text())![1]!;
    const allowed = await fetch(`${base}/connect/oauth2/authorize/confirm`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ consent, action: 'allow' }).toString(),
    });
    location = allowed.headers.get('location');
  }
  expect(location).toMatch(/^https:\/\/h5\.example\.com\/oauth\/callback\?code=/);
  return new URL(location!).searchParams.get('code')!;
}

async function advanceClock(advanceMs: number): Promise<void> {
  const res = await fetch(`${base}/__emulator/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advanceMs }),
  });
  expect(res.status).toBe(200);
}

/** The emulator's own count of this user's grants and web tokens. */
async function emulatorGrants(openid: string) {
  const res = await fetch(`${base}/__emulator/oauth?appid=${appid}&openid=${encodeURIComponent(openid)}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

/** The errcode WeChat answered, or 0 when the call succeeded. */
async function errcodeOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 0;
  } catch (error) {
    if (isWeChatApiError(error)) return error.errcode;
    throw error;
  }
}

describe('oauth.refreshToken and oauth.auth against the sandbox emulator', () => {
  it('renews a still-valid access_token in place: the same token outlives its first 7200 s', async () => {
    const first = await oauth.accessToken(await consentCode('rita', 'snsapi_userinfo'));
    await advanceClock(HOUR_MS);
    const renewed = await oauth.refreshToken(first.refresh_token);
    expect(renewed).toMatchObject({
      access_token: first.access_token,
      refresh_token: first.refresh_token,
      expires_in: 7200,
      openid: first.openid,
      scope: 'snsapi_userinfo',
      unionid: first.unionid,
    });
    await advanceClock(1.5 * HOUR_MS); // 2.5 h after the exchange, 1.5 h after the renewal
    expect(await oauth.auth(renewed.access_token, renewed.openid)).toEqual({ errcode: 0, errmsg: 'ok' });
    const profile = await oauth.userinfo(renewed.access_token, renewed.openid);
    expect(profile).toMatchObject({ openid: first.openid, unionid: first.unionid });
    expect(await emulatorGrants(first.openid)).toEqual({
      appid,
      openid: first.openid,
      grants: 1,
      refreshes: 1,
      accessTokens: { live: 1, expired: 0 },
      refreshTokens: { live: 1, expired: 0 },
    });
  });

  it('replaces an expired access_token: the new one works, the old one stays expired (42001)', async () => {
    const first = await oauth.accessToken(await consentCode('sam', 'snsapi_userinfo'));
    await advanceClock(2 * HOUR_MS);
    expect(await errcodeOf(oauth.auth(first.access_token, first.openid))).toBe(42001);
    const renewed = await oauth.refreshToken(first.refresh_token);
    expect(renewed.access_token).not.toBe(first.access_token);
    expect(renewed.refresh_token).toBe(first.refresh_token);
    expect(await oauth.auth(renewed.access_token, first.openid)).toEqual({ errcode: 0, errmsg: 'ok' });
    expect((await oauth.userinfo(renewed.access_token, first.openid)).openid).toBe(first.openid);
    expect(await errcodeOf(oauth.auth(first.access_token, first.openid))).toBe(42001);
    expect(await errcodeOf(oauth.userinfo(first.access_token, first.openid))).toBe(42001);
    expect(await emulatorGrants(first.openid)).toMatchObject({
      grants: 1,
      refreshes: 1,
      accessTokens: { live: 1, expired: 1 },
    });
  });

  it('answers 42002 for a refresh_token older than 30 days; only a new consent grants again', async () => {
    const first = await oauth.accessToken(await consentCode('tess', 'snsapi_base'));
    await advanceClock(30 * DAY_MS + 1000);
    expect(await errcodeOf(oauth.refreshToken(first.refresh_token))).toBe(42002);
    expect(await emulatorGrants(first.openid)).toMatchObject({
      grants: 1,
      refreshes: 0,
      refreshTokens: { live: 0, expired: 1 },
    });
    const again = await oauth.accessToken(await consentCode('tess', 'snsapi_base'));
    expect(again.openid).toBe(first.openid);
    expect(again.refresh_token).not.toBe(first.refresh_token);
    expect((await oauth.refreshToken(again.refresh_token)).access_token).toBe(again.access_token);
    expect(await emulatorGrants(first.openid)).toMatchObject({
      grants: 2,
      refreshes: 1,
      refreshTokens: { live: 1, expired: 1 },
    });
  });

  it('refuses what WeChat refuses: a bogus token (40001), another openid (40003), a bogus refresh_token (40030)', async () => {
    const token = await oauth.accessToken(await consentCode('uma', 'snsapi_base'));
    expect(await errcodeOf(oauth.auth('not-a-web-token', token.openid))).toBe(40001);
    expect(await errcodeOf(oauth.auth(token.access_token, `${token.openid}x`))).toBe(40003);
    expect(await errcodeOf(oauth.refreshToken('not-a-refresh-token'))).toBe(40030);
    expect(await errcodeOf(oauth.userinfo(token.access_token, token.openid))).toBe(48001);
    expect(await oauth.auth(token.access_token, token.openid)).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(await emulatorGrants(token.openid)).toMatchObject({ grants: 1, refreshes: 0 });
  });
});
