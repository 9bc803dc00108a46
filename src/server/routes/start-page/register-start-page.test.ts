import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlQueue } from '../../../adapters/sql/queue.js';
import { createSqliteStore } from '../../../adapters/sqlite/store.js';
import { startSandboxServer, type SandboxServer } from '../../../../test/helpers/sandbox-server.js';
import { testConfig } from '../../../../test/helpers/test-config.js';
import { testDeps } from '../../../../test/helpers/test-deps.js';
import { buildApp } from '../../build-app.js';

describe('GET / in sandbox mode', () => {
  let sandbox: SandboxServer;
  beforeAll(async () => {
    sandbox = await startSandboxServer('start-page');
  });
  afterAll(async () => sandbox.close());

  it('answers a small HTML page linking what to try, with the sandbox apps and their callback URLs', async () => {
    const res = await sandbox.server.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    for (const href of ['/ping', '/__emulator/apps', '/demo/h5', '/metrics']) {
      expect(res.body).toContain(`<a href="${href}">`);
    }
    const identities = JSON.parse(readFileSync(join(sandbox.dataDir, 'sandbox.json'), 'utf8')) as {
      apps: Record<string, { appid: string }>;
    };
    expect(res.body).toContain(`<code>${identities.apps.oa?.appid}</code>`);
    expect(res.body).toContain(`<code>${identities.apps.mp?.appid}</code>`);
    expect(res.body).toContain('<code>/wechat/oa</code>');
    expect(res.body).toContain('<code>/wechat/mp</code>');
  });

  it('loads nothing from elsewhere and runs no script, under a restrictive CSP', async () => {
    const res = await sandbox.server.app.inject({ method: 'GET', url: '/' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/]+=*'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body).not.toMatch(/<script|https?:\/\/|src=/i);
  });

  it('links pages that the same server answers', async () => {
    const res = await sandbox.server.app.inject({ method: 'GET', url: '/' });
    const hrefs = [...res.body.matchAll(/href="([^"]+)"/g)].map((m) => m[1] as string);
    expect(hrefs.length).toBeGreaterThanOrEqual(4);
    for (const href of hrefs) {
      const linked = await sandbox.server.app.inject({ method: 'GET', url: href });
      expect(linked.statusCode, href).toBe(200);
    }
  });
});

describe('GET / in production mode', () => {
  it('stays a 404 in the envelope', async () => {
    const store = createSqliteStore({ file: ':memory:' });
    await store.migrate();
    const app = await buildApp(
      testConfig({ sandbox: false }),
      testDeps({ store, queue: createSqlQueue({ store }) }),
    );
    try {
      const res = await app.inject({ method: 'GET', url: '/' });
      expect(res.statusCode).toBe(404);
      const body = res.json() as { code: number; message: string };
      expect(body.code).not.toBe(0);
      expect(res.body).not.toContain('<html');
    } finally {
      await app.close();
      await store.close?.();
    }
  });
});
