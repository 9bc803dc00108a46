/**
 * The `redirect` of web authorization: only configured path prefixes (never an API path), checked at
 * /oauth/authorize and again at /oauth/callback before the code is exchanged, non-ASCII paths encoded.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig, WegateConfig } from '../../src/config/config.types.js';
import { createLogger } from '../../src/kernel/log/create-logger.js';
import { buildApp } from '../../src/server/build-app.js';
import { createRuntime, type Runtime } from '../../src/server/create-runtime.js';
import { createMetrics } from '../../src/server/plugins/metrics.js';
import { startSandboxServer } from '../helpers/sandbox-server.js';
import { testConfig } from '../helpers/test-config.js';

const app = (name: string, type: AppConfig['type'], n: number): AppConfig => ({
  name,
  type,
  appid: `wxredire2e00000${n}`,
  secret: `redirect-e2e-secret-${n}`,
  tokenMode: 'stable',
  msgMode: 'plain',
  pushFormat: 'xml',
});

let dataDir: string;
let runtime: Runtime;
/** `open`: every path but the reserved ones (the default); `shop`: only /shop and /demo/h5. */
const servers: Record<'open' | 'shop', { fastify: FastifyInstance; url: string }> = {} as never;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'wegate-redirect-e2e-'));
  const base = testConfig({
    dataDir,
    apps: { oa: app('oa', 'official-account', 1), mp: app('mp', 'mini-program', 2) },
    secrets: {
      jwtSecret: 'redirect-e2e-jwt-secret-0123456789',
      fieldKeys: { '1': '00112233445566778899aabbccddeeff' },
    },
  });
  const configs = {
    open: { ...base, oauth: { redirectPaths: ['/'] } },
    shop: { ...base, oauth: { redirectPaths: ['/shop', '/demo/h5'] } },
  } as unknown as Record<'open' | 'shop', WegateConfig>;
  runtime = await createRuntime(base, { logger: createLogger({ level: 'silent' }) });
  for (const name of ['open', 'shop'] as const) {
    // Two instances on one store and cache: a login may start on one and finish on the other.
    const fastify = await buildApp(configs[name], { ...runtime.deps, metrics: createMetrics() });
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    const { port } = fastify.server.address() as { port: number };
    servers[name] = { fastify, url: `http://127.0.0.1:${port}` };
  }
});
afterAll(async () => {
  for (const server of Object.values(servers)) await server.fastify.close();
  await runtime?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

type Envelope = { code: number; message: string };

/** A cookie jar and manual redirects against one instance (absolute URLs go where they say). */
function browser(on: 'open' | 'shop' = 'open') {
  const jar = new Map<string, string>();
  const get = async (url: string) => {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(new URL(url, servers[on].url), {
      redirect: 'manual',
      headers: cookie ? { cookie } : {},
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return { status: res.status, location: res.headers.get('location') ?? '', text: await res.text() };
  };
  return { jar, get };
}

const authorize = (redirect: string) =>
  `/oauth/authorize?scope=snsapi_base&redirect=${encodeURIComponent(redirect)}`;

/** Authorize on the browser's instance as `user` and stop at the callback URL the emulator redirects to. */
async function toCallback(b: ReturnType<typeof browser>, user: string, redirect: string): Promise<URL> {
  const start = await b.get(authorize(redirect));
  expect(start.status, start.text).toBe(302);
  const consent = await b.get(`${start.location.replace('#wechat_redirect', '')}&user=${user}`);
  expect(consent.status).toBe(302);
  return new URL(consent.location);
}

async function counts() {
  const db = runtime.deps.store.db;
  const n = async (table: 'wegate_users' | 'wegate_oa_identities' | 'wegate_refresh_tokens') =>
    Number((await db.selectFrom(table).select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const oauth = await fetch(`${servers.open.url}/__emulator/oauth?app=oa`);
  const { grants } = (await oauth.json()) as { grants: number };
  return {
    users: await n('wegate_users'),
    identities: await n('wegate_oa_identities'),
    sessions: await n('wegate_refresh_tokens'),
    grants,
  };
}

describe('redirect targets of /oauth/authorize', () => {
  it('refuses redirect=/api/files/<id> with 400 (4009) before anything: no cookie, no state', async () => {
    const b = browser();
    const res = await b.get(authorize('/api/files/0f8e1c2a-5b7d-4e61-9a3c-2d4b6f8a0c1e'));
    expect(res.status).toBe(400);
    expect((JSON.parse(res.text) as Envelope).code).toBe(4009);
    expect(res.location).toBe('');
    expect(b.jar.size).toBe(0);
  });

  it('refuses other origins, API paths and every encoding trick that leads to them', async () => {
    for (const target of [
      '//evil.com',
      '/\\evil.com',
      '/\\/evil.com',
      'https://evil.com',
      'javascript:alert(1)',
      '/%2e%2e/api/x',
      '/shop/../api/x',
      '/shop/./x',
      '/shop/%2E%2E/%2e%2e/api/x',
      '/%2F%2Fevil.com',
      '/%5Cevil.com',
      '/shop%2F..%2Fapi',
      '/shop/%252e%252e/api',
      '/shop//x',
      '/shop/..;/api/x',
      '/%61pi/files/x',
      '/API/files/x',
      '/api',
      '/api;x/files',
      '/gateway/oa/cgi-bin/token',
      '/__emulator/oauth',
      '/wechat',
      '/wechat/oa',
      '/pay/notify',
      '/oauth/callback',
      '/metrics',
      '/a%00b',
      '/%E5%95',
    ]) {
      const b = browser();
      const res = await b.get(authorize(target));
      expect(res.status, target).toBe(400);
      expect((JSON.parse(res.text) as Envelope).code, target).toBe(4009);
      expect(b.jar.size, target).toBe(0);
    }
  });

  it('accepts configured prefixes on segment boundaries only, and defaults to the first one', async () => {
    for (const [target, status] of [
      ['/shop', 302],
      ['/shop/', 302],
      ['/shop/item/1?ref=a%2Fb', 302],
      ['/demo/h5', 302],
      ['/shopping', 400],
      ['/demo', 400],
      ['/', 400],
    ] as const) {
      expect((await browser('shop').get(authorize(target))).status, target).toBe(status);
    }
    const b = browser('shop');
    const start = await b.get('/oauth/authorize?scope=snsapi_base');
    const consent = await b.get(`${start.location.replace('#wechat_redirect', '')}&user=pat`);
    const done = await b.get(consent.location);
    expect(done.status).toBe(302);
    expect(done.location.split('#')[0]).toBe('/shop');
  });

  it('sends a non-ASCII redirect percent-encoded and logs the user in, never a 500', async () => {
    const b = browser();
    const callback = await toCallback(b, 'quinn', '/商品/1?名=值');
    const done = await b.get(callback.href);
    expect(done.status).toBe(302);
    expect(done.location.split('#')[0]).toBe('/%E5%95%86%E5%93%81/1?%E5%90%8D=%E5%80%BC');
    const token = new URLSearchParams(done.location.split('#')[1]).get('token');
    const me = await fetch(`${servers.open.url}/api/auth/me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.status).toBe(200);
  });
});

describe('the redirect at /oauth/callback', () => {
  it('is checked again before the code is exchanged: no code spent, no user, identity or session', async () => {
    // The login starts on an instance that allows /old/page and ends on one that no longer does.
    const started = browser('open');
    const callback = await toCallback(started, 'rae', '/old/page');
    const finishing = browser('shop');
    for (const [k, v] of started.jar) finishing.jar.set(k, v);
    const before = await counts();
    const refused = await finishing.get(`${callback.pathname}${callback.search}`);
    expect(refused.status).toBe(400);
    expect((JSON.parse(refused.text) as Envelope).code).toBe(4009);
    expect(await counts()).toEqual(before);

    // The code was not spent: it still logs the same person in through a new state.
    const again = await toCallback(finishing, 'rae', '/shop');
    again.searchParams.set('code', callback.searchParams.get('code')!);
    const done = await finishing.get(`${again.pathname}${again.search}`);
    expect(done.status).toBe(302);
    expect(done.location.split('#')[0]).toBe('/shop');
    expect((await counts()).grants).toBe(before.grants + 1);
  });
});

describe('a state stored by an earlier release', () => {
  it('with a raw non-ASCII redirect ends in an encoded Location, never a 500', async () => {
    const b = browser();
    const callback = await toCallback(b, 'sid', '/shop');
    const key = `wegate:oauth:state:${callback.searchParams.get('state')}`;
    const stored = JSON.parse((await runtime.deps.cache.get(key))!) as Record<string, unknown>;
    await runtime.deps.cache.set(key, JSON.stringify({ ...stored, redirect: '/商品/1' }), 60_000);
    const done = await b.get(callback.href);
    expect(done.status).toBe(302);
    expect(done.location.split('#')[0]).toBe('/%E5%95%86%E5%93%81/1');
  });
});

describe('WEGATE_OAUTH_REDIRECT_PATHS', () => {
  it('limits redirects of a served sandbox to the listed prefixes', async () => {
    const sandbox = await startSandboxServer('redirect-env', {
      env: { WEGATE_OAUTH_REDIRECT_PATHS: '/shop, /demo/h5' },
    });
    try {
      const at = (target: string) =>
        fetch(`${sandbox.server.url}${authorize(target)}`, { redirect: 'manual' }).then((r) => r.status);
      expect(await at('/shop/cart')).toBe(302);
      expect(await at('/demo/h5')).toBe(302);
      expect(await at('/account')).toBe(400);
    } finally {
      await sandbox.close();
    }
  });
});
