/**
 * examples/library run as a user runs it: wegate installed from the npm pack tarball into a project of its
 * own, the standalone emulator (`wegate emulator` of that install) seeded from the environment, each
 * scenario a `node` process; and the example type-checked (checkJs) under moduleResolution node16 and node.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { copyFileSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.js';
import { installTarball } from '../helpers/install-tarball.js';
import { cleanEnv, ROOT } from '../helpers/run-cli.js';

const run = promisify(execFile);
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const EXAMPLE = join(ROOT, 'examples', 'library');
const work = join(ROOT, '.tmp', `example-library-${process.pid}`);
const project = join(work, 'consumer');
const SCENARIOS = readdirSync(EXAMPLE).filter((f) => f.endsWith('.mjs'));
/** node16 with its own module; `node` (node10) with an ES module, as the example is ESM. */
const RESOLUTIONS = { node16: 'node16', node: 'es2022' } as const;
const checks = new Map<string, Promise<string>>();

let env: NodeJS.ProcessEnv;
let emulator: ChildProcess | undefined;

function tsconfig(moduleResolution: keyof typeof RESOLUTIONS): string {
  return JSON.stringify({
    compilerOptions: {
      target: 'es2022',
      module: RESOLUTIONS[moduleResolution],
      moduleResolution,
      allowJs: true,
      checkJs: true,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
    },
    files: SCENARIOS,
  });
}

async function typeCheck(resolution: string): Promise<string> {
  const result = await run('node', [TSC, '-p', `tsconfig.${resolution}.json`], { cwd: project }).catch(
    (error: { stdout?: string; stderr?: string }) => ({
      stdout: error.stdout ?? '',
      stderr: error.stderr ?? '',
    }),
  );
  return `${result.stdout}${result.stderr}`;
}

/** `wegate emulator` of the installed package, resolved once it logs that it listens. */
function startEmulator(): Promise<ChildProcess> {
  const cli = join(project, 'node_modules', 'wegate', 'dist', 'cli.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, 'emulator'], { cwd: project, env });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`emulator not ready: ${out}`)), 20_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (/wegate emulator listening/.test(out)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}: ${out}`)));
  });
}

/** Runs one scenario with `node` in the consumer project; its last output line is JSON. */
async function scenario(file: string): Promise<Record<string, unknown>> {
  const { stdout } = await run('node', [file], { cwd: project, env, timeout: 20_000 });
  const last = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as Record<string, unknown>;
}

beforeAll(async () => {
  rmSync(work, { recursive: true, force: true });
  await installTarball(work, 'consumer');
  for (const file of SCENARIOS) copyFileSync(join(EXAMPLE, file), join(project, file));
  for (const resolution of Object.keys(RESOLUTIONS) as Array<keyof typeof RESOLUTIONS>) {
    writeFileSync(join(project, `tsconfig.${resolution}.json`), tsconfig(resolution));
    checks.set(resolution, typeCheck(resolution));
  }
  const keyPath = join(work, 'apiclient_key.pem');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  const port = await freePort();
  env = cleanEnv({
    PORT: String(port),
    HOST: '127.0.0.1',
    WEGATE_DATA_DIR: join(work, 'data'),
    EMULATOR_URL: `http://127.0.0.1:${port}`,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    WECHAT_MP_APPID: 'wxe0a1b2c3d4e5f6a7',
    WECHAT_MP_SECRET: 'example-mp-secret',
    WECHAT_CLOUD_ENV: 'example-env-1a2b',
    WECHAT_PAY_MCHID: '1900000109',
    WECHAT_PAY_APIV3_KEY: 'exampleapiv3keyof32bytes12345678',
    WECHAT_PAY_CERT_SERIAL: '444F4864EA9B34415BC0A4D5B5D1AE8D9E3B2F1C',
    WECHAT_PAY_PRIVATE_KEY: keyPath,
  });
  emulator = await startEmulator();
}, 180_000);

afterAll(async () => {
  if (emulator && emulator.exitCode === null) {
    const exited = new Promise((resolve) => emulator?.once('exit', resolve));
    emulator.kill('SIGTERM');
    await exited;
  }
  rmSync(work, { recursive: true, force: true });
});

describe('examples/library against the standalone emulator, from the installed tarball', () => {
  it('is four scenarios plus their settings, importing only public subpaths of wegate', () => {
    expect(SCENARIOS.sort()).toEqual([
      'cloud-query.mjs',
      'mini-program-login.mjs',
      'pay-jsapi.mjs',
      'settings.mjs',
      'token-broker.mjs',
    ]);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: object };
    const publicSubpaths = Object.keys(pkg.exports).map((key) => key.replace(/^\./, 'wegate'));
    const specifiers = SCENARIOS.flatMap((file) => [
      ...readFileSync(join(EXAMPLE, file), 'utf8').matchAll(/(?:from |import\()'([^']+)'/g),
    ]).map((m) => m[1] as string);
    const wegate = specifiers.filter((s) => !s.startsWith('node:') && s !== './settings.mjs');
    expect(wegate.length).toBeGreaterThan(5);
    expect(wegate.filter((s) => !publicSubpaths.includes(s))).toEqual([]);
  });

  it('token broker over Redis: two processes get the same token, fetched once from the emulator', async () => {
    expect(await scenario('token-broker.mjs')).toEqual({
      scenario: 'token-broker',
      sameToken: true,
      fetches: 1,
    });
  });

  it('Mini Program login: code2Session answers the openid of the emulator user who logged in', async () => {
    const result = await scenario('mini-program-login.mjs');
    expect(result).toMatchObject({ scenario: 'mini-program-login', sameUser: true, hasSessionKey: true });
    expect(result['openid']).toEqual(expect.any(String));
  });

  it('JSAPI prepay: the payment notification arrives, verified and decrypted', async () => {
    expect(await scenario('pay-jsapi.mjs')).toMatchObject({
      scenario: 'pay-jsapi',
      event: 'TRANSACTION.SUCCESS',
      sameOrder: true,
      tradeState: 'SUCCESS',
    });
  });

  it('cloud database: documents added and queried in the environment of WECHAT_CLOUD_ENV', async () => {
    expect(await scenario('cloud-query.mjs')).toEqual({
      scenario: 'cloud-query',
      open: ['ship it', 'write the handler'],
    });
  });

  it.each(Object.keys(RESOLUTIONS))('type-checks under moduleResolution %s', async (resolution) => {
    expect(await checks.get(resolution)).toBe('');
  });
});
