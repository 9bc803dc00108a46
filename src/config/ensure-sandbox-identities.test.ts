import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { checkAesKey } from './validate-apps.js';
import { SANDBOX_FILE, type SandboxFile } from './ensure-sandbox-identities.js';
import { loadConfig } from './load-config.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wegate-sandbox-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const readStored = (dataDir: string): SandboxFile =>
  JSON.parse(readFileSync(join(dataDir, SANDBOX_FILE), 'utf8'));

describe('sandbox identities', () => {
  it('generates apps oa and mp, a merchant, field keys and a JWT secret shaped like real ones', () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const config = loadConfig({ env: { WEGATE_DATA_DIR: dataDir }, cwd: tempDir() });
    expect(config.sandbox).toBe(true);
    expect(config.apps.oa).toMatchObject({
      name: 'oa',
      type: 'official-account',
      msgMode: 'safe',
      tokenMode: 'stable',
    });
    expect(config.apps.mp).toMatchObject({ name: 'mp', type: 'mini-program' });
    for (const app of Object.values(config.apps)) {
      expect(app.appid).toMatch(/^wx[0-9a-f]{16}$/);
      expect(app.secret).toMatch(/^[0-9a-f]{32}$/);
      expect(app.token).toMatch(/^[A-Za-z0-9]{3,32}$/);
      expect(() => checkAesKey('aesKey', app.aesKey as string)).not.toThrow();
    }
    expect(config.apps.oa?.appid).not.toBe(config.apps.mp?.appid);
    expect(config.secrets.jwtSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(config.secrets.fieldKeys).toEqual({ '1': expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(config.pay?.mchid).toMatch(/^19[0-9]{8}$/);
    expect(Buffer.byteLength(config.pay?.apiv3Key ?? '')).toBe(32);
    expect(config.pay?.certSerial).toMatch(/^[0-9A-F]{40}$/);
    const key = createPrivateKey(readFileSync(config.pay?.privateKeyPath ?? ''));
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it('persists them in WEGATE_DATA_DIR/sandbox.json with mode 0600 and reuses them on the next load', () => {
    const dataDir = tempDir();
    const first = loadConfig({ env: { WEGATE_DATA_DIR: dataDir }, cwd: tempDir() });
    const path = join(dataDir, SANDBOX_FILE);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(first.pay?.privateKeyPath ?? '').mode & 0o777).toBe(0o600);
    const stored = readStored(dataDir);
    expect(stored.apps.oa?.appid).toBe(first.apps.oa?.appid);
    expect(stored.secrets.jwtSecret).toBe(first.secrets.jwtSecret);
    const second = loadConfig({ env: { WEGATE_DATA_DIR: dataDir }, cwd: tempDir() });
    expect(second).toEqual(first);
    expect(readFileSync(path, 'utf8')).toBe(`${JSON.stringify(stored, null, 2)}\n`);
  });

  it('keeps configured values over generated ones without forgetting the generated ones', () => {
    const dataDir = tempDir();
    const generated = loadConfig({ env: { WEGATE_DATA_DIR: dataDir }, cwd: tempDir() });
    // An app setting means production unless sandbox mode is asked for.
    const env = {
      WEGATE_SANDBOX: '1',
      WEGATE_DATA_DIR: dataDir,
      WECHAT_OA_APPID: 'wx1234567890abcdef',
      WEGATE_JWT_SECRET: 'j'.repeat(32),
    };
    const mixed = loadConfig({ env, cwd: tempDir() });
    expect(mixed.apps.oa?.appid).toBe('wx1234567890abcdef');
    expect(mixed.apps.oa?.secret).toBe(generated.apps.oa?.secret);
    expect(mixed.secrets.jwtSecret).toBe('j'.repeat(32));
    expect(readStored(dataDir).secrets.jwtSecret).toBe(generated.secrets.jwtSecret);
  });

  it('adds identities for a newly configured app and keeps the old ones', () => {
    const dataDir = tempDir();
    const cwd = tempDir();
    const before = loadConfig({ env: { WEGATE_DATA_DIR: dataDir }, cwd });
    writeFileSync(
      join(cwd, 'wegate.config.json'),
      JSON.stringify({ apps: { mp2: { type: 'mini-program' } } }),
    );
    const after = loadConfig({ env: { WEGATE_DATA_DIR: dataDir, WEGATE_SANDBOX: '1' }, cwd });
    expect(after.apps.mp2).toMatchObject({
      type: 'mini-program',
      appid: readStored(dataDir).apps.mp2?.appid,
    });
    expect(after.apps.oa?.appid).toBe(before.apps.oa?.appid);
    expect(statSync(join(dataDir, SANDBOX_FILE)).mode & 0o777).toBe(0o600);
  });

  it('fails naming WEGATE_DATA_DIR when sandbox.json is corrupt', () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, SANDBOX_FILE), '{"apps":');
    const load = () => loadConfig({ env: { WEGATE_DATA_DIR: dataDir }, cwd: tempDir() });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/^WEGATE_DATA_DIR: .*sandbox\.json is not valid JSON; delete it/);
  });

  it('fails naming WEGATE_DATA_DIR when the directory cannot be created', () => {
    const blocker = join(tempDir(), 'file');
    writeFileSync(blocker, 'x');
    expect(() => loadConfig({ env: { WEGATE_DATA_DIR: join(blocker, 'data') }, cwd: tempDir() })).toThrow(
      /^WEGATE_DATA_DIR: cannot keep sandbox identities in /,
    );
  });
});
