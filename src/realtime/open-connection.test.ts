import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createRealtime } from './create-realtime.js';
import { openConnection, parseCursor, type ConnectionSink, type Outgoing } from './open-connection.js';

function sink(buffered: () => number = () => 0) {
  const writes: Outgoing[][] = [];
  const closed: string[] = [];
  const value: ConnectionSink = {
    transport: 'ws',
    buffered,
    write: (batch) => void writes.push([...batch]),
    close: (reason) => void closed.push(reason),
  };
  return { sink: value, writes, closed, events: () => writes.flat() };
}

describe('openConnection', () => {
  it('writes a burst published in one tick as one batch', async () => {
    const rt = createRealtime();
    const s = sink();
    openConnection(rt, { topics: ['user:1'], sink: s.sink });
    await Promise.all([1, 2, 3].map((i) => rt.publish('user:1', { type: 'n', data: i })));
    await sleep(20);
    expect(s.writes).toHaveLength(1);
    expect(s.writes[0]?.map((o) => o.event.data)).toEqual([1, 2, 3]);
    expect(s.writes[0]?.map((o) => o.cursor)).toEqual(s.writes[0]?.map((o) => o.event.id));
    await rt.close();
  });

  it('drops a client whose transport holds more than the cap, counts it, and keeps the others going', async () => {
    const registry = new Registry();
    const rt = createRealtime({ registry });
    let backlog = 0;
    const slow = sink(() => backlog);
    const fast = sink();
    openConnection(rt, { topics: ['news'], sink: slow.sink, maxBufferedBytes: 1000 });
    openConnection(rt, { topics: ['news'], sink: fast.sink, maxBufferedBytes: 1000 });
    await rt.publish('news', { type: 'n', data: 1 });
    await sleep(10);
    backlog = 5000; // the slow client's socket stopped draining
    for (let i = 2; i <= 10; i += 1) {
      await rt.publish('news', { type: 'n', data: i });
      await sleep(1);
    }
    await sleep(10);
    expect(slow.closed).toEqual(['slow consumer: over 1000 bytes unsent']);
    expect(slow.events().map((o) => o.event.data)).toEqual([1]);
    expect(fast.events().map((o) => o.event.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const text = await registry.metrics();
    expect(text).toContain('wegate_realtime_drops_total{transport="ws",reason="slow"} 1');
    expect(text).toContain('wegate_realtime_connections{transport="ws"} 1');
    await rt.close();
  });

  it('drops a client when one tick queues more than the cap', async () => {
    const rt = createRealtime();
    const s = sink();
    openConnection(rt, { topics: ['user:1'], sink: s.sink, maxBufferedBytes: 100 });
    await Promise.all([1, 2, 3].map((i) => rt.publish('user:1', { type: 'n', data: 'x'.repeat(40 + i) })));
    await sleep(10);
    expect(s.closed).toEqual(['slow consumer: over 100 bytes queued']);
    expect(s.writes).toEqual([]);
    await rt.close();
  });

  it('gives several topics one cursor of topic=offset pairs that resumes each of them', async () => {
    const rt = createRealtime();
    const first = sink();
    const topics = ['user:1', 'shop.news'];
    const connection = openConnection(rt, { topics, sink: first.sink });
    const a = await rt.publish('user:1', { type: 'a', data: 1 });
    const b = await rt.publish('shop.news', { type: 'b', data: 2 });
    await sleep(10);
    const cursor = first.events().at(-1)?.cursor;
    expect(cursor).toBe(`user:1=${a},shop.news=${b}`);
    connection.close();
    await rt.publish('shop.news', { type: 'missed', data: 3 });
    await rt.publish('user:1', { type: 'missed', data: 4 });
    const again = sink();
    openConnection(rt, { topics, sink: again.sink, ...(cursor ? { resumeFrom: cursor } : {}) });
    await sleep(20);
    expect(again.events().map((o) => o.event.data)).toEqual(expect.arrayContaining([3, 4]));
    expect(again.events()).toHaveLength(2);
    await rt.close();
  });

  it('reads a plain offset as the first topic’s and ignores pairs of topics not asked for', () => {
    expect(parseCursor(['user:1', 'x'], '5-0')).toEqual(new Map([['user:1', '5-0']]));
    expect(parseCursor(['user:1', 'x'], 'user:1=5-0,other=6-0')).toEqual(new Map([['user:1', '5-0']]));
    expect(parseCursor(['user:1'], undefined)).toEqual(new Map());
  });
});
