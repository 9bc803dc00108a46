/** @module `/api/files` throughput and memory: `npm run bench:files` uploads and downloads a 200 MB file in sandbox mode. */
import { spawn } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, platform, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { buildUploadForm } from '../src/cloud/storage/index.js';
import { loadConfig } from '../src/config/index.js';
import { ApiProblem } from '../src/server/envelope/index.js';
import { createLogger } from '../src/kernel/log/create-logger.js';
import { buildApp } from '../src/server/build-app.js';
import { createRuntime } from '../src/server/create-runtime.js';
import { registerFiles } from '../src/server/routes/files/index.js';

const MB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_FILE_MB ?? 200) * MB;
const TARGET_MB = 64;

/** The child: one sandbox server (store, in-process emulator, /api/files), its URL on stdout. */
async function child(): Promise<void> {
  const config = loadConfig({
    env: { ...process.env, LOG_LEVEL: 'silent' },
    cwd: process.env.WEGATE_DATA_DIR,
  });
  const runtime = await createRuntime(config, { logger: createLogger({ level: 'silent' }) });
  const app = await buildApp(config, runtime.deps);
  // The bench has no sessions: the caller names itself, as a logged-in user would through requireUser.
  const owner = async (req: { headers: Record<string, unknown> }) => {
    const user = req.headers['x-user'];
    if (typeof user !== 'string') throw new ApiProblem('Unauthorized');
    return user;
  };
  await registerFiles(app, config, runtime.deps, { owner, maxBytes: 1024 * MB });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`${JSON.stringify({ url })}\n`);
}

/** `size` pseudo-random bytes in 256 KiB chunks, generated as read (never held whole). */
function generated(size: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= size) return void this.push(null);
      const n = Math.min(256 * 1024, size - sent);
      sent += n;
      this.push(randomFillSync(Buffer.allocUnsafe(n)));
    },
  });
}

function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

async function upload(url: string, size: number): Promise<string> {
  const form = buildUploadForm([], {
    filename: 'bench.bin',
    contentType: 'application/octet-stream',
    body: generated(size),
    size,
  });
  const headers = {
    'content-type': form.contentType,
    'content-length': String(form.length),
    'x-user': 'bench',
  };
  const res = await request(`${url}/api/files`, { method: 'POST', headers, body: Readable.from(form.body) });
  const json = (await res.body.json()) as { data?: { id: string; size: number } };
  if (res.statusCode !== 201 || json.data?.size !== size)
    throw new Error(`upload answered ${res.statusCode}`);
  return json.data.id;
}

async function download(url: string, id: string): Promise<number> {
  const res = await request(`${url}/api/files/${id}`, { headers: { 'x-user': 'bench' } });
  let bytes = 0;
  for await (const chunk of res.body) bytes += (chunk as Buffer).length;
  if (res.statusCode !== 200) throw new Error(`download answered ${res.statusCode}`);
  return bytes;
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await run();
  return { value, seconds: (performance.now() - started) / 1000 };
}

async function parent(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wegate-bench-files-'));
  const script = fileURLToPath(import.meta.url);
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    WEGATE_DATA_DIR: dataDir,
    WEGATE_SANDBOX: '1',
  };
  const server = spawn(process.execPath, ['--import', 'tsx', script, '--child'], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: server.stdout }).once('line', resolve);
      server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    const { url } = JSON.parse(line) as { url: string };
    const pid = server.pid as number;
    // Warm up pools, JIT and the store, so the baseline is the steady state.
    await download(url, await upload(url, 4 * MB));
    const baseline = rssMb(pid);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 100);
    const up = await timed(() => upload(url, SIZE));
    const down = await timed(() => download(url, up.value));
    clearInterval(sampler);
    peak = Math.max(peak, rssMb(pid));
    if (down.value !== SIZE) throw new Error(`downloaded ${down.value} of ${SIZE} bytes`);
    report(baseline, peak, SIZE / MB / up.seconds, SIZE / MB / down.seconds);
  } finally {
    server.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function report(baseline: number, peak: number, upMbs: number, downMbs: number): void {
  const growth = peak - baseline;
  console.log(
    `Machine: ${cpus()[0]?.model ?? 'unknown'} × ${cpus().length}, ${platform()} ${release()}, Node ${process.version}\n`,
  );
  console.log('| file | upload MB/s | download MB/s | server RSS baseline | max RSS growth | target |');
  console.log('|---|---|---|---|---|---|');
  console.log(
    `| ${SIZE / MB} MB | ${upMbs.toFixed(1)} | ${downMbs.toFixed(1)} | ${baseline.toFixed(1)} MB | ${growth.toFixed(1)} MB | < ${TARGET_MB} MB ${growth < TARGET_MB ? 'ok' : 'MISSED'} |`,
  );
  if (growth >= TARGET_MB) process.exitCode = 1;
}

await (process.argv.includes('--child') ? child() : parent());
