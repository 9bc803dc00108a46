/**
 * `node dist/cli.js emulator` and `serve` as a person starts them: no warning on stderr (engine, deprecation,
 * experimental…), a start banner and readable lines when LOG_FORMAT=pretty, JSON lines only when json.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFreshDist } from '../helpers/fresh-dist.js';
import { freePort } from '../helpers/free-port.js';
import { cleanEnv, ROOT } from '../helpers/run-cli.js';

interface Output {
  readonly stdout: string;
  readonly stderr: string;
}

let dataDir: string;

beforeAll(async () => {
  await ensureFreshDist();
  dataDir = mkdtempSync(join(tmpdir(), 'wegate-start-output-'));
}, 240_000);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Start the command, wait until it says it listens, stop it with SIGTERM, and return what it printed. */
async function startAndStop(command: string, extra: Record<string, string>): Promise<Output> {
  const env = cleanEnv({ PORT: String(await freePort()), WEGATE_DATA_DIR: dataDir, ...extra });
  const child = spawn(process.execPath, [join(ROOT, 'dist/cli.js'), command], { cwd: dataDir, env });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${command} did not listen; ${stdout} ${stderr}`)),
      30_000,
    );
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (
        /wegate (emulator )?listening/.test(stdout) &&
        (extra.LOG_FORMAT !== 'pretty' || /gateway key/.test(stdout))
      ) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`${command} exited with ${code}: ${stderr}`)));
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return { stdout, stderr };
}

describe('starting wegate', () => {
  it('the standalone emulator prints no warning on stderr', async () => {
    const { stdout, stderr } = await startAndStop('emulator', { LOG_FORMAT: 'json' });
    expect(stderr).not.toMatch(/Warning|DeprecationWarning|FSTDEP/);
    expect(stderr).toBe('');
    expect(stdout).toContain('wegate emulator listening');
  });

  it('serve in sandbox mode prints no warning on stderr', async () => {
    const { stdout, stderr } = await startAndStop('serve', { LOG_FORMAT: 'json' });
    expect(stderr).not.toMatch(/Warning|DeprecationWarning|FSTDEP/);
    expect(stderr).toBe('');
    expect(stdout).toContain('wegate listening');
  });

  it('with LOG_FORMAT=pretty, serve prints the banner and one readable line per entry', async () => {
    const { stdout, stderr } = await startAndStop('serve', {
      LOG_FORMAT: 'pretty',
      WEGATE_GATEWAY_KEY: 'gk-12345',
    });
    expect(stderr).toBe('');
    expect(stdout).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} INFO  wegate listening url=http:\/\/127\.0\.0\.1:\d+ sandbox=true$/m,
    );
    expect(stdout).toContain('sandbox mode');
    expect(stdout).toMatch(
      /^ {2}oa\s+official-account\s+wx[0-9a-f]{16}\s+http:\/\/127\.0\.0\.1:\d+\/wechat\/oa$/m,
    );
    expect(stdout).toMatch(/^ {2}emulator\s+http:\/\/127\.0\.0\.1:\d+\/__emulator\/apps$/m);
    expect(stdout).toMatch(/^gateway key\s+on$/m);
    expect(stdout).not.toContain('gk-12345');
    expect(stdout).not.toMatch(/^\{"level"/m);
  });

  it('with LOG_FORMAT=json, serve prints JSON lines only and no banner', async () => {
    const { stdout } = await startAndStop('serve', { LOG_FORMAT: 'json' });
    const lines = stdout.split('\n').filter(Boolean);
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(stdout).not.toContain('gateway key');
  });
});
