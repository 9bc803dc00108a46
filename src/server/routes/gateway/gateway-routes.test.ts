import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../../../test/helpers/test-config.js';
import { testDeps } from '../../../../test/helpers/test-deps.js';
import { createMemoryCache, createMemoryLock } from '../../../adapters/memory/index.js';
import { createSqlQueue } from '../../../adapters/sql/queue.js';
import { createSqliteStore } from '../../../adapters/sqlite/store.js';
import type { AppConfig, WegateConfig } from '../../../config/config.types.js';
import { startEmulator, type RunningEmulator } from '../../../emulator/index.js';
import { createLogger } from '../../../kernel/log/create-logger.js';
import type { Store } from '../../../kernel/ports/index.js';
import { buildApp } from '../../build-app.js';
import { createWeChatApps, type WeChatApps } from '../../create-wechat-apps.js';
import { createMetrics } from '../../plugins/metrics.js';

const KEY = 'gateway-key-route-tests-0123456789';
const auth = { authorization: `Bearer ${KEY}` };
const app = (name: string, type: AppConfig['type'], n: number): AppConfig => ({
  name,
  type,
  appid: `wxgw00000000000${n}`,
  secret: `gw-secret-${n}`,
  tokenMode: 'stable',
  msgMode: 'plain',
  pushFormat: 'xml',
});
const APPS = { oa: app('oa', 'official-account', 1), mp: app('mp', 'mini-program', 2) };

let emulator: RunningEmulator;
let store: Store;
let logs = '';
const opened: Array<{ server: FastifyInstance; wechat: WeChatApps }> = [];

/** A server whose apps call the standalone emulator; `gateway` overrides the rate and body bound. */
async function server(overrides: Partial<WegateConfig> = {}): Promise<FastifyInstance> {
  const config = testConfig({
    sandbox: false,
    apps: APPS,
    hosts: { ...testConfig().hosts, api: emulator.url },
    secrets: { fieldKeys: {}, gatewayKey: KEY },
    ...overrides,
  });
  const sink = new Writable({ write: (chunk: Buffer, _e, done) => ((logs += chunk.toString()), done()) });
  const logger = createLogger({ level: 'debug', destination: sink });
  const metrics = createMetrics({ defaultMetrics: false });
  const cache = createMemoryCache();
  const lock = createMemoryLock();
  const wechat = createWeChatApps(config, { cache, lock, logger, metrics, baseUrl: () => emulator.url });
  const queue = createSqlQueue({ store });
  const deps = testDeps({ store, queue }, { logger, cache, lock, metrics, apps: wechat.apps });
  const built = await buildApp(config, deps);
  opened.push({ server: built, wechat });
  return built;
}

const control = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${emulator.url}/__emulator${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return (await res.json()) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
};
const calls = async (appid: string, path: string) =>
  (await control('GET', `/stats?appid=${appid}`))['apps'][appid]?.calls[path];

let gw: FastifyInstance;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, host: '127.0.0.1', config: { apps: APPS } });
  store = createSqliteStore({ file: ':memory:' });
  await store.migrate();
  gw = await server();
});

afterAll(async () => {
  for (const { server: s, wechat } of opened) {
    await s.close();
    await wechat.close();
  }
  await store?.close();
  await emulator?.close();
});

