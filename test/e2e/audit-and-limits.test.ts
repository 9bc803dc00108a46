/**
 * The audit log and inbound limits in a sandbox server: logins recorded and read back through
 * /api/admin/audit (admin key, filters, pages), per-IP limits on /api/auth/login from the address a
 * trusted proxy forwards, and a limit changed in the config file applied without a restart.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin } from '../../src/server/define-plugin.js';
import { startSandboxServer, type SandboxServer } from '../helpers/sandbox-server.js';

const ADMIN_KEY = 'k'.repeat(40);
const admin = { authorization: `Bearer ${ADMIN_KEY}` };
const GATEWAY_KEY = 'g'.repeat(40);
const limits = (max: number) => ({
  limits: { 'auth.login': { perIp: { max, windowS: 60 } }, gateway: { perIp: { max: 2, windowS: 60 } } },
});

/** A plugin's route limited by a class of its own and recorded in the operation's transaction. */
const probe = definePlugin({
  name: 'probe',
  register(app, ctx) {
    const limit = ctx.limit('probe.order', { perIp: { max: 2, windowS: 60 } });
    app.post('/api/probe/orders', { preHandler: limit }, async (request) => {
      await ctx.store.db.transaction().execute((trx) =>
        ctx.audit.recordInTransaction(trx, {
          actor: 'user:buyer',
          action: 'probe.order.create',
          result: 'ok',
          ip: request.ip,
        }),
      );
      return { code: 0, message: 'ok', data: null };
    });
  },
});

let sandbox: SandboxServer;
beforeAll(async () => {
  sandbox = await startSandboxServer('audit-limits', {
    plugins: [probe],
    configFile: limits(3),
    env: { WEGATE_ADMIN_KEY: ADMIN_KEY, WEGATE_GATEWAY_KEY: GATEWAY_KEY, WEGATE_TRUST_PROXY: '127.0.0.1' },
  });
});
afterAll(() => sandbox?.close());

const inject = (options: InjectOptions) => sandbox.server.app.inject(options);
const auditPage = async (query: string, headers: Record<string, string> = admin) => {
  const res = await inject({ method: 'GET', url: `/api/admin/audit?${query}`, headers });
  return {
    status: res.statusCode,
    body: res.json() as {
      code: number;
      data: { items: Record<string, unknown>[]; nextCursor: string | null };
    },
  };
};

async function wxLogin(user: string, forwardedFor: string) {
  const appid = sandbox.server.deps.apps['mp']!.config.appid;
  const wx = await inject({ method: 'POST', url: '/__emulator/mp/login', payload: { appid, user } });
  return inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { code: wx.json().code },
    headers: { 'x-forwarded-for': forwardedFor, 'user-agent': 'MicroMessenger/8.0.50' },
  });
}

