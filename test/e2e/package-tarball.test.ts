import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTarball } from '../helpers/install-tarball.js';
import {
  consumerRequireScript,
  consumerScript,
  consumerSource,
  consumerTsconfig,
  PUBLIC_SURFACE,
  readmeSurface,
} from '../helpers/package-consumer.js';
import { ROOT } from '../helpers/run-cli.js';

const run = promisify(execFile);
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

interface PackageJson {
  main: string;
  types: string;
  bin: Record<string, string>;
  exports: Record<string, string | { types: string; default: string }>;
  typesVersions: Record<string, Record<string, string[]>>;
}

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as PackageJson;
// Inside the repository, so wegate's dependencies resolve from the repository's node_modules through
// Node's parent-directory lookup: nothing is installed from the network (better-sqlite3 is not rebuilt).
const work = join(ROOT, '.tmp', `package-tarball-${process.pid}`);
const consumer = join(work, 'consumer');
let files: readonly string[] = [];
const RESOLUTIONS = ['node16', 'node', 'bundler'] as const;
/** tsc's output per moduleResolution; the three checks run side by side. */
const checks = new Map<string, Promise<string>>();

const strip = (path: string) => path.replace(/^\.\//, '');

async function typeCheck(resolution: string): Promise<string> {
  const result = await run('node', [TSC, '-p', `tsconfig.${resolution}.json`], { cwd: consumer }).catch(
    (error: { stdout?: string; stderr?: string }) => ({
      stdout: error.stdout ?? '',
      stderr: error.stderr ?? '',
    }),
  );
  return `${result.stdout}${result.stderr}`;
}

beforeAll(async () => {
  rmSync(work, { recursive: true, force: true });
  ({ files } = await installTarball(work, 'consumer'));
  writeFileSync(join(consumer, 'consumer.ts'), consumerSource());
  writeFileSync(join(consumer, 'run.mjs'), consumerScript());
  writeFileSync(join(consumer, 'run.cjs'), consumerRequireScript());
  for (const resolution of RESOLUTIONS) {
    writeFileSync(join(consumer, `tsconfig.${resolution}.json`), consumerTsconfig(resolution));
    checks.set(resolution, typeCheck(resolution));
  }
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the npm pack tarball', () => {
  it('holds the build, the docs, README.md and package.json only: no tests, no TypeScript sources, no source maps', () => {
    expect(files.length).toBeGreaterThan(100);
    const outside = files.filter(
      (f) => !/^(package\.json|README\.md|LICENSE|docs\/.+\.md|dist\/.+)$/.test(f),
    );
    expect(outside).toEqual([]);
    const testsOrSources = files.filter(
      (f) => /\.(test|contract|test-helper)\./.test(f) || (f.endsWith('.ts') && !f.endsWith('.d.ts')),
    );
    expect(testsOrSources).toEqual([]);
    // Source maps would point at src/, which is not shipped (bundlers warn about missing sources).
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
  });

  it('contains every file package.json points at: main, types, bin, exports and typesVersions', () => {
    const targets = [pkg.main, pkg.types, ...Object.values(pkg.bin)];
    for (const entry of Object.values(pkg.exports)) {
      targets.push(...(typeof entry === 'string' ? [entry] : [entry.types, entry.default]));
    }
    for (const paths of Object.values(pkg.typesVersions['*'] ?? {})) targets.push(...paths);
    expect(targets.map(strip).filter((t) => !files.includes(t))).toEqual([]);
  });

  it('exports every subpath the consumer imports, each with its types', () => {
    const subpaths = Object.keys(PUBLIC_SURFACE).map((s) =>
      s === 'wegate' ? '.' : s.replace('wegate', '.'),
    );
    expect(
      Object.keys(pkg.exports)
        .filter((k) => k !== './package.json')
        .sort(),
    ).toEqual(subpaths.sort());
    const typed = Object.keys(pkg.typesVersions['*'] ?? {}).map((k) => `./${k}`);
    expect(typed.sort()).toEqual(subpaths.filter((s) => s !== '.').sort());
  });
});

describe('README.md, Using the library', () => {
  it('lists every subpath, and only names this test checks', () => {
    const listed = readmeSurface(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    expect(Object.keys(listed).sort()).toEqual(Object.keys(PUBLIC_SURFACE).sort());
    const unchecked = Object.entries(listed).flatMap(([subpath, names]) => {
      const surface = PUBLIC_SURFACE[subpath];
      const known = new Set([
        ...(surface?.values ?? []),
        ...(surface?.types ?? []).map((t) => t.replace(/<.*$/, '')),
      ]);
      return names.filter((name) => !known.has(name)).map((name) => `${subpath} ${name}`);
    });
    expect(unchecked).toEqual([]);
  });
});

describe('a project installing the tarball', () => {
  it.each(RESOLUTIONS)(
    'type-checks every documented name of every subpath under moduleResolution %s',
    async (resolution) => {
      expect(await checks.get(resolution)).toBe('');
    },
    60_000,
  );

  it('requires every subpath from CommonJS, as a module: commonjs project compiles its imports', async () => {
    const { stdout } = await run('node', ['run.cjs'], { cwd: consumer });
    expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}')).toEqual({ missing: [] });
  }, 30_000);

  it('imports every subpath at run time and uses the library against the emulator', async () => {
    const { stdout } = await run('node', ['run.mjs'], { cwd: consumer });
    expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}')).toEqual({
      missing: [],
      menuKey: 'HELLO',
      sameOpenid: true,
      jobsTable: true,
    });
  }, 30_000);
});
