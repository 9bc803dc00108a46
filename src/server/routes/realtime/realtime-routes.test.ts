import { request as httpRequest, type IncomingMessage } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  openSse,
  openWs,
  startRealtimeServer,
  upgrade,
  type RealtimeServer,
} from './realtime.test-helper.js';

let server: RealtimeServer;
let alice: { id: string; token: string };
let bob: { id: string; token: string };
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  server = await startRealtimeServer();
  alice = await server.signIn('o-alice');
  bob = await server.signIn('o-bob');
  server.realtime.authorize((_user, topic) => topic === 'shop.news');
});
afterAll(async () => {
  await server?.close();
});

const publish = (topic: string, type: string, data: unknown) =>
  server.realtime.publish(topic, { type, data });

describe('GET /api/realtime/sse', () => {
  it("streams the user's events as id: and data: lines of {type, data}", async () => {
    const sse = await openSse(`${server.url}/api/realtime/sse`, auth(alice.token));
    expect(sse.status).toBe(200);
    expect(sse.res.headers.get('content-type')).toContain('text/event-stream');
    await sleep(50);
    const id = await publish(`user:${alice.id}`, 'order.status', { id: 'o1', status: 'paid' });
    expect(await sse.until(1)).toEqual([{ id, type: 'order.status', data: { id: 'o1', status: 'paid' } }]);
    await sse.close();
  });

  it('answers 401 in the envelope without a token, and with a bad one', async () => {
    const none = await fetch(`${server.url}/api/realtime/sse`, { headers: { accept: 'text/event-stream' } });
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ code: 4011 });
    const bad = await fetch(`${server.url}/api/realtime/sse?token=not-a-jwt`, {
      headers: { accept: 'text/event-stream' },
    });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ code: 4012 });
  });

  it('takes the token from ?token= and never writes it to a log line', async () => {
    const sse = await openSse(`${server.url}/api/realtime/sse?token=${alice.token}`);
    expect(sse.status).toBe(200);
    await sleep(50);
    await publish(`user:${alice.id}`, 'ping', 1);
    await sse.until(1);
    await sse.close();
    const logged = server.logLines.join('\n');
    expect(logged).toContain('/api/realtime/sse?token=[redacted]');
    expect(logged).not.toContain(alice.token);
  });

  it("never delivers another user's events, and refuses their topic with 403", async () => {
    const sse = await openSse(`${server.url}/api/realtime/sse`, auth(alice.token));
    await sleep(50);
    await publish(`user:${bob.id}`, 'secret', 'for bob');
    await publish(`user:${alice.id}`, 'mine', 'for alice');
    await sse.until(1);
    await sleep(50);
    expect(sse.events.map((e) => e.type)).toEqual(['mine']);
    await sse.close();
    const theirs = await fetch(`${server.url}/api/realtime/sse?topic=user:${bob.id}`, {
      headers: { accept: 'text/event-stream', ...auth(alice.token) },
    });
    expect(theirs.status).toBe(403);
    expect(await theirs.json()).toMatchObject({ code: 4030 });
  });

  it('adds topics an authoriser grants, with one cursor resuming all of them', async () => {
    const url = `${server.url}/api/realtime/sse?topic=shop.news`;
    const sse = await openSse(url, auth(alice.token));
    await sleep(50);
    const a = await publish(`user:${alice.id}`, 'mine', 1);
    const b = await publish('shop.news', 'news', 2);
    await sse.until(2);
    expect(sse.events.at(-1)?.id).toBe(`user:${alice.id}=${a},shop.news=${b}`);
    await sse.close();
    expect(
      (await fetch(`${server.url}/api/realtime/sse?topic=shop.secret`, { headers: auth(alice.token) }))
        .status,
    ).toBe(403);
  });

  it('gives a client reconnecting with Last-Event-ID every missed event once, in order', async () => {
    const first = await openSse(`${server.url}/api/realtime/sse`, auth(bob.token));
    await sleep(50);
    await publish(`user:${bob.id}`, 'n', 1);
    await publish(`user:${bob.id}`, 'n', 2);
    const seen = await first.until(2);
    const lastId = seen[1]?.id as string;
    await first.close();
    for (const i of [3, 4, 5]) await publish(`user:${bob.id}`, 'n', i);
    const again = await openSse(`${server.url}/api/realtime/sse`, {
      ...auth(bob.token),
      'last-event-id': lastId,
    });
    await again.until(3);
    await publish(`user:${bob.id}`, 'n', 6);
    await again.until(4);
    await sleep(50);
    expect(again.events.map((e) => e.data)).toEqual([3, 4, 5, 6]);
    await again.close();
  });
});

describe('a slow SSE client', () => {
  it('is dropped and counted while a fast one on the same topic receives everything', async () => {
    // A client that stopped reading: its response is paused and never resumed.
    const paused = await new Promise<IncomingMessage>((resolve, reject) => {
      const headers = { accept: 'text/event-stream', ...auth(bob.token) };
      const req = httpRequest(`${server.url}/api/realtime/sse`, { agent: false, headers }, (res) => {
        res.pause();
        resolve(res);
      });
      req.on('error', reject);
      req.end();
    });
    const fast = await openSse(`${server.url}/api/realtime/sse`, auth(bob.token));
    await sleep(50);
    const big = 'z'.repeat(60_000);
    const dropped = async () =>
      /wegate_realtime_drops_total\{transport="sse",reason="slow"\} [1-9]/.test(
        await server.runtime.deps.metrics.registry.metrics(),
      );
    let sent = 0;
    for (; sent < 300 && !(await dropped()); sent += 1) {
      await publish(`user:${bob.id}`, 'big', { i: sent, big });
      await sleep(1);
    }
    expect(await dropped()).toBe(true);
    await fast.until(sent, 10_000);
    expect(fast.events.map((e) => (e.data as { i: number }).i)).toEqual(
      Array.from({ length: sent }, (_, i) => i),
    );
    paused.destroy();
    await fast.close();
  }, 30_000);
});