describe('audit log over HTTP', () => {
  it('records a login with the forwarded address, user agent and request id, readable by the admin', async () => {
    const res = await wxLogin('audited', '203.0.113.20');
    expect(res.statusCode).toBe(200);
    const userId = String(res.json().data.user.id);
    await expect
      .poll(async () => (await auditPage(`action=auth.login&userId=${userId}`)).body.data.items.length, {
        timeout: 5000,
      })
      .toBe(1);
    const [record] = (await auditPage(`action=auth.login&userId=${userId}`)).body.data.items;
    expect(record).toMatchObject({
      actor: `user:${userId}`,
      action: 'auth.login',
      ip: '203.0.113.20',
      userAgent: 'MicroMessenger/8.0.50',
      result: 'ok',
      traceId: res.headers['x-request-id'],
    });
  });

  it('filters by action and time and pages newest first', async () => {
    const audit = sandbox.server.deps.audit!;
    const since = Date.now() - 1000;
    for (let n = 0; n < 5; n += 1) {
      await audit.record({
        actor: 'user:pager',
        action: 'test.page',
        target: `order:${n}`,
        result: 'ok',
        at: since + 100 + n,
      });
    }
    await audit.record({
      actor: 'user:pager',
      action: 'test.page',
      target: 'order:old',
      result: 'ok',
      at: since - 60_000,
    });
    await expect
      .poll(async () => (await auditPage('action=test.page')).body.data.items.length, { timeout: 5000 })
      .toBe(6);
    const targets: unknown[] = [];
    let cursor = '';
    do {
      const page = await auditPage(
        `action=test.page&since=${since}&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      targets.push(...page.body.data.items.map((r) => r['target']));
      cursor = page.body.data.nextCursor ?? '';
    } while (cursor);
    expect(targets).toEqual(['order:4', 'order:3', 'order:2', 'order:1', 'order:0']);
    expect((await auditPage('cursor=bm9wZQ')).status).toBe(400);
  });

  it('refuses a wrong admin key with 401 (4017)', async () => {
    const res = await auditPage('action=auth.login', { authorization: 'Bearer wrong' });
    expect([res.status, res.body.code]).toEqual([401, 4017]);
    expect((await auditPage('action=auth.login', {})).status).toBe(401);
  });
});

describe('inbound limits on /api/auth/login', () => {
  it('hold per IP, counting the address the trusted proxy forwards, with RateLimit headers and 429 (4290)', async () => {
    const ip = '198.51.100.77';
    const answers = [];
    for (let n = 0; n < 4; n += 1) answers.push(await wxLogin(`limited-${n}`, ip));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 429]);
    const refused = answers[3]!;
    expect(refused.json().code).toBe(4290);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(50);
    expect(refused.headers['ratelimit-policy']).toBe('"auth.login.ip";q=3;w=60');
    expect(refused.headers['ratelimit']).toMatch(/^"auth.login.ip";r=0;t=\d+$/);
    expect(answers[0]!.headers['ratelimit']).toMatch(/^"auth.login.ip";r=2;t=60$/);
    // Another client behind the same proxy has its own window.
    expect((await wxLogin('other-client', '198.51.100.78')).statusCode).toBe(200);
  });

  it('ignores X-Forwarded-For from a peer that is not a listed proxy: the connection address is counted', async () => {
    const statuses = [];
    for (let n = 0; n < 4; n += 1) {
      const appid = sandbox.server.deps.apps['mp']!.config.appid;
      const wx = await inject({
        method: 'POST',
        url: '/__emulator/mp/login',
        payload: { appid, user: `forger-${n}` },
      });
      const res = await inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { code: wx.json().code },
        headers: { 'x-forwarded-for': `203.0.113.${100 + n}` },
        remoteAddress: '198.51.100.5',
      });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('applies a limit changed in the config file within two seconds, without a restart', async () => {
    const ip = '198.51.100.90';
    for (let n = 0; n < 3; n += 1) await wxLogin(`reload-${n}`, ip);
    expect((await wxLogin('reload-3', ip)).statusCode).toBe(429);
    writeFileSync(join(sandbox.dataDir, 'wegate.config.json'), JSON.stringify(limits(10)));
    const started = Date.now();
    await expect
      .poll(async () => (await wxLogin('reload-more', ip)).statusCode, { timeout: 2000, interval: 100 })
      .toBe(200);
    expect(Date.now() - started).toBeLessThan(2000);
    await expect
      .poll(async () => (await auditPage('action=limits.change')).body.data.items[0]?.['after'], {
        timeout: 5000,
      })
      .toEqual(limits(10).limits);
  });
});

describe('the gateway', () => {
  it('records each call and limits callers per address', async () => {
    const call = () =>
      inject({
        method: 'GET',
        url: '/gateway/oa/cgi-bin/getcallbackip',
        headers: { authorization: `Bearer ${GATEWAY_KEY}`, 'x-forwarded-for': '192.0.2.60' },
      });
    const answers = [await call(), await call(), await call()];
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 429]);
    expect(answers[2]!.json().code).toBe(4290);
    await expect
      .poll(async () => (await auditPage('action=gateway.call')).body.data.items.length, { timeout: 5000 })
      .toBe(2);
    const [latest] = (await auditPage('action=gateway.call')).body.data.items;
    expect(latest).toMatchObject({
      actor: 'key:gateway',
      target: 'oa:/cgi-bin/getcallbackip',
      ip: '192.0.2.60',
      result: 'ok',
    });
  });
});

describe('a plugin', () => {
  it('limits its own route class and records in its transaction through ctx.limit and ctx.audit', async () => {
    const order = () =>
      inject({ method: 'POST', url: '/api/probe/orders', headers: { 'x-forwarded-for': '192.0.2.44' } });
    expect([(await order()).statusCode, (await order()).statusCode, (await order()).statusCode]).toEqual([
      200, 200, 429,
    ]);
    const page = await auditPage('action=probe.order.create');
    expect(page.body.data.items.map((r) => r['ip'])).toEqual(['192.0.2.44', '192.0.2.44']);
  });
});

describe('without WEGATE_ADMIN_KEY', () => {
  it('answers 404 on /api/admin/audit, as for an unknown route', async () => {
    const plain = await startSandboxServer('audit-nokey');
    try {
      const res = await plain.server.app.inject({ method: 'GET', url: '/api/admin/audit', headers: admin });
      expect([res.statusCode, res.json().code]).toEqual([404, 4040]);
    } finally {
      await plain.close();
    }
  });
});