describe('/gateway/:app/* guard', () => {
  it('answers 401 with code 4015 without the key, with a wrong key and with a key of another length', async () => {
    for (const headers of [
      {},
      { authorization: `Bearer ${KEY.slice(0, -1)}x` },
      { authorization: 'Bearer k' },
    ]) {
      const res = await gw.inject({ method: 'GET', url: '/gateway/oa/cgi-bin/getcallbackip', headers });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 4015 });
    }
    expect(await calls(APPS.oa.appid, '/cgi-bin/getcallbackip')).toBeUndefined();
  });

  it('answers 404 in the envelope for an app that is not configured', async () => {
    const res = await gw.inject({ method: 'GET', url: '/gateway/nope/cgi-bin/getcallbackip', headers: auth });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 4040, message: 'unknown app nope' });
  });

  it('is not mounted at all without WEGATE_GATEWAY_KEY', async () => {
    const closed = await server({ secrets: { fieldKeys: {} } });
    const res = await closed.inject({
      method: 'GET',
      url: '/gateway/oa/cgi-bin/getcallbackip',
      headers: auth,
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 4040, message: expect.stringMatching(/^no route/) });
  });

  it("never reaches the emulator's control API or the token endpoints", async () => {
    await control('POST', '/faults', { path: '/cgi-bin/get_api_domain_ip', kind: 'errcode', errcode: -1 });
    for (const url of [
      '/gateway/oa/__emulator/faults',
      '/gateway/oa/cgi-bin/../__emulator/faults',
      '/gateway/oa/cgi-bin/%2e%2e/__emulator/faults',
      '/gateway/oa/%5F_emulator/faults',
    ]) {
      const res = await gw.inject({ method: 'DELETE', url, headers: auth });
      expect([404, 405], url).toContain(res.statusCode);
      const post = await gw.inject({ method: 'POST', url: url.replace('faults', 'reset'), headers: auth });
      expect(post.statusCode, url).toBe(404);
    }
    expect((await control('GET', '/faults'))['faults']).toHaveLength(1);
    await control('DELETE', '/faults');
    for (const path of ['/cgi-bin/token', '/cgi-bin/stable_token']) {
      const res = await gw.inject({ method: 'POST', url: `/gateway/oa${path}`, headers: auth });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ code: 4030 });
    }
  });

  it('answers 405 to methods WeChat APIs do not take, and 413 past the body bound', async () => {
    const put = await gw.inject({ method: 'PUT', url: '/gateway/oa/cgi-bin/menu/create', headers: auth });
    expect(put.statusCode).toBe(405);
    expect(put.json()).toMatchObject({ code: 4050 });
    const small = await server({ gateway: { ratePerSecond: 1000, maxBodyBytes: 64 } });
    const big = await small.inject({
      method: 'POST',
      url: '/gateway/oa/cgi-bin/menu/create',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ button: 'x'.repeat(100) }),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ code: 4130 });
  });
});

