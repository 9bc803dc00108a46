import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeWeChat, type FakeWeChat } from '../../../test/helpers/fake-wechat.js';
import { gateFirstDelete } from '../../../test/helpers/gate-first-delete.js';
import {
  createManualClock,
  createMemoryCache,
  createMemoryLock,
  type ManualClock,
} from '../../adapters/memory/index.js';
import type { KernelLogger } from '../http/api-client.types.js';
import { createApiClient } from '../http/create-api-client.js';
import type { Cache } from '../ports/cache.types.js';
import type { Lock } from '../ports/lock.types.js';
import type { AccessTokenBrokerOptions } from './broker.types.js';
import { createAccessTokenBroker } from './create-access-token-broker.js';
import { ForceRefreshRationedError } from './force-refresh-ration.js';

const HOUR2 = 7200_000;

describe('createAccessTokenBroker', () => {
  let fake: FakeWeChat;
  let clock: ManualClock;
  let cache: Cache;
  let lock: Lock;
  let cacheGets: number;
  const broker = (
    options: Partial<AccessTokenBrokerOptions> = {},
    deps: { cache?: Cache; logger?: KernelLogger } = {},
  ) =>
    createAccessTokenBroker(
      { appid: fake.appid, secret: fake.secret, baseUrl: fake.url, ...options },
      { cache: deps.cache ?? cache, lock, clock, logger: deps.logger },
    );
  const stableCalls = (): number => fake.count('/cgi-bin/stable_token');

  beforeEach(async () => {
    clock = createManualClock(Date.UTC(2025, 0, 1, 4));
    fake = await startFakeWeChat({ now: clock.now });
    const memory = createMemoryCache({ clock });
    cacheGets = 0;
    cache = { ...memory, get: (key) => ((cacheGets += 1), memory.get(key)) };
    lock = createMemoryLock();
  });
  afterEach(async () => {
    await fake.close();
  });

  it('fetches exactly one token for 500 concurrent get() calls', async () => {
    const b = broker();
    const tokens = await Promise.all(Array.from({ length: 500 }, () => b.get()));
    expect(new Set(tokens).size).toBe(1);
    expect(stableCalls()).toBe(1);
    // Single-flight: the 500 callers share one load (cache read, double-check, failed-token mark).
    expect(cacheGets).toBe(3);
    expect(fake.requests[0]?.body).toEqual({
      grant_type: 'client_credential',
      appid: fake.appid,
      secret: fake.secret,
      force_refresh: false,
    });
  });

  it('fetches once for two processes sharing one cache and lock', async () => {
    const [a, b] = [broker(), broker()];
    const tokens = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).get()));
    expect(new Set(tokens).size).toBe(1);
    expect(stableCalls()).toBe(1);
  });

  it('serves the in-process copy without touching the cache', async () => {
    const b = broker();
    await b.get();
    const before = cacheGets;
    for (let i = 0; i < 1000; i += 1) await b.get();
    expect(cacheGets).toBe(before);
  });

  it('refreshes ahead of expiry, not before', async () => {
    const b = broker({ mode: 'classic' });
    const first = await b.get();
    clock.advance(HOUR2 - 301_000);
    expect(await b.get()).toBe(first);
    expect(fake.issued.classic).toBe(1);
    clock.advance(2_000);
    const second = await b.get();
    expect(second).not.toBe(first);
    expect(fake.issued.classic).toBe(2);
    expect(await cache.get(`wegate:access_token:${fake.appid}`)).toContain(second);
  });

  it('does not refresh when invalidate reports a token that is no longer current', async () => {
    const b = broker({ mode: 'classic' });
    const current = await b.get();
    await b.invalidate('some-older-token');
    expect(await b.get()).toBe(current);
    expect(fake.issued.classic).toBe(1);
  });

  it('lets only the first of two processes drop a failing token; the second picks up the new one', async () => {
    const [a, b] = [broker({ mode: 'classic' }), broker({ mode: 'classic' })];
    const t1 = await a.get();
    expect(await b.get()).toBe(t1);
    await a.invalidate(t1);
    const t2 = await a.get();
    await b.invalidate(t1);
    expect(await b.get()).toBe(t2);
    expect(fake.issued.classic).toBe(2);
  });

  it('force-refreshes when stable_token hands back the token that just failed, within the ration', async () => {
    const ration = { forceRefresh: { maxPerDay: 2, minIntervalMs: 30_000 } };
    const b = broker(ration);
    const t1 = await b.get();
    await b.invalidate(t1);
    const t2 = await b.get();
    expect(t2).not.toBe(t1);
    expect(fake.issued.forced).toBe(1);
    expect(fake.requests.at(-1)?.body).toMatchObject({ force_refresh: true });

    await b.invalidate(t2);
    await expect(b.get()).rejects.toBeInstanceOf(ForceRefreshRationedError);
    const callsWhenRationed = stableCalls();
    await expect(b.get()).rejects.toThrow(/force_refresh refused/);
    expect(stableCalls()).toBe(callsWhenRationed);

    clock.advance(31_000);
    const t3 = await b.get();
    expect(fake.issued.forced).toBe(2);
    clock.advance(31_000);
    await b.invalidate(t3);
    // Another process sharing the cache shares the day's count.
    await expect(broker(ration).get()).rejects.toThrow(/2 already used today/);
    expect(fake.issued.forced).toBe(2);
    expect(b.state()).toMatchObject({ forcedRefreshes: 2 });
  });

  it('replays a call that failed with its stale local copy on the token another process already cached, with no extra refresh', async () => {
    const [a, b] = [broker(), broker()];
    const [apiA, apiB] = [a, b].map((tokens) => createApiClient({ baseUrl: fake.url }, { tokens }));
    const t1 = await a.get();
    expect(await b.get()).toBe(t1);
    fake.revoke(t1);
    await apiB!.get('/cgi-bin/getcallbackip');
    const t2 = await b.get();
    expect(t2).not.toBe(t1);
    // The interleaving: A still holds the failing token, the shared cache already holds the new one.
    expect(await a.get()).toBe(t1);
    expect(await cache.get(`wegate:access_token:${fake.appid}`)).toContain(t2);
    await apiA!.get('/cgi-bin/getcallbackip');
    const sent = fake.requests
      .filter((r) => r.path === '/cgi-bin/getcallbackip')
      .map((r) => r.query.access_token);
    expect(sent.slice(-2)).toEqual([t1, t2]);
    expect(fake.issued.stable).toBe(2);
    await Promise.all([apiA!.close(), apiB!.close()]);
  });

  it('never hands the failing token to a call that arrives while its invalidation is in flight', async () => {
    const gate = gateFirstDelete(cache);
    const b = broker({}, { cache: gate.cache });
    const api = createApiClient({ baseUrl: fake.url }, { tokens: b });
    const t1 = await b.get();
    fake.revoke(t1);
    const failing = api.get('/cgi-bin/getcallbackip');
    // The failed call is removing t1 from the shared cache; another call of this process starts now.
    await gate.reached;
    const meanwhile = await b.get();
    gate.release();
    await expect(failing).resolves.toMatchObject({ ip_list: expect.any(Array) });
    expect(meanwhile).not.toBe(t1);
    const sent = fake.requests
      .filter((r) => r.path === '/cgi-bin/getcallbackip')
      .map((r) => r.query.access_token);
    expect(sent).toEqual([t1, meanwhile]);
    expect(fake.issued.stable).toBe(2);
    await api.close();
  });

  it('exposes its state without the token', async () => {
    const b = broker();
    expect(b.state()).toMatchObject({ refreshes: 0, tokenAgeMs: undefined });
    const token = await b.get();
    clock.advance(1000);
    const state = b.state();
    expect(state).toMatchObject({
      refreshes: 1,
      forcedRefreshes: 0,
      tokenAgeMs: 1000,
      expiresInMs: HOUR2 - 1000,
      lastRefreshAt: clock.now() - 1000,
    });
    expect(JSON.stringify(state)).not.toContain(token);
  });

  it('records the last error and keeps serving a still-valid token when a refresh ahead fails', async () => {
    const b = broker({ mode: 'classic' });
    const t1 = await b.get();
    clock.advance(HOUR2 - 60_000);
    fake.fail('/cgi-bin/token', { errcode: -1, errmsg: 'system error' });
    expect(await b.get()).toBe(t1);
    expect(b.state().lastError).toContain('errcode -1');
    expect(await b.get()).toBe(t1);
    expect(fake.count('/cgi-bin/token')).toBe(2);
  });

  it('surfaces a WeChat error when there is no token to fall back on', async () => {
    const b = broker({ secret: 'wrong' });
    await expect(b.get()).rejects.toThrow(/40125/);
  });
});
