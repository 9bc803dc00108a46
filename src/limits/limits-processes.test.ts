import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestRedis, type TestRedis } from '../../test/helpers/redis.js';

const HELPER = join(process.cwd(), 'src/limits/limit-hammer.test-helper.ts');
const MAX = 20;
const WINDOW_MS = 2000;
const RUN_MS = 6000;

let testRedis: TestRedis;
beforeAll(async () => {
  testRedis = await createTestRedis('limits-processes');
});
afterAll(() => testRedis.cleanup());

interface Run {
  readonly allowed: number[];
  readonly from: number;
  readonly to: number;
}

/** Starts one hammering process; `ready` resolves once it is connected, `go()` lets it start. */
function hammer(): { ready: Promise<void>; go: () => void; done: Promise<Run> } {
  const child = spawn(process.execPath, ['--import', 'tsx', HELPER], {
    env: {
      ...process.env,
      HAMMER_PREFIX: testRedis.prefix,
      HAMMER_MS: String(RUN_MS),
      HAMMER_MAX: String(MAX),
      HAMMER_WINDOW_S: String(WINDOW_MS / 1000),
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const ready = new Promise<void>((resolve) => {
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      if (err.includes('ready\n')) resolve();
    });
  });
  const done = new Promise<Run>((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as Run) : reject(new Error(`exit ${code}: ${err}`)),
    ),
  );
  return { ready, go: () => child.stdin.end('go\n'), done };
}

describe('a per-user limit on Redis shared by three processes', () => {
  it('lets no more than the limit through in any window, and lets the limit through', async () => {
    // Started together once all three are connected (starting a process on a loaded machine takes seconds).
    const children = [hammer(), hammer(), hammer()];
    await Promise.all(children.map((c) => c.ready));
    for (const c of children) c.go();
    const runs = await Promise.all(children.map((c) => c.done));
    expect(runs.every((r) => r.allowed.length > 0)).toBe(true);
    const allowed = runs.flatMap((r) => r.allowed).sort((a, b) => a - b);
    // The windows are timed by Redis's clock, these times by the processes' as each call returned: on a
    // loaded machine a reply can arrive a few hundred ms late, so windows are measured that much short.
    const slack = 300;
    let most = 0;
    let from = 0;
    for (let to = 0; to < allowed.length; to += 1) {
      while (allowed[to]! - allowed[from]! >= WINDOW_MS - slack) from += 1;
      most = Math.max(most, to - from + 1);
    }
    expect(most).toBeLessThanOrEqual(MAX);
    // Saturated while all three hammered: a sliding log lets the limit through once per window, so at
    // least the limit per whole window of that common period (within 5%), and never more than the limit
    // per window started.
    const common = Math.min(...runs.map((r) => r.to)) - Math.max(...runs.map((r) => r.from));
    expect(common).toBeGreaterThan(WINDOW_MS);
    expect(allowed.length).toBeGreaterThanOrEqual(Math.floor(0.95 * MAX * Math.floor(common / WINDOW_MS)));
    // The same slack: a first reply that arrived late makes the span look shorter than Redis timed it.
    const windows = Math.floor((allowed.at(-1)! - allowed[0]! + slack) / WINDOW_MS) + 1;
    expect(allowed.length).toBeLessThanOrEqual(MAX * windows);
  }, 60_000);
});
