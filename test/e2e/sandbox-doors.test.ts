/**
 * Who reaches a sandbox: a half-configured production never starts as one, a sandbox listens on loopback
 * by default, and the emulator's control API answers loopback peers only (unless WEGATE_EMULATOR_PUBLIC=1).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/server/main.js';
import { freePort } from '../helpers/free-port.js';
import { cleanEnv, runCli } from '../helpers/run-cli.js';
import { startSandboxServer } from '../helpers/sandbox-server.js';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wegate-sandbox-doors-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const OUTSIDER = '203.0.113.9';

describe('a half-configured production', () => {
  it('exits 1 with one line naming WECHAT_OA_SECRET for an Official Account with appid, Token and AES key but no secret', async () => {
    const env = cleanEnv({
      WECHAT_OA_APPID: 'wx1234567890abcdef',
      WECHAT_OA_TOKEN: 'cbtoken1',
      WECHAT_OA_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      WEGATE_DATA_DIR: dataDir(),
    });
    const result = await runCli(['serve'], env, 15_000);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'wegate: WECHAT_OA_SECRET: is required: app "oa" has an appid but no secret',
    ]);
    expect(result.stdout).not.toContain('wegate listening');
  });
});

describe('a sandbox server', () => {
  it('listens on 127.0.0.1 when HOST is not set', async () => {
    const dir = dataDir();
    const env = cleanEnv({ PORT: String(await freePort()), WEGATE_DATA_DIR: dir, LOG_LEVEL: 'silent' });
    const server = await main({ env, cwd: dir });
    try {
      expect(server.deps.emulator).toBeDefined();
      expect(server.app.server.address()).toMatchObject({ address: '127.0.0.1' });
    } finally {
      await server.close();
    }
  });

  it('answers the emulator control API to loopback peers only, whatever X-Forwarded-For says', async () => {
    // Even a trusted proxy cannot vouch for loopback: the control API judges the connection itself.
    const sandbox = await startSandboxServer('control-loopback', { env: { WEGATE_TRUST_PROXY: OUTSIDER } });
    try {
      const { app, deps } = sandbox.server;
      const appid = deps.apps['mp']!.config.appid;
      const login = (remoteAddress: string, headers: Record<string, string> = {}) =>
        app.inject({
          method: 'POST',
          url: '/__emulator/mp/login',
          payload: { appid, user: 'eve' },
          remoteAddress,
          headers,
        });
      expect((await login(OUTSIDER)).statusCode).toBe(404);
      expect((await login(OUTSIDER, { 'x-forwarded-for': '127.0.0.1' })).statusCode).toBe(404);
      const stats = await app.inject({ method: 'GET', url: '/__emulator/stats', remoteAddress: OUTSIDER });
      expect(stats.statusCode).toBe(404);
      // The emulated WeChat routes stay reachable: they are what the server talks to.
      const token = await app.inject({
        method: 'GET',
        url: '/cgi-bin/getcallbackip',
        remoteAddress: OUTSIDER,
      });
      expect(token.statusCode).toBe(200);
      expect(token.json()).toMatchObject({ errcode: expect.any(Number) });
      const local = await login('127.0.0.1');
      expect(local.statusCode).toBe(200);
      expect(local.json()).toMatchObject({ code: expect.any(String) });
      expect((await login('::1')).statusCode).toBe(200);
      expect((await login('::ffff:127.0.0.1')).statusCode).toBe(200);
    } finally {
      await sandbox.close();
    }
  });

  it('answers the control API to every peer with WEGATE_EMULATOR_PUBLIC=1', async () => {
    const sandbox = await startSandboxServer('control-public', { env: { WEGATE_EMULATOR_PUBLIC: '1' } });
    try {
      const appid = sandbox.server.deps.apps['mp']!.config.appid;
      const res = await sandbox.server.app.inject({
        method: 'POST',
        url: '/__emulator/mp/login',
        payload: { appid, user: 'eve' },
        remoteAddress: OUTSIDER,
      });
      expect(res.statusCode).toBe(200);
    } finally {
      await sandbox.close();
    }
  });
});
