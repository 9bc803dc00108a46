/**
 * Four processes share Redis and one emulated WeChat; each fires 500 concurrent API calls. The token
 * broker must mint exactly one token for all of them, and exactly one more after the emulator revokes it
 * mid-run, with no failed call — for stable_token and for the classic cgi-bin/token.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { createTestRedis, testRedisUrl } from '../helpers/redis.js';

const WORKER = fileURLToPath(new URL('../helpers/token-worker.ts', import.meta.url));
const PROCESSES = 4;
const CALLS = 500;

interface RunResult {
  ok: number;
  failed: number;
  errors: string[];
}

interface Worker {
  child: ChildProcessWithoutNullStreams;
  lines: Interface;
  next(): Promise<unknown>;
}

function startWorker(env: Record<string, string>): Promise<Worker> {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], { env: { ...process.env, ...env } });
  const lines = createInterface({ input: child.stdout });
  const queue: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  lines.on('line', (line) => (waiting.length > 0 ? waiting.shift()!(line) : queue.push(line)));
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const next = () =>
    new Promise<unknown>((resolve, reject) => {
      const line = queue.shift();
      if (line !== undefined) return resolve(JSON.parse(line));
      const timer = setTimeout(() => reject(new Error(`worker silent; stderr: ${stderr}`)), 60_000);
      waiting.push((l) => {
        clearTimeout(timer);
        resolve(JSON.parse(l));
      });
    });
  const worker = { child, lines, next };
  return next().then(() => worker);
}

async function tokensIssued(emulator: RunningEmulator, appid: string) {
  const res = await fetch(`${emulator.url}/__emulator/stats?appid=${appid}`);
  const body = (await res.json()) as {
    apps: Record<string, { tokensIssued: { classic: number; stable: number } }>;
  };
  return body.apps[appid]?.tokensIssued ?? { classic: 0, stable: 0 };
}

async function runAll(
  workers: Worker[],
  run: { calls: number; waves: number; gapMs: number; spreadMs?: number },
) {
  for (const w of workers) w.child.stdin.write(JSON.stringify({ run }) + '\n');
  return (await Promise.all(workers.map((w) => w.next()))) as RunResult[];
}

describe.each(['stable', 'classic'] as const)('token broker under contention (%s token)', (mode) => {
  const appid = `wx${randomBytes(8).toString('hex')}`;
  const secret = randomBytes(16).toString('hex');
  let emulator: RunningEmulator;
  let workers: Worker[] = [];
  let cleanupRedis: () => Promise<void>;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, host: '127.0.0.1' });
    emulator.world.apps.put({ appid, secret, type: 'official-account', name: 'oa' });
    const redis = await createTestRedis(`contention-${mode}`);
    cleanupRedis = redis.cleanup;
    const env = {
      WORKER_REDIS_URL: testRedisUrl(),
      WORKER_PREFIX: redis.prefix,
      WORKER_BASE_URL: emulator.url,
      WORKER_APPID: appid,
      WORKER_SECRET: secret,
      WORKER_MODE: mode,
    };
    workers = await Promise.all(Array.from({ length: PROCESSES }, () => startWorker(env)));
  }, 60_000);

  afterAll(async () => {
    for (const w of workers) w.child.stdin.write(JSON.stringify({ exit: true }) + '\n');
    await Promise.all(
      workers.map(
        (w) =>
          new Promise((resolve) => {
            if (w.child.exitCode !== null) return resolve(w.child.exitCode);
            const timer = setTimeout(() => w.child.kill('SIGKILL'), 5_000);
            w.child.once('exit', (code) => (clearTimeout(timer), resolve(code)));
          }),
      ),
    );
    await cleanupRedis?.();
    await emulator?.close();
  });

  it('mints exactly one token for 4 × 500 concurrent calls, and exactly one more after a mid-run revocation', async () => {
    const first = await runAll(workers, { calls: CALLS, waves: 1, gapMs: 0 });
    expect(first.map((r) => r.failed)).toEqual([0, 0, 0, 0]);
    expect(first.reduce((n, r) => n + r.ok, 0)).toBe(PROCESSES * CALLS);
    expect((await tokensIssued(emulator, appid))[mode]).toBe(1);

    // Second run in waves whose calls arrive spread over 60 ms, as requests reach a gateway: new calls
    // start while failed ones are still dropping the revoked token. The emulator revokes it mid-run.
    const second = runAll(workers, { calls: CALLS, waves: 10, gapMs: 40, spreadMs: 60 });
    await new Promise((r) => setTimeout(r, 120));
    const revoked = await fetch(`${emulator.url}/__emulator/tokens/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appid, kind: mode }),
    });
    expect(revoked.status).toBe(200);
    const results = await second;
    expect(results.flatMap((r) => r.errors)).toEqual([]);
    expect(results.reduce((n, r) => n + r.ok, 0)).toBe(PROCESSES * CALLS);
    const issued = await tokensIssued(emulator, appid);
    expect(issued[mode]).toBe(2);
    // The other kind was never touched: stable and classic tokens are isolated.
    expect(issued[mode === 'stable' ? 'classic' : 'stable']).toBe(0);
    // Proof the revocation landed mid-run: some calls were rejected with a token errcode and replayed.
    const stats = (await (await fetch(`${emulator.url}/__emulator/stats?appid=${appid}`)).json()) as {
      apps: Record<string, { calls: Record<string, { errors: Record<string, number> }> }>;
    };
    const errors = stats.apps[appid]?.calls['/cgi-bin/getcallbackip']?.errors ?? {};
    expect(Object.keys(errors).some((code) => ['40001', '40014', '42001'].includes(code))).toBe(true);
  }, 120_000);
});
