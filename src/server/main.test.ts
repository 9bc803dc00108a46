import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/helpers/free-port.js';
import { cleanEnv } from '../../test/helpers/run-cli.js';
import { main } from './main.js';

// A stand-in @wegate/shop installed in the working directory: it answers one route when loaded.
const cwd = mkdtempSync(join(tmpdir(), 'wegate-main-defaults-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));
const pkg = join(cwd, 'node_modules/@wegate/shop');
mkdirSync(pkg, { recursive: true });
writeFileSync(
  join(pkg, 'package.json'),
  JSON.stringify({
    name: '@wegate/shop',
    type: 'module',
    exports: { '.': './main.js', './package.json': './package.json' },
  }),
);
writeFileSync(
  join(pkg, 'main.js'),
  "export default { name: 'shop', register(app) { app.get('/api/shop/here', async () => ({ here: true })); } };\n",
);

async function start(extra: Record<string, string>) {
  const env = cleanEnv({
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    WEGATE_DATA_DIR: join(cwd, 'data'),
    LOG_LEVEL: 'silent',
    ...extra,
  });
  return main({ env, cwd });
}

describe('main: the sandbox default plugin', () => {
  it('loads @wegate/shop in sandbox mode when WEGATE_PLUGINS is unset', async () => {
    const server = await start({});
    try {
      const res = await fetch(`${server.url}/api/shop/here`);
      expect([res.status, await res.json()]).toEqual([200, { here: true }]);
    } finally {
      await server.close();
    }
  });

  it('does not load it in production, where only WEGATE_PLUGINS names plugins', async () => {
    const server = await start({
      WEGATE_SANDBOX: '0',
      WEGATE_JWT_SECRET: 'a-production-secret-of-32-chars!!',
      WEGATE_FIELD_KEYS: '{"1":"0123456789abcdeffedcba9876543210"}',
    });
    try {
      expect((await fetch(`${server.url}/api/shop/here`)).status).toBe(404);
      expect(server.deps.plugins).toBeUndefined();
    } finally {
      await server.close();
    }
  });

  it('loads only what WEGATE_PLUGINS names when it is set', async () => {
    mkdirSync(join(cwd, 'plugins'), { recursive: true });
    writeFileSync(join(cwd, 'plugins/other.mjs'), "export default { name: 'other' };\n");
    const server = await start({ WEGATE_PLUGINS: './plugins/other.mjs' });
    try {
      expect((await fetch(`${server.url}/api/shop/here`)).status).toBe(404);
      expect(server.deps.plugins?.map((p) => p.name)).toEqual(['other']);
    } finally {
      await server.close();
    }
  });
});
