/** @module ensureFreshDist: dist/ holds the build of today's src/, rebuilt only when a source is newer. */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './run-cli.js';

const run = promisify(execFile);

/** What tsconfig.build.json leaves out of the build. */
const NOT_BUILT = /\.(test|contract|test-helper)\.ts$/;
const OUTPUT = /(\.d\.ts|\.js\.map|\.js)$/;
const LOCK_STALE_MS = 5 * 60_000;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}

/** dist files whose source is gone (a moved or deleted module): they would ship in the tarball. */
export function orphanedOutputs(): string[] {
  const dist = join(ROOT, 'dist');
  return walk(dist).filter((file) => {
    const base = relative(dist, file).replace(OUTPUT, '');
    try {
      return !statSync(join(ROOT, 'src', `${base}.ts`)).isFile();
    } catch {
      return true;
    }
  });
}

function isStale(): boolean {
  return walk(join(ROOT, 'src'))
    .filter((file) => file.endsWith('.ts') && !NOT_BUILT.test(file))
    .some((file) => {
      const out = join(ROOT, 'dist', relative(join(ROOT, 'src'), file).replace(/\.ts$/, '.js'));
      try {
        return statSync(out).mtimeMs < statSync(file).mtimeMs;
      } catch {
        return true;
      }
    });
}

/**
 * One build (and pack) at a time across test files, which vitest runs in parallel processes: a lock
 * folder under .tmp/.
 */
export async function withBuildLock<T>(fn: () => Promise<T>): Promise<T> {
  const lock = join(ROOT, '.tmp', 'dist-build.lock');
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than a build can take belongs to a test process that died.
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - since > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Removes outputs whose source is gone, then runs `npm run build` when any source is newer than its
 * output (CI's `npm ci` has just built, so there it costs nothing). Returns whether it built. Call it
 * inside withBuildLock.
 */
export async function ensureFreshDist(): Promise<boolean> {
  const built = !existsSync(join(ROOT, 'dist')) || isStale();
  if (built) await run('npm', ['run', 'build'], { cwd: ROOT });
  for (const file of orphanedOutputs()) rmSync(file);
  return built;
}
