import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The dependency direction of the layout (config and kernel at the bottom, server on top, consumers
// outside), checked on the import statements.
const SRC = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(SRC, '..');
const PRODUCTS = ['callback', 'official-account', 'mini-program', 'cloud', 'pay', 'outbox'];
const CONSUMERS = ['apps', 'examples'];
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;
const SOURCE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
/** Tests may use adapters, helpers and the emulator; the layering is about what ships. */
const TEST = /\.(test|contract|test-helper)\.ts$/;

const PUBLIC_SUBPATHS = new Set(
  Object.keys((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: object }).exports)
    .filter((key) => key !== './package.json')
    .map((key) => (key === '.' ? 'wegate' : key.replace(/^\.\//, 'wegate/'))),
);

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sourceFiles(path);
    return SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function specifiers(source: string): string[] {
  return [...source.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
}

/** The folder of src/ a relative import lands in (`kernel`, `server`…), or `..` when outside src/. */
function areaOf(file: string, specifier: string): string {
  const target = relative(SRC, resolve(dirname(file), specifier))
    .split(sep)
    .join('/');
  return target.startsWith('..') ? '..' : (target.split('/')[0] ?? '').replace(/\.(ts|js)$/, '');
}

/** Relative imports of the files under `src/<area>` that land in a folder `allowed` refuses. */
function offenders(area: string, allowed: (target: string) => boolean, withTests: boolean): string[] {
  return sourceFiles(join(SRC, area))
    .filter((file) => withTests || !TEST.test(file))
    .flatMap((file) =>
      specifiers(readFileSync(file, 'utf8'))
        .filter((s) => s.startsWith('.') && areaOf(file, s) !== area && !allowed(areaOf(file, s)))
        .map((s) => `${relative(ROOT, file)} → ${s}`),
    );
}

/** Whether a consumer (a file of `apps/<name>/` or `examples/<name>/`) may import `specifier`. */
function isPublicImport(file: string, specifier: string): boolean {
  if (specifier.startsWith('.') || specifier.startsWith('/')) {
    // Its own files only: the consumer's folder (apps/<name> or examples/<name>).
    const own = join(ROOT, ...relative(ROOT, file).split(sep).slice(0, 2));
    const target = relative(own, resolve(dirname(file), specifier));
    return (
      !target.startsWith('..') && !resolve(dirname(file), specifier).startsWith(`${own}${sep}node_modules`)
    );
  }
  if (specifier === 'wegate' || specifier.startsWith('wegate/')) return PUBLIC_SUBPATHS.has(specifier);
  return true; // node: builtins and other packages
}

function consumerOffenders(): string[] {
  return CONSUMERS.flatMap((folder) => sourceFiles(join(ROOT, folder))).flatMap((file) =>
    specifiers(readFileSync(file, 'utf8'))
      .filter((s) => !isPublicImport(file, s))
      .map((s) => `${relative(ROOT, file)} → ${s}`),
  );
}

describe('architecture boundaries', () => {
  it('apps/* and examples/* import only wegate and its public subpaths, never src/ or dist/', () => {
    const files = CONSUMERS.flatMap((folder) => sourceFiles(join(ROOT, folder)));
    expect(files.length).toBeGreaterThan(0);
    expect(
      files.flatMap((f) => specifiers(readFileSync(f, 'utf8'))).some((s) => s.startsWith('wegate')),
    ).toBe(true);
    expect(consumerOffenders()).toEqual([]);
  });

  it('src/kernel imports nothing of ours but src/config', () => {
    expect(sourceFiles(join(SRC, 'kernel')).length).toBeGreaterThan(20);
    // The scan sees the kernel's imports of config (broker options), which the rule allows.
    expect(offenders('kernel', () => false, false).length).toBeGreaterThan(0);
    expect(offenders('kernel', (target) => target === 'config', false)).toEqual([]);
  });

  it('src/config imports nothing outside src/config', () => {
    expect(sourceFiles(join(SRC, 'config')).length).toBeGreaterThan(10);
    expect(offenders('config', () => false, false)).toEqual([]);
  });

  it.each(PRODUCTS)('src/%s never imports src/server (sources and tests)', (product) => {
    const files = sourceFiles(join(SRC, product));
    expect(files.length).toBeGreaterThan(0);
    expect(offenders(product, (target) => target !== 'server', true)).toEqual([]);
  });

  it('src/adapters imports of products reach only their migrations/, which import only Kysely and each other', () => {
    const intoProducts = sourceFiles(join(SRC, 'adapters'))
      .filter((file) => !TEST.test(file))
      .flatMap((file) =>
        specifiers(readFileSync(file, 'utf8'))
          .filter((s) => s.startsWith('.') && [...PRODUCTS, 'audit'].includes(areaOf(file, s)))
          .map((s) => ({ file, target: resolve(dirname(file), s) })),
      );
    // The SQL adapter gathers every product's migrations.
    expect(intoProducts.length).toBeGreaterThanOrEqual(6);
    expect(
      intoProducts
        .filter(({ target }) => !target.split(sep).includes('migrations'))
        .map(({ file, target }) => `${relative(ROOT, file)} → ${relative(ROOT, target)}`),
    ).toEqual([]);
    const migrationFiles = sourceFiles(SRC).filter(
      (file) => relative(SRC, file).split(sep).includes('migrations') && !TEST.test(file),
    );
    expect(migrationFiles.length).toBeGreaterThanOrEqual(16);
    expect(
      migrationFiles.flatMap((file) =>
        specifiers(readFileSync(file, 'utf8'))
          .filter(
            (s) =>
              s !== 'kysely' &&
              !(
                s.startsWith('.') &&
                relative(SRC, resolve(dirname(file), s))
                  .split(sep)
                  .includes('migrations')
              ),
          )
          .map((s) => `${relative(ROOT, file)} → ${s}`),
      ),
    ).toEqual([]);
  });

  it('tells public imports from paths into the repository', () => {
    const example = join(ROOT, 'examples', 'echo-bot', 'plugin.js');
    expect(isPublicImport(example, 'wegate/server')).toBe(true);
    expect(isPublicImport(example, 'wegate')).toBe(true);
    expect(isPublicImport(example, 'node:crypto')).toBe(true);
    expect(isPublicImport(example, './handlers.js')).toBe(true);
    expect(isPublicImport(example, 'wegate/dist/server/index.js')).toBe(false);
    expect(isPublicImport(example, 'wegate/src/server/index.ts')).toBe(false);
    expect(isPublicImport(example, '../../src/server/index.js')).toBe(false);
    expect(isPublicImport(example, '../../dist/server/index.js')).toBe(false);
    expect(isPublicImport(example, '../library/shared.js')).toBe(false);
    expect(isPublicImport(example, '/work/dist/index.js')).toBe(false);
  });

  it('finds the folder a relative import lands in', () => {
    const file = join(SRC, 'pay', 'orders', 'create-jsapi-order.ts');
    expect(areaOf(file, '../../server/build-app.js')).toBe('server');
    expect(areaOf(file, '../../kernel/errors/index.js')).toBe('kernel');
    expect(areaOf(file, '../notify.js')).toBe('pay');
    expect(areaOf(file, '../../../test/helpers/redis.js')).toBe('..');
    const [im, req] = ['im' + 'port', 're' + 'quire'];
    const source = [
      `${im} type { A } from '../a.js';`,
      `${im} '../b.js';`,
      `const c = await ${im}('../c.js');`,
      `const d = ${req}('../d.cjs');`,
    ].join('\n');
    expect(specifiers(source)).toEqual(expect.arrayContaining(['../a.js', '../b.js', '../c.js', '../d.cjs']));
  });
});
