/**
 * @module A server of one build (today's `dist/`, or an earlier one through `distUrl`) driven in-process
 * through its node:http lane without sockets, and the CPU one safe-mode push costs there
 * (process.cpuUsage). Used by bench/callback-inproc.ts and bench/tracing-cost.ts.
 */
import { EventEmitter } from 'node:events';
import { mkdtempSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as CallbackModule from '../../src/callback/index.js';
import type * as ConfigModule from '../../src/config/index.js';
import type * as LoggerModule from '../../src/kernel/log/create-logger.js';
import type * as BuildAppModule from '../../src/server/build-app.js';
import type * as RuntimeModule from '../../src/server/create-runtime.js';
import type { ServerDeps } from '../../src/server/server-deps.types.js';
import { distUrl } from '../lib/before-build.js';
import { APP, buildRequest, checkReply, type BenchRequest } from './scenario.js';

export const PUSHES = Number(process.env.BENCH_PUSHES ?? 4000);
export const IN_FLIGHT = 50;

export type Drive = (request: BenchRequest) => Promise<{ status: number; body: string }>;

/** A sandbox-less production server of one build, as server-wegate.ts builds it; its lane as a function. */
export async function serverOf(env: NodeJS.ProcessEnv): Promise<Drive> {
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
        httpVersion: '1.1',
        headers: { host: '127.0.0.1', 'content-type': 'text/xml', 'content-length': String(body.length) },
        rawHeaders: ['Host', '127.0.0.1', 'Content-Type', 'text/xml', 'Content-Length', String(body.length)],
        // What an instrumented server reads of the connection (tracing-cost.ts).
        socket: { remoteAddress: '127.0.0.1', remotePort: 40000, localAddress: '127.0.0.1', localPort: 80 },
        resume() {},
      });
      let status = 0;
      const headers = new Map<string, unknown>();
      const res = Object.assign(new EventEmitter(), {
        statusCode: 200,
        writeHead(code: number) {
          status = code;
          res.statusCode = code;
        },
        setHeader: (name: string, value: unknown) => headers.set(name.toLowerCase(), value),
        getHeader: (name: string) => headers.get(name.toLowerCase()),
        getHeaders: () => Object.fromEntries(headers),
        hasHeader: (name: string) => headers.has(name.toLowerCase()),
        removeHeader: (name: string) => headers.delete(name.toLowerCase()),
        end: (text: string) => {
          res.emit('finish');
          res.emit('close');
          resolve({ status, body: text });
        },
      });
      app.server.emit('request', req as unknown as IncomingMessage, res as unknown as ServerResponse);
      req.emit('data', body);
      req.emit('end');
    });
}

let nextMsgId = 1;
/** CPU microseconds per push over PUSHES pushes, IN_FLIGHT at a time; every reply checked afterwards. */
export async function measure(drive: Drive): Promise<number> {
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
