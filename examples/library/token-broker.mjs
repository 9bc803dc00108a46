/**
 * One access_token shared by two processes through Redis: both ask at once, one fetches it from WeChat
 * under the Redis lock, the other waits and reads it from the Redis cache.
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createAccessTokenBroker } from 'wegate';
import { closeRedis, connectRedis, createRedisCache, createRedisLock } from 'wegate/adapters';
import { settings } from './settings.mjs';

/** @param {string} keyPrefix */
async function tokenOfThisProcess(keyPrefix) {
  const { appid, secret } = settings.mp();
  const redis = await connectRedis(settings.redisUrl);
  try {
    const tokens = createAccessTokenBroker(
      { appid, secret, baseUrl: settings.apiBase },
      {
        cache: createRedisCache({ redis, keyPrefix: `${keyPrefix}cache:` }),
        lock: createRedisLock({ redis, keyPrefix: `${keyPrefix}lock:` }),
      },
    );
    return await tokens.get();
  } finally {
    await closeRedis(redis);
  }
}

/** @param {string} keyPrefix @returns {Promise<string>} */
function tokenOfAnotherProcess(keyPrefix) {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['worker', keyPrefix]);
    child.once('message', (token) => resolve(String(token)));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`worker exited with ${code}`)));
  });
}

/** Tokens the emulator has issued to the app so far (its statistics, GET /__emulator/stats). */
async function tokensIssued() {
  const { appid } = settings.mp();
  const stats = await (await fetch(`${settings.emulator}/__emulator/stats?appid=${appid}`)).json();
  const issued = stats.apps[appid]?.tokensIssued ?? { classic: 0, stable: 0 };
  return issued.classic + issued.stable;
}

if (process.argv[2] === 'worker') {
  const token = await tokenOfThisProcess(String(process.argv[3]));
  process.send?.(token, () => process.disconnect());
} else {
  // A prefix of its own per run: a token cached by an earlier run would make both processes fetch nothing.
  const keyPrefix = `wegate-example:${randomUUID()}:`;
  const before = await tokensIssued();
  const [first, second] = await Promise.all([
    tokenOfAnotherProcess(keyPrefix),
    tokenOfAnotherProcess(keyPrefix),
  ]);
  const fetches = (await tokensIssued()) - before;
  console.log(JSON.stringify({ scenario: 'token-broker', sameToken: first === second, fetches }));
}
