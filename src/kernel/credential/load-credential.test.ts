import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeWeChat, type FakeWeChat } from '../../../test/helpers/fake-wechat.js';
import {
  createManualClock,
  createMemoryCache,
  createMemoryLock,
  type ManualClock,
} from '../../adapters/memory/index.js';
import type { KernelLogger } from '../http/api-client.types.js';
import type { Cache } from '../ports/cache.types.js';
import type { Lock } from '../ports/lock.types.js';
import type { TokenMode } from '../../config/config.types.js';
import { createAccessTokenBroker } from './create-access-token-broker.js';

const HOUR2 = 7200_000;

/** A cache (and lock) whose backend can be switched off: every call then rejects like a dead Redis. */
function switchable(clock: ManualClock): { cache: Cache; lock: Lock; down: boolean } {
  const memory = createMemoryCache({ clock });
  const memoryLock = createMemoryLock({ clock });
  const state = { down: false } as { cache: Cache; lock: Lock; down: boolean };
  const guard =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      state.down ? Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')) : fn(...args);
  // Only the calls: a Redis cache offers no synchronous ones (`sync`), and this one stands in for Redis.
  state.cache = Object.fromEntries(
    Object.entries(memory)
      .filter(([, fn]) => typeof fn === 'function')
      .map(([k, fn]) => [k, guard((fn as (...a: unknown[]) => Promise<unknown>).bind(memory))]),
  ) as unknown as Cache;
  state.lock = { acquire: guard(memoryLock.acquire.bind(memoryLock)), close: memoryLock.close };
  return state;
}

describe('credential broker during a cache outage', () => {
  let fake: FakeWeChat;
  let clock: ManualClock;
  let backend: ReturnType<typeof switchable>;
  let logs: Array<{ msg?: string; line: string }>;
  const logger: KernelLogger = {
    debug: (obj, msg) => void logs.push({ msg, line: JSON.stringify(obj) }),
    info: (obj, msg) => void logs.push({ msg, line: JSON.stringify(obj) }),
    warn: (obj, msg) => void logs.push({ msg, line: JSON.stringify(obj) }),
  };
  const broker = (mode: TokenMode = 'stable') =>
    createAccessTokenBroker(
      { appid: fake.appid, secret: fake.secret, baseUrl: fake.url, mode, outageRetryMs: 5_000 },
      { cache: backend.cache, lock: backend.lock, clock, logger },
    );
  const fetches = (): number => fake.count('/cgi-bin/stable_token') + fake.count('/cgi-bin/token');

  beforeEach(async () => {
    clock = createManualClock(Date.UTC(2025, 0, 1, 4));
    fake = await startFakeWeChat({ now: clock.now });
    backend = switchable(clock);
    backend.down = true;
    logs = [];
  });
  afterEach(async () => {
    await fake.close();
  });

  it('fetches once for 300 concurrent callers and then serves the local copy, logging the outage once', async () => {
    const b = broker();
    const first = await Promise.all(Array.from({ length: 300 }, () => b.get()));
    expect(new Set(first).size).toBe(1);
    const again = await Promise.all(Array.from({ length: 300 }, () => b.get()));
    expect(again).toEqual(first);
    expect(fetches()).toBe(1);
    expect(logs.filter((l) => l.msg === 'credential cache unavailable')).toHaveLength(1);
    expect(logs.map((l) => l.line).join('\n')).not.toContain(first[0]);
  });

  it('refreshes an expired copy at most once per retry interval, even when the refresh fails', async () => {
    const b = broker();
    await b.get();
    clock.advance(HOUR2 + 1);
    fake.fail('/cgi-bin/stable_token', { status: 503 });
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => b.get()));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(fetches()).toBe(2);
    for (let i = 0; i < 50; i += 1) await expect(b.get()).rejects.toThrow(/cache down, next refresh in/);
    expect(fetches()).toBe(2);
    clock.advance(5_000);
    const fresh = await Promise.all(Array.from({ length: 100 }, () => b.get()));
    expect(new Set(fresh).size).toBe(1);
    expect(fetches()).toBe(3);
  });

  it('in classic mode keeps the local copy even inside the refresh window, since a lockless fetch would supersede other processes', async () => {
    const b = broker('classic');
    const token = await b.get();
    clock.advance(HOUR2 - 60_000);
    for (let i = 0; i < 20; i += 1) expect(await b.get()).toBe(token);
    expect(fake.issued.classic).toBe(1);
  });

  it('goes back to the shared cache once it answers again, and says so once', async () => {
    const b = broker();
    const token = await b.get();
    backend.down = false;
    clock.advance(HOUR2 - 200_000);
    expect(await b.get()).not.toBe(token);
    expect(await backend.cache.get(`wegate:access_token:${fake.appid}`)).toContain(await b.get());
    expect(logs.filter((l) => l.msg === 'credential cache available again')).toHaveLength(1);
    expect(fetches()).toBe(2);
  });

  it('after invalidate drops the local copy, refreshes once the retry interval has passed, never in a storm', async () => {
    const b = broker('classic');
    const token = await b.get();
    await b.invalidate(token);
    await expect(b.get()).rejects.toThrow(/cache down/);
    expect(fake.issued.classic).toBe(1);
    clock.advance(5_000);
    const next = await Promise.all(Array.from({ length: 50 }, () => b.get()));
    expect(new Set(next).size).toBe(1);
    expect(next[0]).not.toBe(token);
    expect(fake.issued.classic).toBe(2);
  });
});
