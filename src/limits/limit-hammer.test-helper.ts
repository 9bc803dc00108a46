/**
 * @module One process checking one user's limit on Redis as fast as it can for HAMMER_MS, printing the
 * times (Date.now()) of the checks it was allowed, one JSON array on stdout.
 * Env: HAMMER_PREFIX (key prefix), HAMMER_MS, HAMMER_MAX, HAMMER_WINDOW_S.
 */
import { Redis } from 'ioredis';
import { testRedisUrl } from '../../test/helpers/redis.js';
import { createLimits } from './create-limits.js';
import { createRedisSlidingWindow } from './redis-sliding-window.js';

const redis = new Redis(testRedisUrl());
const settings = {
  hammer: { perUser: { max: Number(process.env.HAMMER_MAX), windowS: Number(process.env.HAMMER_WINDOW_S) } },
};
const limits = createLimits({
  store: createRedisSlidingWindow({ redis, keyPrefix: process.env.HAMMER_PREFIX ?? 'wegate-test:hammer:' }),
  settings,
});
const allowed: number[] = [];
const until = Date.now() + Number(process.env.HAMMER_MS);
while (Date.now() < until) {
  const decision = await limits.check('hammer', { userId: 'one-user', ip: `10.0.0.${process.pid % 250}` });
  if (decision.outcome === 'allowed') allowed.push(Date.now());
}
process.stdout.write(JSON.stringify(allowed));
redis.disconnect();
