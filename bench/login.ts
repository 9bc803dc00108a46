/** @module Mini Program login and `/api` auth cost: `node --import tsx bench/login.ts` prints a markdown table. */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, platform, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'undici';
import type { AppConfig } from '../src/config/config.types.js';
import { createLogger } from '../src/kernel/log/create-logger.js';
import { createFieldCipher } from '../src/kernel/crypto/sm4-field.js';
import { createSessionService, createUserStore } from '../src/mini-program/session/index.js';
import { ok } from '../src/server/plugins/envelope.js';
import { createRequireUser } from '../src/server/plugins/auth.js';
import { buildApp } from '../src/server/build-app.js';
import { createRuntime } from '../src/server/create-runtime.js';
import { testConfig } from '../test/helpers/test-config.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONCURRENCY = 32;
const LOGIN_CONCURRENCY = 8;
const JWT_SECRET = 'bench-jwt-secret-0123456789abcdef';
const MP: AppConfig = {
  name: 'mp',
  type: 'mini-program',
  appid: 'wxbenchlogin00001',
  secret: 'bench-secret-login',
  tokenMode: 'stable',
  msgMode: 'plain',
  pushFormat: 'xml',
};

/** Keeps `width` calls in flight for `SECONDS`; returns calls per second. */
async function concurrent(op: (n: number) => Promise<void>, width = CONCURRENCY): Promise<number> {
  const until = performance.now() + SECONDS * 1000;
  const started = performance.now();
  let calls = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < until) {
      await op(calls);
      calls += 1;
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return calls / ((performance.now() - started) / 1000);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wegate-bench-login-'));
  const config = testConfig({
    dataDir,
    apps: { mp: MP },
    secrets: { jwtSecret: JWT_SECRET, fieldKeys: { '1': '00112233445566778899aabbccddeeff' } },
  });
  const runtime = await createRuntime(config, { logger: createLogger({ level: 'silent' }) });
  const app = await buildApp(config, runtime.deps);
  // The peer of the cached check: the same verification asking the store on every request.
  const users = createUserStore({
    store: runtime.deps.store,
    cipher: createFieldCipher({ keys: { ...config.secrets.fieldKeys } }),
  });
  const uncached = createSessionService(
    { jwtSecret: JWT_SECRET, revocationCacheMs: 0 },
    { store: runtime.deps.store, users },
  );
  app.get('/api/bench/open', async () => ok({ pong: true }));
  app.get('/api/bench/auth', { preHandler: app.requireUser }, async () => ok({ pong: true }));
  app.get('/api/bench/auth-per-request', { preHandler: createRequireUser(() => uncached) }, async () =>
    ok({ pong: true }),
  );
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const pool = new Pool(url, { connections: CONCURRENCY });
  const post = async (path: string, body: unknown) => {
    const res = await pool.request({
      method: 'POST',
      path,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.body.json()) as Record<string, unknown>;
    if (res.statusCode !== 200)
      throw new Error(`${path} answered ${res.statusCode}: ${JSON.stringify(json)}`);
    return json;
  };
  const login = async (n: number) => {
    const { code } = (await post('/__emulator/mp/login', { appid: MP.appid, user: `bench-${n}` })) as {
      code: string;
    };
    return (await post('/api/auth/login', { code })).data as { token: string };
  };
  const { token } = await login(-1);
  const get = (path: string, auth: boolean) => async () => {
    const res = await pool.request({
      method: 'GET',
      path,
      headers: auth ? { authorization: `Bearer ${token}` } : {},
    });
    await res.body.dump();
    if (res.statusCode !== 200) throw new Error(`${path} answered ${res.statusCode}`);
  };

  const logins = await concurrent(async (n) => void (await login(n)), LOGIN_CONCURRENCY);
  const rounds: Record<string, number[]> = { open: [], auth: [], perRequest: [] };
  for (let round = 0; round < 2; round += 1) {
    rounds.open!.push(await concurrent(get('/api/bench/open', false)));
    rounds.auth!.push(await concurrent(get('/api/bench/auth', true)));
    rounds.perRequest!.push(await concurrent(get('/api/bench/auth-per-request', true)));
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const open = mean(rounds.open!);
  const auth = mean(rounds.auth!);
  const perRequest = mean(rounds.perRequest!);
  const cost = (x: number) => `${((1 - x / open) * 100).toFixed(1)}% slower than without auth`;
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log(
    `Machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, ${platform()} ${release()}, Node ${process.version}`,
  );
  console.log(
    `${SECONDS} s per measurement, ${CONCURRENCY} requests in flight (logins: ${LOGIN_CONCURRENCY}); /api rows: mean of 2 rounds\n`,
  );
  console.log('| measurement | per second | ratio |\n|---|---:|---|');
  console.log(
    `| login end to end (emulator wx.login + POST /api/auth/login: jscode2session, upsert, SM4, JWT, refresh row) | ${fmt(logins)} | — |`,
  );
  console.log(`| GET trivial /api route, no auth (peer) | ${fmt(open)} | — |`);
  console.log(
    `| same route with requireUser (JWT verify + revocation check cached ≤ 1 s) | ${fmt(auth)} | ${cost(auth)} |`,
  );
  console.log(
    `| same route, revocation checked in the store on every request | ${fmt(perRequest)} | ${cost(perRequest)} |`,
  );
  await pool.close();
  await app.close();
  await runtime.close();
  rmSync(dataDir, { recursive: true, force: true });
}

await main();
