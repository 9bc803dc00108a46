import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const EMULATOR_DIR = dirname(fileURLToPath(import.meta.url));
const SRC_DIR = resolve(EMULATOR_DIR, '..');
const ALLOWED = ['emulator', 'config', 'kernel/crypto', 'kernel/xml'];
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function relativeImports(source: string): string[] {
  return [...source.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3] ?? '').filter((s) => s.startsWith('.'));
}

function isAllowed(file: string, specifier: string): boolean {
  const target = relative(SRC_DIR, resolve(dirname(file), specifier))
    .split('\\')
    .join('/');
  return ALLOWED.some((area) => target === area || target.startsWith(`${area}/`));
}

describe('emulator import boundary', () => {
  it('finds the emulator sources and their relative imports', () => {
    const files = tsFiles(EMULATOR_DIR);
    expect(files.length).toBeGreaterThan(10);
    expect(files.flatMap((f) => relativeImports(readFileSync(f, 'utf8'))).length).toBeGreaterThan(10);
  });

  it('imports only config, kernel/crypto, kernel/xml and itself', () => {
    const offenders = tsFiles(EMULATOR_DIR).flatMap((file) =>
      relativeImports(readFileSync(file, 'utf8'))
        .filter((specifier) => !isAllowed(file, specifier))
        .map((specifier) => `${relative(SRC_DIR, file)} → ${specifier}`),
    );
    expect(offenders).toEqual([]);
  });

  it('rejects client, kernel/http, kernel/errors, adapter and server imports', () => {
    const file = join(EMULATOR_DIR, 'routes', 'cgi-bin', 'token.ts');
    expect(isAllowed(file, '../../../kernel/errors/index.js')).toBe(false);
    expect(isAllowed(file, '../../../kernel/http/request.js')).toBe(false);
    expect(isAllowed(file, '../../../server/build-app.js')).toBe(false);
    expect(isAllowed(file, '../../../official-account/api/menu.js')).toBe(false);
    expect(isAllowed(file, '../../../adapters/memory/cache.js')).toBe(false);
    expect(isAllowed(file, '../../../kernel/crypto/index.js')).toBe(true);
    expect(isAllowed(file, '../../../config/config.types.js')).toBe(true);
    expect(isAllowed(file, '../../world/world.js')).toBe(true);
  });

  it('sees static, type-only, side-effect and dynamic imports', () => {
    // Keywords are spliced in so this file's own source does not contain these sample imports.
    const [im, ex] = ['im' + 'port', 'ex' + 'port'];
    const source = [
      `${im} { a } from '../x.js';`,
      `${im} type { B } from '../y.js';`,
      `${ex} { c } from './z.js';`,
      `${im} '../side.js';`,
      `const m = await ${im}('../dyn.js');`,
    ].join('\n');
    expect(relativeImports(source)).toEqual(
      expect.arrayContaining(['../x.js', '../y.js', './z.js', '../side.js', '../dyn.js']),
    );
  });
});