describe('GET /api/realtime/ws', () => {
  it("sends the user's events as text frames of {id, type, data}", async () => {
    const ws = await openWs(`${server.url.replace('http', 'ws')}/api/realtime/ws`, auth(alice.token));
    await sleep(50);
    const id = await publish(`user:${alice.id}`, 'order.status', { id: 'o2', status: 'shipped' });
    expect(await ws.until(1)).toEqual([{ id, type: 'order.status', data: { id: 'o2', status: 'shipped' } }]);
    ws.close();
  });

  it('refuses the upgrade with 401 without a token and 403 for another user’s topic', async () => {
    const wsUrl = `${server.url}/api/realtime/ws`;
    const none = await upgrade(wsUrl);
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body ?? '{}')).toMatchObject({ code: 4011 });
    const theirs = await upgrade(`${wsUrl}?topic=user:${bob.id}&token=${alice.token}`);
    expect(theirs.status).toBe(403);
  });

  it('resumes from ?offset= with exactly the missed events, in order', async () => {
    const base = `${server.url.replace('http', 'ws')}/api/realtime/ws?token=${bob.token}`;
    const first = await openWs(base);
    await sleep(50);
    const id = await publish(`user:${bob.id}`, 'n', 10);
    await first.until(1);
    first.close();
    for (const i of [11, 12]) await publish(`user:${bob.id}`, 'n', i);
    const again = await openWs(`${base}&offset=${id}`);
    await again.until(2);
    await sleep(50);
    expect(again.events.map((e) => e.data)).toEqual([11, 12]);
    again.close();
  });

  it('drops a client that stopped reading, counts it, and keeps a fast one receiving everything', async () => {
    const slow = await upgrade(`${server.url}/api/realtime/ws?token=${alice.token}`);
    expect(slow.status).toBe(101);
    const fast = await openWs(`${server.url.replace('http', 'ws')}/api/realtime/ws`, auth(alice.token));
    await sleep(50);
    const big = 'x'.repeat(60_000);
    let closedAt = -1;
    slow.socket?.once('close', () => (closedAt = closedAt < 0 ? sent : closedAt));
    let sent = 0;
    for (; sent < 200 && closedAt < 0; sent += 1) {
      await publish(`user:${alice.id}`, 'big', { i: sent, big });
      await sleep(1);
    }
    await fast.until(sent, 10_000);
    expect(fast.events.map((e) => (e.data as { i: number }).i)).toEqual(
      Array.from({ length: sent }, (_, i) => i),
    );
    const metrics = await server.runtime.deps.metrics.registry.metrics();
    expect(metrics).toMatch(/wegate_realtime_drops_total\{transport="ws",reason="slow"\} [1-9]/);
    slow.socket?.destroy();
    fast.close();
  }, 30_000);
});

describe('WebSocket compression', () => {
  const offer = { 'sec-websocket-extensions': 'permessage-deflate; client_max_window_bits' };

  it('is not negotiated unless configured, even when the client offers it', async () => {
    const answer = await upgrade(`${server.url}/api/realtime/ws?token=${alice.token}`, offer);
    expect(answer.status).toBe(101);
    expect(answer.headers?.['sec-websocket-extensions']).toBeUndefined();
    answer.socket?.destroy();
  });

  it('is negotiated with realtime.deflateAboveBytes set; frames above and below the threshold arrive intact', async () => {
    const compressing = await startRealtimeServer(undefined, { realtime: { deflateAboveBytes: 1024 } });
    try {
      const user = await compressing.signIn('o-deflate');
      const answer = await upgrade(`${compressing.url}/api/realtime/ws?token=${user.token}`, offer);
      expect(String(answer.headers?.['sec-websocket-extensions'])).toContain('permessage-deflate');
      const ws = await openWs(`${compressing.url.replace('http', 'ws')}/api/realtime/ws?token=${user.token}`);
      await sleep(50);
      await compressing.realtime.publish(`user:${user.id}`, { type: 'big', data: 'y'.repeat(5000) });
      await compressing.realtime.publish(`user:${user.id}`, { type: 'small', data: 1 });
      expect((await ws.until(2)).map((e) => e.type)).toEqual(['big', 'small']);
      ws.close();
      answer.socket?.destroy();
    } finally {
      await compressing.close();
    }
  });
});

describe('heartbeats', () => {
  it('cuts a WebSocket that does not answer pings, counts it, and keeps one that does', async () => {
    const beating = await startRealtimeServer(undefined, { realtime: { heartbeatMs: 200 } });
    try {
      const user = await beating.signIn('o-heartbeat');
      const silent = await upgrade(`${beating.url}/api/realtime/ws?token=${user.token}`);
      const closed = new Promise<void>((resolve) => silent.socket?.once('close', () => resolve()));
      silent.socket?.resume(); // reads, but never answers a ping (a raw socket, not a WebSocket client)
      const live = await openWs(`${beating.url.replace('http', 'ws')}/api/realtime/ws?token=${user.token}`);
      await closed;
      await sleep(300);
      expect(live.closed()).toBeUndefined();
      await beating.realtime.publish(`user:${user.id}`, { type: 'still', data: 1 });
      expect((await live.until(1))[0]?.type).toBe('still');
      const metrics = await beating.runtime.deps.metrics.registry.metrics();
      expect(metrics).toContain('wegate_realtime_drops_total{transport="ws",reason="heartbeat"} 1');
      live.close();
    } finally {
      await beating.close();
    }
  });
});
