/**
 * What a sandbox start leaves in WEGATE_DATA_DIR is the owner's only: the folder 0700, every file 0600
 * (SQLite database and its -wal/-shm, sandbox.json, the generated merchant key, uploaded files), and
 * wider modes left by an older version are tightened at the next start.
 */
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main, type RunningServer } from '../../src/server/main.js';
import { freePort } from '../helpers/free-port.js';
import { cleanEnv } from '../helpers/run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'wegate-data-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

/** Every path under `dir` (depth first), with its permission bits. */
function modes(dir: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    found[path.slice(root.length)] = mode(path);
    if (entry.isDirectory()) Object.assign(found, modes(path));
  }
  return found;
}

async function start(dataDir: string): Promise<RunningServer> {
  const env = cleanEnv({
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    WEGATE_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
  });
  return main({ env, cwd: root });
}

/** A Mini Program user logs in and uploads one file (kept by the in-process cloud storage). */
async function uploadOne(server: RunningServer): Promise<void> {
  const post = (path: string, body: unknown) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (res) => (await res.json()) as Record<string, any>); // eslint-disable-line @typescript-eslint/no-explicit-any
  const appid = server.deps.apps['mp']!.config.appid;
  const { code } = await post('/__emulator/mp/login', { appid, user: 'dora' });
  const token = (await post('/api/auth/login', { code })).data.token as string;
  const form = new FormData();
  form.append('file', new Blob(['hello'], { type: 'text/plain' }), 'hello.txt');
  const res = await fetch(`${server.url}/api/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  expect(res.status).toBe(201);
}

describe('the data directory after a sandbox start', () => {
  const dataDir = join(root, 'data');

  it('is 0700 and every file wegate created in it is 0600', async () => {
    const server = await start(dataDir);
    try {
      await uploadOne(server);
      const found = modes(dataDir);
      const names = Object.keys(found).map((p) => p.slice('/data/'.length));
      expect(names).toEqual(
        expect.arrayContaining([
          'sandbox.json',
          'wegate.db',
          'wegate.db-wal',
          'wegate.db-shm',
          'emulator-storage',
        ]),
      );
      expect(names.some((n) => /^sandbox-merchant-[0-9]+\.pem$/.test(n))).toBe(true);
      expect(names.some((n) => n.startsWith('emulator-storage/'))).toBe(true);
      expect(mode(dataDir)).toBe('700');
      for (const [path, bits] of Object.entries(found)) {
        const isDir = statSync(join(root, path)).isDirectory();
        expect(bits, path).toBe(isDir ? '700' : '600');
      }
    } finally {
      await server.close();
    }
  });

  it('tightens a folder and files left readable by others at the next start', async () => {
    chmodSync(dataDir, 0o755);
    for (const name of readdirSync(dataDir)) {
      const path = join(dataDir, name);
      chmodSync(path, statSync(path).isDirectory() ? 0o755 : 0o644);
    }
    const server = await start(dataDir);
    try {
      expect(mode(dataDir)).toBe('700');
      for (const name of ['sandbox.json', 'wegate.db', 'wegate.db-wal', 'wegate.db-shm']) {
        expect(mode(join(dataDir, name)), name).toBe('600');
      }
      expect(mode(join(dataDir, 'emulator-storage'))).toBe('700');
      const pem = readdirSync(dataDir).find((n) => n.endsWith('.pem')) as string;
      expect(mode(join(dataDir, pem))).toBe('600');
    } finally {
      await server.close();
    }
  });
});
