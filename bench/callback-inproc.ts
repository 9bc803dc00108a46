/**
 * @module `node --import tsx bench/callback-inproc.ts`: the CPU one safe-mode push costs through the
 * node:http lane, driven in-process without sockets, for today's build and (with BENCH_BEFORE_DIST) an
 * earlier one, interleaved in one process. CPU time per push (process.cpuUsage) depends far less on other
 * work on the machine than requests per second do. Builds dist/ first, as the other benches do.
 */
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as CallbackModule from '../src/callback/index.js';
import type * as ConfigModule from '../src/config/index.js';
import type * as LoggerModule from '../src/kernel/log/create-logger.js';
import type * as BuildAppModule from '../src/server/build-app.js';
import type * as RuntimeModule from '../src/server/create-runtime.js';
import type { ServerDeps } from '../src/server/server-deps.types.js';
import { APP, buildRequest, checkReply, type BenchRequest } from './callback/scenario.js';
import { beforeBuild, distUrl } from './lib/before-build.js';

const PUSHES = Number(process.env.BENCH_PUSHES ?? 4000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const IN_FLIGHT = 50;

type Drive = (request: BenchRequest) => Promise<{ status: number; body: string }>;

/** A sandbox-less production server of one build, as server-wegate.ts builds it; its lane as a function. */
async function serverOf(env: NodeJS.ProcessEnv): Promise<Drive> {
  const load = async <T>(path: string) => (await import(distUrl(path, env))) as T;
  const { createSandboxRouter } = await load<typeof CallbackModule>('callback/index.js');
  const { loadConfig } = await load<typeof ConfigModule>('config/index.js');
  const { createLogger } = await load<typeof LoggerModule>('kernel/log/create-logger.js');
  const { buildApp } = await load<typeof BuildAppModule>('server/build-app.js');
  const { createRuntime } = await load<typeof RuntimeModule>('server/create-runtime.js');
  const dataDir = mkdtempSync(join(tmpdir(), 'wegate-bench-inproc-'));
  const config = loadConfig({
    env: {
      WEGATE_DATA_DIR: dataDir,
      WECHAT_OA_APPID: APP.appid,
      WECHAT_OA_TOKEN: APP.token,
      WECHAT_OA_AES_KEY: APP.aesKey,
      WECHAT_OA_SECRET: 'bench-secret',
    },
    cwd: dataDir,
  });
  const runtime = await createRuntime(config, { logger: createLogger({ level: 'warn' }) });
  const deps = { ...runtime.deps, callbacks: { oa: createSandboxRouter() } } as ServerDeps;
  const app = await buildApp(config, deps);
  await app.ready();
  // The front door's request listener: lanes first, as a listening server runs it.
  return (request) =>
    new Promise((resolve) => {
      const body = Buffer.from(request.body);
      const req = Object.assign(new EventEmitter(), {
        method: 'POST',
        url: request.path,
        headers: {},
        rawHeaders: ['Host', '127.0.0.1', 'Content-Type', 'text/xml', 'Content-Length', String(body.length)],
        resume() {},
      });
      let status = 0;
      const res = {
        writeHead(code: number) {
          status = code;
        },
        end: (text: string) => resolve({ status, body: text }),
      };
      app.server.emit('request', req as unknown as IncomingMessage, res as unknown as ServerResponse);
      req.emit('data', body);
      req.emit('end');
    });
}

let nextMsgId = 1;
/** CPU microseconds per push over PUSHES pushes, IN_FLIGHT at a time; every reply checked afterwards. */
async function measure(drive: Drive): Promise<number> {
  const requests = Array.from({ length: PUSHES }, () => buildRequest(nextMsgId++));
  const answers: Array<{ status: number; body: string }> = new Array(PUSHES);
  let next = 0;
  const worker = async () => {
    while (next < PUSHES) {
      const i = next++;
      answers[i] = await drive(requests[i]!);
    }
  };
  const before = process.cpuUsage();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const used = process.cpuUsage(before);
  const wrong = answers.map((a, i) => checkReply(a.status, a.body, requests[i]!)).filter(Boolean);
  if (wrong.length > 0) throw new Error(`${wrong.length} wrong replies, e.g. ${wrong[0]}`);
  return (used.user + used.system) / PUSHES;
}

if (spawnSync('npm', ['run', 'build'], { stdio: 'inherit' }).status !== 0) throw new Error('build failed');
const before = beforeBuild();
const builds: Array<[string, Drive]> = [['today', await serverOf({})]];
if (before) builds.push([`before (${before.label})`, await serverOf(before.env)]);
const perBuild = new Map<string, number[]>(builds.map(([name]) => [name, []]));
for (const [, drive] of builds) await measure(drive); // warm-up round, not kept
for (let round = 0; round < ROUNDS; round += 1) {
  const order = round % 2 === 0 ? builds : [...builds].reverse();
  for (const [name, drive] of order) perBuild.get(name)!.push(await measure(drive));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`${PUSHES} pushes × ${ROUNDS} rounds per build, ${IN_FLIGHT} in flight, CPU µs per push:`);
for (const [name, xs] of perBuild) {
  console.log(`| ${name} | ${median(xs).toFixed(1)} | ${xs.map((x) => x.toFixed(1)).join(' / ')} |`);
}
if (before) {
  const [today, earlier] = [...perBuild.values()] as [number[], number[]];
  const ratios = today.map((t, i) => t / earlier[i]!);
  console.log(
    `today / before, CPU per push: median ${median(ratios).toFixed(3)} (rounds ${ratios.map((r) => r.toFixed(3)).join(', ')})`,
  );
}
process.exit(0);
