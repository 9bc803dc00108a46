import { describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { createRealtime } from './create-realtime.js';
import { collector, describeRealtimeContract } from './realtime.contract.js';

describeRealtimeContract('memory', async () => ({
  make: (deps = {}) => createRealtime(deps),
  cleanup: async () => {},
}));

describe('createRealtime (memory)', () => {
  it('counts published events and the lag of each fanned-out event on the registry handed in', async () => {
    const registry = new Registry();
    const rt = createRealtime({ registry });
    const got = collector();
    rt.subscribe('user:1', undefined, got.onEvent);
    await rt.publish('user:1', { type: 'a', data: 1 });
    await rt.publish('user:1', { type: 'b', data: 2 });
    await got.until(2);
    const text = await registry.metrics();
    expect(text).toContain('wegate_realtime_events_published_total 2');
    expect(text).toContain('wegate_realtime_delivery_lag_seconds_count 2');
    await rt.close();
  });

  it('keeps delivering to other subscribers when one throws', async () => {
    const errors: unknown[] = [];
    const rt = createRealtime({ onError: (e) => errors.push(e) });
    const got = collector();
    rt.subscribe('user:1', undefined, () => {
      throw new Error('subscriber bug');
    });
    rt.subscribe('user:1', undefined, got.onEvent);
    await rt.publish('user:1', { type: 'a', data: 1 });
    await got.until(1);
    expect(errors).toHaveLength(1);
    await rt.close();
  });
});

describe('topic access', () => {
  it("allows a user their own topic, other topics only through an authoriser, and never another user's", async () => {
    const rt = createRealtime();
    const alice = { id: 'a1' };
    expect(await rt.allows(alice, 'user:a1')).toBe(true);
    expect(await rt.allows(alice, 'shop.news')).toBe(false);
    rt.authorize((_user, topic) => topic === 'shop.news' || topic === 'user:b2');
    expect(await rt.allows(alice, 'shop.news')).toBe(true);
    expect(await rt.allows(alice, 'user:b2')).toBe(false);
    expect(await rt.allows(alice, 'bad topic')).toBe(false);
    await rt.close();
  });
});
