/**
 * @module One process checking one user's limit on Redis as fast as it can for HAMMER_MS, printing the
 * times (Date.now()) of the checks it was allowed and the period it hammered, one JSON object on stdout.
 * It writes `ready` on stderr once connected and starts when a line arrives on stdin, so that several
 * processes started on a loaded machine hammer the same period.
 * Env: HAMMER_PREFIX (key prefix), HAMMER_MS, HAMMER_MAX, HAMMER_WINDOW_S.
 */
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { testRedisUrl } from '../../test/helpers/redis.js';
import { createLimits } from './create-limits.js';
import { createRedisSlidingWindow } from './redis-sliding-window.js';

const redis = new Redis(testRedisUrl());
await redis.ping();
const settings = {
  hammer: { perUser: { max: Number(process.env.HAMMER_MAX), windowS: Number(process.env.HAMMER_WINDOW_S) } },
};
const limits = createLimits({
  store: createRedisSlidingWindow({ redis, keyPrefix: process.env.HAMMER_PREFIX ?? 'wegate-test:hammer:' }),
  settings,
});
process.stderr.write('ready\n');
await once(process.stdin, 'data');
process.stdin.pause();
const allowed: number[] = [];
const from = Date.now();
const until = from + Number(process.env.HAMMER_MS);
while (Date.now() < until) {
  const decision = await limits.check('hammer', { userId: 'one-user', ip: `10.0.0.${process.pid % 250}` });
  if (decision.outcome === 'allowed') allowed.push(Date.now());
}
process.stdout.write(JSON.stringify({ allowed, from, to: Date.now() }));
redis.disconnect();
