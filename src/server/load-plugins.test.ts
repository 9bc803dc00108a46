import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPlugins, loadSandboxDefaults } from './load-plugins.js';

const cwd = mkdtempSync(join(tmpdir(), 'wegate-load-plugins-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(join(cwd, path, '..'), { recursive: true });
  writeFileSync(join(cwd, path), text);
}

write('plugins/hello.mjs', "export default { name: 'hello' };\n");
write('plugins/bad.mjs', 'export default 42;\n');
write('plugins/broken.mjs', 'export default {\n');
// A package whose exports have only an `import` condition.
write(
  'node_modules/wegate-plugin-esm/package.json',
  JSON.stringify({ name: 'wegate-plugin-esm', type: 'module', exports: { '.': { import: './main.js' } } }),
);
write('node_modules/wegate-plugin-esm/main.js', "export default { name: 'esm-only' };\n");
write(
  'node_modules/wegate-plugin-cjs/package.json',
  JSON.stringify({ name: 'wegate-plugin-cjs', main: 'index.js' }),
);
write('node_modules/wegate-plugin-cjs/index.js', "module.exports = { name: 'cjs' };\n");

describe('loadPlugins (WEGATE_PLUGINS)', () => {
  it('loads paths from the working directory and package names from its node_modules, in order', async () => {
    const plugins = await loadPlugins(['./plugins/hello.mjs', 'wegate-plugin-esm', 'wegate-plugin-cjs'], cwd);
    expect(plugins.map((p) => p.name)).toEqual(['hello', 'esm-only', 'cjs']);
  });

  it('stops with one line naming a module that is missing or does not parse', async () => {
    for (const specifier of ['./plugins/nope.mjs', './plugins/broken.mjs', 'wegate-plugin-nope']) {
      const error = (await loadPlugins([specifier], cwd).catch((e: unknown) => e)) as Error;
      expect(error.message).toMatch(
        new RegExp(`^WEGATE_PLUGINS: cannot load ${specifier.replaceAll('.', '\\.')}: `),
      );
      expect(error.message).not.toContain('\n');
    }
  });

  it('stops naming a module whose default export is not a plugin', async () => {
    await expect(loadPlugins(['./plugins/bad.mjs'], cwd)).rejects.toThrow(
      'WEGATE_PLUGINS: ./plugins/bad.mjs: its default export is not a definePlugin({...}) result',
    );
  });
});

describe('loadSandboxDefaults (npm start in sandbox mode)', () => {
  it('loads @wegate/shop when it resolves from the working directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wegate-sandbox-defaults-'));
    try {
      mkdirSync(join(dir, 'node_modules/@wegate/shop'), { recursive: true });
      writeFileSync(
        join(dir, 'node_modules/@wegate/shop/package.json'),
        JSON.stringify({
          name: '@wegate/shop',
          type: 'module',
          exports: { '.': './main.js', './package.json': './package.json' },
        }),
      );
      writeFileSync(join(dir, 'node_modules/@wegate/shop/main.js'), "export default { name: 'shop' };\n");
      const loaded = await loadSandboxDefaults(dir);
      expect([loaded.plugins.map((p) => p.name), loaded.skipped]).toEqual([['shop'], undefined]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts without it, saying why, when it is not installed', async () => {
    const loaded = await loadSandboxDefaults(cwd);
    expect(loaded.plugins).toEqual([]);
    expect(loaded.skipped).toMatch(/^@wegate\/shop is not installed here \(/);
  });
});
