/** GET /oauth/authorize → emulated consent host → GET /oauth/callback in the sandbox, and every refusal. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/config/config.types.js';
import { createLogger } from '../../src/kernel/log/create-logger.js';
import { buildApp } from '../../src/server/build-app.js';
import { createRuntime, type Runtime } from '../../src/server/create-runtime.js';
import type { ServerDeps } from '../../src/server/server-deps.types.js';
import { testConfig } from '../helpers/test-config.js';

const app = (name: string, type: AppConfig['type'], n: number): AppConfig => ({
  name,
  type,
  appid: `wxoauthe2e00000${n}`,
  secret: `oauth-e2e-secret-${n}`,
  tokenMode: 'stable',
  msgMode: 'plain',
  pushFormat: 'xml',
});

let dataDir: string;
let runtime: Runtime;
let fastify: FastifyInstance;
let server: { url: string; deps: ServerDeps };
const logLines: string[] = [];
/** Every code, token and cookie value the tests see: none may reach a log line. */
const secrets: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'wegate-oauth-e2e-'));
  const config = testConfig({
    dataDir,
    apps: { oa: app('oa', 'official-account', 1), mp: app('mp', 'mini-program', 2) },
    // Loopback plays the reverse proxy (WEGATE_TRUST_PROXY=127.0.0.1): its X-Forwarded-* is believed.
    network: { ...testConfig().network, trustProxy: ['127.0.0.1'] },
    secrets: {
      jwtSecret: 'oauth-e2e-jwt-secret-0123456789',
      fieldKeys: { '1': '00112233445566778899aabbccddeeff' },
    },
  });
  const logger = createLogger({
    level: 'debug',
    destination: { write: (line: string) => void logLines.push(line) },
  });
  runtime = await createRuntime(config, { logger });
  fastify = await buildApp(config, runtime.deps);
  await fastify.listen({ port: 0, host: '127.0.0.1' });
  const { port } = fastify.server.address() as { port: number };
  server = { url: `http://127.0.0.1:${port}`, deps: runtime.deps };
});
afterAll(async () => {
  await fastify?.close();
  await runtime?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

type Envelope = { code: number; message: string; data: Record<string, unknown> };

/** A browser without a JavaScript engine: one cookie jar, redirects followed by hand. */
function browser() {
  const jar = new Map<string, string>();
  const get = async (url: string, headers: Record<string, string> = {}) => {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(new URL(url, server.url), {
      redirect: 'manual',
      headers: { ...(cookie ? { cookie } : {}), ...headers },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
      secrets.push(pair!.slice(eq + 1));
    }
    const location = res.headers.get('location') ?? '';
    const code = location.includes('/oauth/callback') ? new URL(location).searchParams.get('code') : null;
    if (code) secrets.push(code);
    return { status: res.status, location: res.headers.get('location') ?? '', text: await res.text(), res };
  };
  return { jar, get };
}

type Browser = ReturnType<typeof browser>;
const envelope = (text: string) => JSON.parse(text) as Envelope;

/** Authorize as `user` (snsapi_base is silent) and stop at the callback URL the emulator redirects to. */
async function toCallback(b: Browser, user: string, query = 'scope=snsapi_base&redirect=/me') {
  const start = await b.get(`/oauth/authorize?${query}`);
  expect(start.status).toBe(302);
  const consent = await b.get(`${start.location.replace('#wechat_redirect', '')}&user=${user}`);
  expect(consent.status).toBe(302);
  return consent.location;
}

function session(location: string) {
  const fragment = new URLSearchParams(location.slice(location.indexOf('#') + 1));
  secrets.push(fragment.get('token') ?? '', fragment.get('refreshToken') ?? '');
  return { path: location.slice(0, location.indexOf('#')), token: fragment.get('token') ?? '' };
}

async function me(token: string) {
  const res = await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Envelope };
}

describe('web authorization through the sandbox emulator', () => {
  it('logs in with snsapi_base: state cookie, silent consent, session in the fragment, /api/auth/me works', async () => {
    const b = browser();
    const start = await b.get('/oauth/authorize?scope=snsapi_base&redirect=/shop%3Fa%3D1');
    const consentUrl = new URL(start.location);
    expect(consentUrl.pathname).toBe('/connect/oauth2/authorize');
    expect(consentUrl.searchParams.get('redirect_uri')).toBe(`${server.url}/oauth/callback`);
    expect(consentUrl.searchParams.get('state')).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(start.location.endsWith('#wechat_redirect')).toBe(true);
    expect(start.res.headers.get('set-cookie')).toMatch(
      /^wegate_oauth=[\w-]{43}; Path=\/oauth; .*HttpOnly; SameSite=Lax$/,
    );
    const callback = await b.get(`${start.location.replace('#wechat_redirect', '')}&user=bob`);
    const done = await b.get(callback.location);
    expect(done.status).toBe(302);
    const { path, token } = session(done.location);
    expect(path).toBe('/shop?a=1');
    const who = await me(token);
    expect(who.status).toBe(200);
    expect(who.body.data).toMatchObject({ appid: server.deps.apps.oa!.config.appid, unionid: null });
    const rows = await server.deps.store.db.selectFrom('wegate_oa_identities').selectAll().execute();
    expect(rows.find((r) => r.openid === who.body.data['openid'])).toMatchObject({ scope: 'snsapi_base' });
  });

  it('snsapi_userinfo after 允许 lands on the same user as the Mini Program login of that person', async () => {
    const mpAppid = server.deps.apps.mp!.config.appid;
    const wx = await fetch(`${server.url}/__emulator/mp/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appid: mpAppid, user: 'alice' }),
    });
    const { code } = (await wx.json()) as { code: string };
    const mpLogin = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });
    const mpUser = ((await mpLogin.json()) as Envelope).data['user'] as { id: string; unionid: string };
    const b = browser();
    const start = await b.get('/oauth/authorize?scope=snsapi_userinfo&redirect=/demo/h5');
    const page = await b.get(`${start.location.replace('#wechat_redirect', '')}&user=alice`);
    expect(page.text).toContain('允许');
    const consent = /name="consent" value="([^"]+)"/.exec(page.text)![1]!;
    const allowed = await fetch(`${server.url}/connect/oauth2/authorize/confirm`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ consent, action: 'allow' }).toString(),
    });
    const done = await b.get(allowed.headers.get('location')!);
    const who = await me(session(done.location).token);
    expect(who.body.data).toMatchObject({ id: mpUser.id, unionid: mpUser.unionid });
    expect(who.body.data['openid']).not.toBe(undefined);
  });

  it('refuses a callback without the cookie (4032) and spends nothing: the right browser still logs in', async () => {
    const b = browser();
    const callback = await toCallback(b, 'carol');
    const stranger = await fetch(new URL(callback), { redirect: 'manual' });
    expect(stranger.status).toBe(403);
    expect(envelope(await stranger.text()).code).toBe(4032);
    const done = await b.get(callback);
    expect(done.status).toBe(302);
    expect((await me(session(done.location).token)).status).toBe(200);
  });

  it('refuses a state issued to another browser (4033), before the code is exchanged', async () => {
    const victim = browser();
    const attacker = browser();
    const attackerCallback = await toCallback(attacker, 'mallory');
    await victim.get('/oauth/authorize?scope=snsapi_base');
    const forced = await victim.get(attackerCallback);
    expect(forced.status).toBe(403);
    expect(envelope(forced.text).code).toBe(4033);
    expect((await attacker.get(attackerCallback)).status).toBe(302);
  });

  it('refuses a replayed callback (4034) and a missing state (4032)', async () => {
    const b = browser();
    const callback = await toCallback(b, 'dan');
    expect((await b.get(callback)).status).toBe(302);
    const replay = await b.get(callback);
    expect(replay.status).toBe(403);
    expect(envelope(replay.text).code).toBe(4034);
    const noState = await b.get(`/oauth/callback?code=x`);
    expect(envelope(noState.text).code).toBe(4032);
  });

  it("surfaces WeChat's 40163 for a used code (4008) and 40029 for an unknown one (4007)", async () => {
    const b = browser();
    const first = new URL(await toCallback(b, 'erin'));
    expect((await b.get(first.href)).status).toBe(302);
    const second = new URL(await toCallback(b, 'erin'));
    second.searchParams.set('code', first.searchParams.get('code')!);
    const reused = await b.get(second.href);
    expect(reused.status).toBe(400);
    expect(envelope(reused.text).code).toBe(4008);
    const third = new URL(await toCallback(b, 'erin'));
    third.searchParams.set('code', 'not-a-code');
    expect(envelope((await b.get(third.href)).text).code).toBe(4007);
  });

  it('treats a callback with state and no code as a refusal (4035)', async () => {
    const b = browser();
    const callback = new URL(await toCallback(b, 'fay'));
    callback.searchParams.delete('code');
    const denied = await b.get(callback.href);
    expect(denied.status).toBe(403);
    expect(envelope(denied.text).code).toBe(4035);
  });

  it('refuses redirects off this server (4009) and sets no state for them', async () => {
    for (const target of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
      '/a#b',
    ]) {
      const b = browser();
      const res = await b.get(`/oauth/authorize?scope=snsapi_base&redirect=${encodeURIComponent(target)}`);
      expect(res.status, target).toBe(400);
      expect(envelope(res.text).code, target).toBe(4009);
      expect(res.location, target).toBe('');
      expect(b.jar.size, target).toBe(0);
    }
    expect((await browser().get('/oauth/authorize?app=mp')).status).toBe(404);
  });

  it('builds the callback and consent URLs on the origin the browser saw through a trusted proxy', async () => {
    const b = browser();
    const res = await b.get('/oauth/authorize?scope=snsapi_base', {
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'm.example.com',
    });
    const consent = new URL(res.location);
    expect(consent.origin).toBe('https://m.example.com');
    expect(consent.searchParams.get('redirect_uri')).toBe('https://m.example.com/oauth/callback');
    expect(res.res.headers.get('set-cookie')).toMatch(/; Secure$/);
  });

  it('never writes a code, a token or the state cookie to the log, only who logged in', () => {
    const logs = logLines.join('\n');
    expect(logs).toContain('/oauth/callback?code=[redacted]');
    expect(logs).toContain('user logged in through web authorization');
    const seen = secrets.filter((value) => value.length >= 16);
    expect(seen.length).toBeGreaterThan(10);
    for (const value of seen) expect(logs).not.toContain(value);
  });
});
