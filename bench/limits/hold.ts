/**
 * @module Three processes holding one user's limit on Redis: each checks as fast as it can (the
 * limits-processes test's hammer, started together once all three are connected) for a run of
 * `seconds`; the allowed checks, merged, are compared with the limit per window.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const HAMMER = fileURLToPath(new URL('../../src/limits/limit-hammer.test-helper.ts', import.meta.url));

export interface Hold {
  readonly allowed: number;
  /** What the limit lets through over the period all three hammered (max per whole window). */
  readonly expected: number;
  /** The most allowed checks in any window-long span of the merged times. */
  readonly mostInAWindow: number;
}

function hammer(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--import', 'tsx', HAMMER], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const ready = new Promise<void>((resolve) =>
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes('ready\n')) resolve();
    }),
  );
  const done = new Promise<{ allowed: number[]; from: number; to: number }>((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`exit ${code}: ${err}`)),
    ),
  );
  return { ready, go: () => child.stdin.end('go\n'), done };
}

export async function holdLimit(
  redisUrl: string,
  prefix: string,
  options: { seconds: number; max: number; windowS: number },
): Promise<Hold> {
  const env = {
    ...process.env,
    TEST_REDIS_URL: redisUrl,
    HAMMER_PREFIX: `${prefix}hold:`,
    HAMMER_MS: String(options.seconds * 1000),
    HAMMER_MAX: String(options.max),
    HAMMER_WINDOW_S: String(options.windowS),
  };
  const children = [hammer(env), hammer(env), hammer(env)];
  await Promise.all(children.map((c) => c.ready));
  for (const c of children) c.go();
  const runs = await Promise.all(children.map((c) => c.done));
  const times = runs.flatMap((r) => r.allowed).sort((a, b) => a - b);
  const windowMs = options.windowS * 1000;
  let most = 0;
  for (let from = 0, to = 0; to < times.length; to += 1) {
    while (times[to]! - times[from]! >= windowMs) from += 1;
    most = Math.max(most, to - from + 1);
  }
  const common = Math.min(...runs.map((r) => r.to)) - Math.max(...runs.map((r) => r.from));
  return { allowed: times.length, expected: options.max * Math.ceil(common / windowMs), mostInAWindow: most };
}
