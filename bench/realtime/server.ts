/**
 * @module A server process for `npm run bench:realtime`, driven over IPC: `wegate` (buildApp with the
 * realtime routes; over Redis when BENCH_REDIS_PREFIX is set) or `bare` (a `ws` server and its broadcast loop).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Gauge } from 'prom-client';
import { closeRedis, connectRedis } from '../../src/adapters/redis/connect.js';
import { createFieldCipher } from '../../src/kernel/crypto/sm4-field.js';
import { createLogger } from '../../src/kernel/log/create-logger.js';
import { createSessionService } from '../../src/mini-program/session/session-service.js';
import { createUserStore } from '../../src/mini-program/session/user-store.js';
import { createRealtime, type RealtimeService } from '../../src/realtime/index.js';
import { buildApp } from '../../src/server/build-app.js';
import { createRuntime } from '../../src/server/create-runtime.js';
import { testConfig } from '../../test/helpers/test-config.js';
import { ws } from './ws-module.js';

export type Command =
  | { cmd: 'tokens'; n: number }
  | { cmd: 'mem' }
  | { cmd: 'fanout'; events: number; perTick: number; size: number }
  | { cmd: 'stop' };

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const now = () => performance.timeOrigin + performance.now();
const tick = () => new Promise((resolve) => setImmediate(resolve));
const reply = (message: unknown) => process.send?.(message);

function memory(connections: number) {
  gc();
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, connections };
}

async function startWegate() {
  const dataDir = mkdtempSync(join(tmpdir(), 'wegate-bench-realtime-'));
  const secrets = { jwtSecret: 'bench-realtime-jwt-secret-0123456789', fieldKeys: { '1': '00'.repeat(16) } };
  // Clients on a busy core may read a burst for longer than the default 15 s heartbeat: no cut-offs here.
  const config = testConfig({ sandbox: false, dataDir, secrets, realtime: { heartbeatMs: 600_000 } });
  const runtime = await createRuntime(config, { logger: createLogger({ level: 'warn' }) });
  const prefix = process.env.BENCH_REDIS_PREFIX;
  const redis = prefix ? await connectRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379') : undefined;
  const realtime: RealtimeService = redis
    ? createRealtime({ redis, keyPrefix: prefix, registry: runtime.deps.metrics.registry })
    : (runtime.deps.realtime as RealtimeService);
  realtime.authorize((_user, topic) => topic === 'bench.fanout');
  const app = await buildApp(config, { ...runtime.deps, realtime });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const users = createUserStore({
    store: runtime.deps.store,
    cipher: createFieldCipher({ keys: secrets.fieldKeys }),
  });
  const sessions = createSessionService(
    { jwtSecret: secrets.jwtSecret },
    { store: runtime.deps.store, users },
  );
  const gauge = runtime.deps.metrics.registry.getSingleMetric('wegate_realtime_connections') as Gauge;
  const connections = async () => (await gauge.get()).values.reduce((sum, v) => sum + v.value, 0);
  return {
    port: (app.server.address() as { port: number }).port,
    async tokens(n: number) {
      const tokens: string[] = [];
      for (let i = 0; i < n; i += 1) {
        const user = await users.upsertLogin({
          appid: 'wxbench',
          openid: `o-${i}`,
          sessionKey: 'AAAAAAAAAAAAAAAAAAAAAA==',
        });
        tokens.push((await sessions.issue({ userId: user.id, appid: 'wxbench', openid: `o-${i}` })).token);
      }
      return tokens;
    },
    connections,
    async fanout(events: number, perTick: number, pad: string) {
      for (let i = 0; i < events; i += 1) {
        await realtime.publish('bench.fanout', { type: 'tick', data: { i, pad } });
        if ((i + 1) % perTick === 0) await tick();
      }
    },
    async stop() {
      await app.close();
      if (redis) await realtime.close().then(() => closeRedis(redis));
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function startBare() {
  const server = new ws.WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  await new Promise<void>((resolve) => server.on('listening', resolve));
  return {
    port: server.address().port,
    tokens: async (n: number) => Array.from({ length: n }, () => ''),
    connections: async () => server.clients.size,
    // The broadcast loop of ws's README, each message encoded once and sent to every open client.
    async fanout(events: number, perTick: number, pad: string) {
      for (let i = 0; i < events; i += 1) {
        const frame = Buffer.from(
          JSON.stringify({ id: `${Date.now()}-${i}`, type: 'tick', data: { i, pad } }),
        );
        for (const client of server.clients)
          if (client.readyState === 1) client.send(frame, { binary: false });
        if ((i + 1) % perTick === 0) await tick();
      }
    },
    stop: async () => undefined,
  };
}

const server = process.env.BENCH_MODE === 'bare' ? await startBare() : await startWegate();
reply({ type: 'ready', port: server.port });
process.on('message', (message: Command) => {
  void (async () => {
    if (message.cmd === 'tokens') reply({ type: 'tokens', tokens: await server.tokens(message.n) });
    if (message.cmd === 'mem') reply({ type: 'mem', ...memory(await server.connections()) });
    if (message.cmd === 'fanout') {
      const t0 = now();
      await server.fanout(message.events, message.perTick, 'x'.repeat(message.size));
      reply({ type: 'fanout', t0, published: now() });
    }
    if (message.cmd === 'stop') {
      await server.stop();
      reply({ type: 'stopped' });
      process.exit(0);
    }
  })();
});
