/**
 * One "process" of the token contention test: a broker + API client sharing Redis with its siblings.
 * Reads commands from stdin, one JSON per line: {"run":{"calls":N,"waves":W,"gapMs":G,"spreadMs":S}} or
 * {"exit":true}; answers one JSON line per run: {"ok":n,"failed":n,"errors":[…]}. With `spreadMs`, the
 * calls of a wave start at random moments over that span, as requests reach a gateway, instead of at once.
 */
import { createInterface } from 'node:readline';
import {
  createRedisCache,
  createRedisLock,
  connectRedis,
  closeRedis,
} from '../../src/adapters/redis/index.js';
import { createAccessTokenBroker } from '../../src/kernel/credential/index.js';
import { createApiClient } from '../../src/kernel/http/index.js';

const env = process.env;
const redis = await connectRedis(env.WORKER_REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = env.WORKER_PREFIX ?? 'wegate-test:';
const deps = {
  cache: createRedisCache({ redis, keyPrefix: prefix }),
  lock: createRedisLock({ redis, keyPrefix: `${prefix}lock:` }),
};
const baseUrl = env.WORKER_BASE_URL ?? '';
const tokens = createAccessTokenBroker(
  {
    appid: env.WORKER_APPID ?? '',
    secret: env.WORKER_SECRET ?? '',
    mode: env.WORKER_MODE === 'classic' ? 'classic' : 'stable',
    baseUrl,
  },
  deps,
);
const api = createApiClient({ baseUrl }, { tokens });

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(calls: number, waves: number, gapMs: number, spreadMs = 0) {
  const errors: string[] = [];
  let ok = 0;
  const perWave = Math.ceil(calls / waves);
  for (let w = 0; w < waves; w += 1) {
    const batch = Array.from({ length: Math.min(perWave, calls - w * perWave) }, () =>
      pause(Math.random() * spreadMs)
        .then(() => api.get('/cgi-bin/getcallbackip'))
        .then(
          () => (ok += 1),
          (e: unknown) => errors.push(e instanceof Error ? e.message : String(e)),
        ),
    );
    await Promise.all(batch);
    if (gapMs > 0 && w < waves - 1) await pause(gapMs);
  }
  return { ok, failed: errors.length, errors: errors.slice(0, 5) };
}

process.stdout.write(JSON.stringify({ ready: true }) + '\n');
for await (const line of createInterface({ input: process.stdin })) {
  const cmd = JSON.parse(line) as {
    run?: { calls: number; waves: number; gapMs: number; spreadMs?: number };
    exit?: boolean;
  };
  if (cmd.exit) break;
  if (cmd.run) {
    const { calls, waves, gapMs, spreadMs } = cmd.run;
    process.stdout.write(JSON.stringify(await run(calls, waves, gapMs, spreadMs)) + '\n');
  }
}
await api.close();
await closeRedis(redis);
// stdin stays referenced after the loop ends; leave explicitly.
process.exit(0);
