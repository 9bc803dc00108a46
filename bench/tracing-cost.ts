/**
 * @module `npm run bench:tracing-cost`: where tracing's cost per push goes. Today's production server is
 * driven in-process through its node:http lane (bench/callback/inproc-server.ts) in a child process per
 * variant, rounds interleaved, CPU µs per push from process.cpuUsage:
 * - `off`: no OTEL_* variable, as `wegate serve` runs by default;
 * - `context`: only OpenTelemetry's AsyncLocalStorage context manager, enabled and entered once (on
 *   Node 20 an AsyncLocalStorage in use turns on the promise hooks for every promise of the process);
 * - `sdk`: the SDK as `wegate serve` starts it (startTracing: every instrumentation, the batch exporter)
 *   sending OTLP/HTTP to a sink in the same process, every push sampled;
 * - `sdk-sampled-0`: the same with `OTEL_TRACES_SAMPLER=always_off`, so no span is recorded or exported.
 * Builds dist/ first. Env: BENCH_ROUNDS (5), BENCH_PUSHES (4000).
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

const VARIANTS = ['off', 'context', 'sdk', 'sdk-sampled-0'] as const;
type Variant = (typeof VARIANTS)[number];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

async function child(variant: Variant): Promise<void> {
  const { distUrl } = await import('./lib/before-build.js');
  if (variant === 'context') {
    const api = (await import('@opentelemetry/api')) as typeof import('@opentelemetry/api');
    const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
    api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    api.context.with(api.ROOT_CONTEXT, () => undefined);
  }
  let sink: { requests(): number; bytes(): number } | undefined;
  if (variant.startsWith('sdk')) {
    const { startOtlpSink } = await import('./lib/otlp-sink.js');
    sink = await startOtlpSink();
    const env: NodeJS.ProcessEnv = {
      OTEL_EXPORTER_OTLP_ENDPOINT: (sink as unknown as { url: string }).url,
      OTEL_SERVICE_NAME: 'wegate-bench',
      ...(variant === 'sdk-sampled-0' ? { OTEL_TRACES_SAMPLER: 'always_off' } : {}),
    };
    const tracing = (await import(distUrl('telemetry/tracing/start-tracing.js'))) as {
      startTracing(options: { env: NodeJS.ProcessEnv }): Promise<unknown>;
    };
    await tracing.startTracing({ env });
  }
  const { measure, serverOf } = await import('./callback/inproc-server.js');
  const drive = await serverOf({});
  await measure(drive); // warm-up
  const perPush = await measure(drive);
  // Let the batch processor export what it holds (its default delay is 5 s), then read the sink.
  if (sink) await new Promise((resolve) => setTimeout(resolve, 6000));
  const exported = sink ? { exports: sink.requests(), bytes: sink.bytes() } : {};
  process.stdout.write(`${JSON.stringify({ variant, perPush, ...exported })}\n`);
  process.exit(0);
}

interface ChildResult {
  readonly perPush: number;
  readonly exports?: number;
  readonly bytes?: number;
}

function run(variant: Variant): Promise<ChildResult> {
  const script = fileURLToPath(import.meta.url);
  const proc = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, BENCH_TRACING_VARIANT: variant },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) =>
    proc.on('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as ChildResult);
      else reject(new Error(`${variant} exited with ${code}: ${out}`));
    }),
  );
}

const variant = process.env.BENCH_TRACING_VARIANT as Variant | undefined;
if (variant) {
  await child(variant);
} else {
  if (spawnSync('npm', ['run', 'build'], { stdio: 'inherit' }).status !== 0) throw new Error('build failed');
  const results = new Map<Variant, ChildResult[]>(VARIANTS.map((v) => [v, []]));
  for (let round = 0; round < ROUNDS; round += 1) {
    const order = round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
    for (const v of order) results.get(v)!.push(await run(v));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const perPush = (v: Variant) => results.get(v)!.map((r) => r.perPush);
  const off = median(perPush('off'));
  console.log(
    `bench:tracing-cost — ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, Node ${process.version}, ` +
      `${ROUNDS} rounds, one child process per variant and round, ${process.env.BENCH_PUSHES ?? 4000} pushes measured`,
  );
  console.log(
    '| variant | CPU µs per push (median) | vs off | by round | OTLP exports (KiB), last round |\n|---|---:|---:|---|---|',
  );
  for (const v of VARIANTS) {
    const xs = perPush(v);
    const m = median(xs);
    const last = results.get(v)!.at(-1);
    const exported =
      last?.exports === undefined ? '—' : `${last.exports} (${Math.round((last.bytes ?? 0) / 1024)})`;
    console.log(
      `| ${v} | ${m.toFixed(1)} | ${(m / off).toFixed(2)}× | ${xs.map((x) => x.toFixed(1)).join(' / ')} | ${exported} |`,
    );
  }
}
