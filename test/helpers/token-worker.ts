/**
 * One "process" of the token contention test: a broker + API client sharing Redis with its siblings.
 * Reads commands from stdin, one JSON per line: {"run":{"calls":N,"waves":W,"gapMs":G}} or {"exit":true};
 * answers one JSON line per run: {"ok":n,"failed":n,"errors":[…]}.
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

async function run(calls: number, waves: number, gapMs: number) {
  const errors: string[] = [];
  let ok = 0;
  const perWave = Math.ceil(calls / waves);
  for (let w = 0; w < waves; w += 1) {
    const batch = Array.from({ length: Math.min(perWave, calls - w * perWave) }, () =>
      api.get('/cgi-bin/getcallbackip').then(
        () => (ok += 1),
        (e: unknown) => errors.push(e instanceof Error ? e.message : String(e)),
      ),
    );
    await Promise.all(batch);
    if (gapMs > 0 && w < waves - 1) await new Promise((r) => setTimeout(r, gapMs));
  }
  return { ok, failed: errors.length, errors: errors.slice(0, 5) };
}

process.stdout.write(JSON.stringify({ ready: true }) + '\n');
for await (const line of createInterface({ input: process.stdin })) {
  const cmd = JSON.parse(line) as { run?: { calls: number; waves: number; gapMs: number }; exit?: boolean };
  if (cmd.exit) break;
  if (cmd.run)
    process.stdout.write(JSON.stringify(await run(cmd.run.calls, cmd.run.waves, cmd.run.gapMs)) + '\n');
}
await api.close();
await closeRedis(redis);
// stdin stays referenced after the loop ends; leave explicitly.
process.exit(0);
