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

function hammer(): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', HELPER], {
      env: {
        ...process.env,
        HAMMER_PREFIX: testRedis.prefix,
        HAMMER_MS: String(RUN_MS),
        HAMMER_MAX: String(MAX),
        HAMMER_WINDOW_S: String(WINDOW_MS / 1000),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as number[]) : reject(new Error(`exit ${code}`)),
    );
  });
}

describe('a per-user limit on Redis shared by three processes', () => {
  it('lets no more than the limit through in any window, and lets the limit through', async () => {
    const runs = await Promise.all([hammer(), hammer(), hammer()]);
    expect(runs.every((r) => r.length > 0)).toBe(true);
    const allowed = runs.flat().sort((a, b) => a - b);
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
    // Saturated for RUN_MS: at least the limit per elapsed window, within 5%.
    const windows = Math.floor((allowed.at(-1)! - allowed[0]!) / WINDOW_MS) + 1;
    expect(allowed.length).toBeGreaterThanOrEqual(Math.floor(0.95 * MAX * windows));
    expect(allowed.length).toBeLessThanOrEqual(MAX * windows);
  }, 60_000);
});
