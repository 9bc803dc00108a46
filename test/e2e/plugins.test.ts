/**
 * `WEGATE_PLUGINS=./examples/echo-bot/plugin.js node dist/cli.js serve` in sandbox mode: the simulated
 * user's keyword gets the plugin's reply, and the plugin's route answers behind requireUser.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.js';
import { cleanEnv, ROOT } from '../helpers/run-cli.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const newest = (dir: string): number =>
  Math.max(
    0,
    ...readdirSync(dir, { withFileTypes: true }).map((e) =>
      e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs,
    ),
  );

/** dist/ as `npm start` runs it: rebuilt when a source is newer than the CLI's build. */
async function freshDist(): Promise<void> {
  let built = 0;
  try {
    built = statSync(join(ROOT, 'dist/cli.js')).mtimeMs;
  } catch {
    built = 0;
  }
  if (built >= newest(join(ROOT, 'src'))) return;
  await promisify(execFile)('npm', ['run', 'build'], { cwd: ROOT }).catch(() => undefined);
}

function serve(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/cli.js', 'serve'], { cwd: ROOT, env });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`not listening within 30 s: ${out}`)), 30_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('wegate listening')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
  });
}

let child: ChildProcess | undefined;
let url = '';
const dataDir = mkdtempSync(join(tmpdir(), 'wegate-plugins-'));

const call = async (path: string, init: { body?: unknown; token?: string } = {}) => {
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.token !== undefined) headers['authorization'] = `Bearer ${init.token}`;
  const res = await fetch(`${url}${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, json: (await res.json()) as Json };
};

beforeAll(async () => {
  await freshDist();
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  child = await serve(
    cleanEnv({
      PORT: String(port),
      WEGATE_DATA_DIR: dataDir,
      WEGATE_PLUGINS: './examples/echo-bot/plugin.js',
      LOG_FORMAT: 'json',
    }),
  );
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the echo-bot example plugin in `wegate serve`', () => {
  it("answers the simulated user's keyword with the plugin's reply, in their inbox", async () => {
    const message = { MsgType: 'text', Content: 'ping' };
    const sent = await call('/__emulator/users/send', { body: { app: 'oa', openid: 'o-dora', message } });
    expect(sent.json).toMatchObject({ outcome: 'replied', shown: { Content: 'pong from echo-bot' } });
    const inbox = await call('/__emulator/users/o-dora/inbox?app=oa');
    expect(inbox.json['inbox']).toEqual([
      expect.objectContaining({
        via: 'passive',
        message: expect.objectContaining({ Content: 'pong from echo-bot' }),
      }),
    ]);
  });

  it('keeps the sandbox answers for what the plugin does not handle', async () => {
    const message = { MsgType: 'text', Content: 'hello there' };
    const sent = await call('/__emulator/users/send', { body: { app: 'oa', openid: 'o-eve', message } });
    expect(sent.json['shown']).toMatchObject({ Content: 'hello there' });
  });

  it('answers its route 401 without a token and 200 with a Mini Program login token', async () => {
    // In wegate's envelope: the plugin's scope keeps the server's error handling.
    expect(await call('/api/echo-bot/me')).toEqual({
      status: 401,
      json: { code: 4011, message: 'missing bearer token' },
    });
    expect((await call('/api/echo-bot/me', { token: 'not-a-jwt' })).json).toMatchObject({ code: 4012 });
    const apps = await call('/__emulator/apps');
    const mp = (apps.json['apps'] as Json[]).find((a) => a['name'] === 'mp');
    const { json: wx } = await call('/__emulator/mp/login', { body: { appid: mp?.['appid'], user: 'dora' } });
    const login = await call('/api/auth/login', { body: { code: wx['code'] } });
    const token = login.json['data'].token as string;
    const me = await call('/api/echo-bot/me', { token });
    expect(me).toEqual({
      status: 200,
      json: { code: 0, message: 'ok', data: { plugin: 'echo-bot', openid: login.json['data'].user.openid } },
    });
  });
});

describe('WEGATE_PLUGINS naming a module that cannot load', () => {
  it('stops the start with one line naming it', async () => {
    const env = cleanEnv({
      PORT: String(await freePort()),
      WEGATE_DATA_DIR: dataDir,
      WEGATE_PLUGINS: './nope.js',
    });
    const result = await promisify(execFile)(process.execPath, ['dist/cli.js', 'serve'], {
      cwd: ROOT,
      env,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^wegate: WEGATE_PLUGINS: cannot load \.\/nope\.js: .*nope\.js.*\n$/);
  });
});