describe('/gateway/:app/* forwarding', () => {
  it("calls WeChat with the app's own token, never the caller's, and answers WeChat's JSON unchanged", async () => {
    const mpToken = await opened[0]!.wechat.apps['mp']!.tokens.get();
    const res = await gw.inject({
      method: 'GET',
      url: `/gateway/oa/cgi-bin/getcallbackip?access_token=${mpToken}`,
      headers: auth,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json() as Record<string, unknown>;
    expect(body).not.toHaveProperty('code');
    expect((body['ip_list'] as string[]).length).toBeGreaterThan(0);
    // Had the caller's (mp) token gone out, the call would be mp's; it is oa's, and it succeeded.
    expect(await calls(APPS.oa.appid, '/cgi-bin/getcallbackip')).toMatchObject({ total: 1, ok: 1 });
    expect(await calls(APPS.mp.appid, '/cgi-bin/getcallbackip')).toBeUndefined();
    const ourToken = await opened[0]!.wechat.apps['oa']!.tokens.get();
    expect(logs).toContain('/gateway/oa/cgi-bin/getcallbackip');
    expect(logs).not.toContain(mpToken);
    expect(logs).not.toContain(ourToken);
  });

  it('refreshes once and replays when the emulator revokes the token mid-run', async () => {
    const before = (await control('GET', `/stats?appid=${APPS.oa.appid}`))['apps'][APPS.oa.appid];
    await control('POST', '/tokens/revoke', { appid: APPS.oa.appid });
    const res = await gw.inject({
      method: 'GET',
      url: '/gateway/oa/cgi-bin/get_api_domain_ip',
      headers: auth,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toHaveProperty('ip_list');
    const after = (await control('GET', `/stats?appid=${APPS.oa.appid}`))['apps'][APPS.oa.appid];
    expect(after.tokensIssued.stable).toBe(before.tokensIssued.stable + 1);
    expect(after.calls['/cgi-bin/get_api_domain_ip']).toEqual({ total: 2, ok: 1, errors: { '40001': 1 } });
  });

  it('passes an errcode answer through unchanged and a successful send changes the emulator', async () => {
    emulator.world.users.follow(APPS.oa.appid, 'oGw1');
    emulator.world.messaging.putTemplate({ appid: APPS.oa.appid, templateId: 'TPL_GW', keys: ['first'] });
    const send = (template_id: string) =>
      gw.inject({
        method: 'POST',
        url: '/gateway/oa/cgi-bin/message/template/send',
        headers: { ...auth, 'content-type': 'application/json' },
        payload: JSON.stringify({ touser: 'oGw1', template_id, data: { first: { value: 'hi' } } }),
      });
    const bad = await send('TPL_NOPE');
    expect(bad.statusCode).toBe(200);
    expect(bad.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(bad.body)).toEqual({
      errcode: 40037,
      errmsg: expect.stringMatching(/^invalid template_id/),
    });
    const good = await send('TPL_GW');
    expect(good.json()).toMatchObject({ errcode: 0, errmsg: 'ok', msgid: expect.anything() });
    const inbox = emulator.world.users.inbox(APPS.oa.appid, 'oGw1');
    expect(inbox.map((e) => [e.via, e.message['template_id']])).toEqual([['template', 'TPL_GW']]);
  });

  it('never retries: a -1 answer reaches the caller after one call, even for a GET', async () => {
    await control('POST', '/faults', {
      path: '/cgi-bin/getcallbackip',
      kind: 'errcode',
      errcode: -1,
      count: 1,
    });
    const before = (await calls(APPS.oa.appid, '/cgi-bin/getcallbackip')).total as number;
    const res = await gw.inject({ method: 'GET', url: '/gateway/oa/cgi-bin/getcallbackip', headers: auth });
    expect(res.json()).toMatchObject({ errcode: -1 });
    expect((await calls(APPS.oa.appid, '/cgi-bin/getcallbackip')).total).toBe(before + 1);
  });

  it('counts calls by app, path, outcome and errcode, with unknown paths under other', async () => {
    await gw.inject({ method: 'POST', url: '/gateway/oa/cgi-bin/no/such/api?x=1', headers: auth });
    await gw.inject({ method: 'POST', url: '/gateway/oa/cgi-bin/no/other/api', headers: auth });
    const text = (await gw.inject({ method: 'GET', url: '/metrics' })).body;
    const line = (labels: string) => new RegExp(`wegate_gateway_requests_total\\{${labels}\\} (\\d+)`);
    expect(text).toMatch(line('app="oa",api="/cgi-bin/getcallbackip",outcome="ok",errcode=""'));
    expect(text).toMatch(
      line('app="oa",api="/cgi-bin/message/template/send",outcome="errcode",errcode="40037"'),
    );
    expect(text.match(line('app="oa",api="other",outcome="errcode",errcode="40066"'))?.[1]).toBe('2');
    expect(text).toMatch(
      /wegate_gateway_request_duration_seconds_count\{app="oa",api="\/cgi-bin\/getcallbackip"\} [1-9]/,
    );
    expect(text).not.toContain('/cgi-bin/no/');
  });

  it('answers 429 with Retry-After past the rate of an app, without calling WeChat', async () => {
    const limited = await server({ gateway: { ratePerSecond: 1, maxBodyBytes: 1024 } });
    const before = (await calls(APPS.mp.appid, '/cgi-bin/get_api_domain_ip'))?.total ?? 0;
    const call = () =>
      limited.inject({ method: 'GET', url: '/gateway/mp/cgi-bin/get_api_domain_ip', headers: auth });
    expect((await call()).statusCode).toBe(200);
    const refused = await call();
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 4290 });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await calls(APPS.mp.appid, '/cgi-bin/get_api_domain_ip')).total).toBe(before + 1);
    const text = (await limited.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toMatch(
      /wegate_gateway_requests_total\{app="mp",api="\/cgi-bin\/get_api_domain_ip",outcome="limited",errcode=""\} 1/,
    );
  });
});
