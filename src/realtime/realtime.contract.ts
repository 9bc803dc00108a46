/** @module The behaviour every realtime backend must show (memory, Redis); each backend's test file runs it. */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreateRealtimeDeps, RealtimeService } from './create-realtime.js';
import { compareOffsets, START_OFFSET } from './offsets.js';
import type { DeliveredEvent } from './realtime.types.js';

export interface RealtimeFixture {
  /** A realtime on the backend under test, with these deps merged in (same backend each call). */
  make(deps?: Partial<CreateRealtimeDeps>): RealtimeService;
  cleanup(): Promise<void>;
}

/** Collects what a subscriber receives. */
export function collector() {
  const events: DeliveredEvent[] = [];
  return {
    events,
    onEvent: (e: DeliveredEvent) => void events.push(e),
    types: () => events.map((e) => e.type),
    until: async (count: number, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      while (events.length < count) {
        if (Date.now() > deadline) throw new Error(`got ${events.length} of ${count} events`);
        await sleep(5);
      }
      return events;
    },
  };
}

const publishN = async (rt: RealtimeService, topic: string, n: number, from = 0) => {
  const ids: string[] = [];
  for (let i = from; i < from + n; i += 1) ids.push(await rt.publish(topic, { type: 'n', data: { i } }));
  return ids;
};

export function describeRealtimeContract(name: string, setup: () => Promise<RealtimeFixture>): void {
  describe(`realtime contract: ${name}`, () => {
    let fx: RealtimeFixture;
    let rt: RealtimeService;
    beforeEach(async () => {
      fx = await setup();
      rt = fx.make();
    });
    afterEach(async () => {
      await rt.close();
      await fx.cleanup();
    });

    it('delivers what is published from now on, in order, with increasing offsets and the wire JSON', async () => {
      await rt.publish('user:1', { type: 'before', data: 0 });
      const got = collector();
      rt.subscribe('user:1', undefined, got.onEvent);
      await sleep(50);
      await publishN(rt, 'user:1', 3);
      await got.until(3);
      expect(got.events.map((e) => e.data)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
      expect(got.events[0]).toMatchObject({
        topic: 'user:1',
        type: 'n',
        json: '{"type":"n","data":{"i":0}}',
      });
      const ids = got.events.map((e) => e.id);
      expect(compareOffsets(ids[0] as string, ids[1] as string)).toBeLessThan(0);
      expect(compareOffsets(ids[1] as string, ids[2] as string)).toBeLessThan(0);
    });

    it("keeps topics apart: a subscriber never receives another topic's events", async () => {
      const mine = collector();
      rt.subscribe('user:1', undefined, mine.onEvent);
      await sleep(50);
      await rt.publish('user:2', { type: 'secret', data: 'for 2' });
      await rt.publish('user:1', { type: 'mine', data: 'for 1' });
      await mine.until(1);
      await sleep(50);
      expect(mine.types()).toEqual(['mine']);
    });

    it('resumes after an offset: every later event exactly once, in order, while publishing goes on', async () => {
      const ids = await publishN(rt, 'user:3', 10);
      const got = collector();
      rt.subscribe('user:3', ids[4], got.onEvent);
      const more = publishN(rt, 'user:3', 20, 10);
      await more;
      await got.until(25);
      await sleep(50);
      expect(got.events.map((e) => (e.data as { i: number }).i)).toEqual(
        Array.from({ length: 25 }, (_, k) => k + 5),
      );
    });

    it('resuming from the newest offset replays nothing and goes on live', async () => {
      const ids = await publishN(rt, 'user:4', 3);
      const got = collector();
      rt.subscribe('user:4', ids[2], got.onEvent);
      await sleep(50);
      expect(got.events).toEqual([]);
      await rt.publish('user:4', { type: 'next', data: 1 });
      expect((await got.until(1)).map((e) => e.type)).toEqual(['next']);
    });

    it('answers an offset past the per-topic cap with one reset at the newest offset, then goes on live', async () => {
      const capped = fx.make({ retention: { maxEvents: 3 } });
      try {
        const ids = await publishN(capped, 'user:5', 6);
        const got = collector();
        capped.subscribe('user:5', ids[0], got.onEvent);
        await got.until(1);
        expect(got.events[0]).toMatchObject({ type: 'reset', id: ids[5] });
        await capped.publish('user:5', { type: 'after', data: null });
        expect((await got.until(2)).map((e) => e.type)).toEqual(['reset', 'after']);
        // Resuming from an event the cap kept is no reset: ids[3] is the oldest one left.
        const kept = collector();
        capped.subscribe('user:5', ids[3], kept.onEvent);
        expect((await kept.until(3)).map((e) => e.type)).toEqual(['n', 'n', 'after']);
      } finally {
        await capped.close();
      }
    });

    it('resets an offset older than the time window only when something after it was trimmed', async () => {
      const short = fx.make({ retention: { windowMs: 100 } });
      try {
        const [first] = await publishN(short, 'user:6', 1);
        await sleep(150);
        const [second] = await publishN(short, 'user:6', 1, 1); // trims the first
        const got = collector();
        short.subscribe('user:6', first, got.onEvent);
        expect((await got.until(1)).map((e) => [e.type, e.id])).toEqual([['n', second]]);
        const fromStart = collector();
        short.subscribe('user:6', START_OFFSET, fromStart.onEvent);
        expect((await fromStart.until(1))[0]).toMatchObject({ type: 'reset', id: second });
      } finally {
        await short.close();
      }
    });

    it('answers a cursor that is not an offset with a reset', async () => {
      const [id] = await publishN(rt, 'user:7', 1);
      const got = collector();
      rt.subscribe('user:7', 'garbage', got.onEvent);
      expect((await got.until(1))[0]).toMatchObject({ type: 'reset', id });
    });

    it('stops delivering after unsubscribe', async () => {
      const got = collector();
      const stop = rt.subscribe('user:8', undefined, got.onEvent);
      await sleep(50);
      await rt.publish('user:8', { type: 'one', data: 1 });
      await got.until(1);
      stop();
      await rt.publish('user:8', { type: 'two', data: 2 });
      await sleep(100);
      expect(got.types()).toEqual(['one']);
    });

    it('refuses bad topics, the reserved reset type and oversized data', async () => {
      await expect(rt.publish('no spaces', { type: 'x', data: 1 })).rejects.toThrow(TypeError);
      await expect(rt.publish('user:9', { type: 'reset', data: 1 })).rejects.toThrow(/reserved/);
      const small = fx.make({ maxEventBytes: 10 });
      await expect(small.publish('user:9', { type: 'x', data: 'x'.repeat(20) })).rejects.toThrow(RangeError);
      await small.close();
      expect(() => rt.subscribe('a b', undefined, () => undefined)).toThrow(TypeError);
    });
  });
}
