import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.js';
import { cleanEnv, runCli, startCli } from '../helpers/run-cli.js';

const dirs: string[] = [];
function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wegate-cli-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const OA = { WECHAT_OA_APPID: 'wx1234567890abcdef', WECHAT_OA_SECRET: 'a'.repeat(32) };

function expectOneLine(stderr: string, setting: string): void {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^wegate: /);
  expect(lines[0]).toContain(setting);
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('wegate serve start-up errors', () => {
  it('exits 1 with one line naming WECHAT_OA_AES_KEY when the EncodingAESKey is not 43 characters', async () => {
    const env = cleanEnv({ ...OA, WECHAT_OA_AES_KEY: 'tooshort', WEGATE_DATA_DIR: dataDir() });
    const result = await runCli(['serve'], env);
    expect(result.code).toBe(1);
    expectOneLine(result.stderr, 'WECHAT_OA_AES_KEY');
  });

  it('exits 1 with one line naming WECHAT_OA_SECRET when an app has an appid but no secret', async () => {
    const env = cleanEnv({
      WECHAT_OA_APPID: OA.WECHAT_OA_APPID,
      WECHAT_MP_APPID: 'wxabcdef1234567890',
      WECHAT_MP_SECRET: 'b'.repeat(32),
      WEGATE_DATA_DIR: dataDir(),
    });
    const result = await runCli(['serve'], env);
    expect(result.code).toBe(1);
    expectOneLine(result.stderr, 'WECHAT_OA_SECRET');
  });

  it('exits 1 with one line naming DATABASE_URL when PostgreSQL is unreachable', async () => {
    const env = cleanEnv({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test',
      WEGATE_DATA_DIR: dataDir(),
    });
    const result = await runCli(['serve'], env);
    expect(result.code).toBe(1);
    expectOneLine(result.stderr, 'DATABASE_URL');
  });

  it('exits 1 with one line naming REDIS_URL when Redis is unreachable', async () => {
    const env = cleanEnv({ REDIS_URL: 'redis://127.0.0.1:1', WEGATE_DATA_DIR: dataDir() });
    const result = await runCli(['serve'], env);
    expect(result.code).toBe(1);
    expectOneLine(result.stderr, 'REDIS_URL');
  });
});

describe('wegate serve in sandbox mode', () => {
  it('answers GET /ping with sandbox true, serves the emulator on its own port, and drains on SIGTERM', async () => {
    const port = await freePort();
    const env = cleanEnv({ PORT: String(port), HOST: '127.0.0.1', WEGATE_DATA_DIR: dataDir() });
    const { child } = await startCli(['serve'], env, /wegate listening/);
    try {
      const ping = await fetch(`http://127.0.0.1:${port}/ping`);
      expect(ping.status).toBe(200);
      expect(ping.headers.get('x-request-id')).toBeTruthy();
      const body = (await ping.json()) as { code: number; data: { pong: boolean; sandbox: boolean } };
      expect(body).toMatchObject({ code: 0, message: 'ok', data: { pong: true, sandbox: true } });
      const apps = await fetch(`http://127.0.0.1:${port}/__emulator/apps`);
      expect(apps.status).toBe(200);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
