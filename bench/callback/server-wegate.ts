/**
 * @module wegate under benchmark: buildApp + createRuntime as `wegate serve` does, loaded from the
 * compiled `dist/` that `npm start` runs (`npm run bench:callback` builds it first).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as CallbackModule from '../../src/callback/index.js';
import type * as ConfigModule from '../../src/config/index.js';
import type * as LoggerModule from '../../src/kernel/log/create-logger.js';
import type * as BuildAppModule from '../../src/server/build-app.js';
import type * as RuntimeModule from '../../src/server/create-runtime.js';
import type { ServerDeps } from '../../src/server/server-deps.types.js';
import type * as TracingModule from '../../src/telemetry/tracing/start-tracing.js';
import { distUrl as dist } from '../lib/before-build.js';
import { APP } from './scenario.js';

// With OTEL_* set (BENCH_TRACING=1 gives the traced peer an OTLP endpoint), tracing starts before the
// app's modules load, as `wegate serve` does.
if (process.env.OTEL_EXPORTER_OTLP_ENDPOINT) {
  const { startTracing } = (await import(dist('telemetry/tracing/start-tracing.js'))) as typeof TracingModule;
  await startTracing({ env: process.env });
}

// BENCH_DIST names another build (an earlier commit's dist/) to measure it in the same run.
const { createSandboxRouter } = (await import(dist('callback/index.js'))) as typeof CallbackModule;
const { loadConfig } = (await import(dist('config/index.js'))) as typeof ConfigModule;
const { createLogger } = (await import(dist('kernel/log/create-logger.js'))) as typeof LoggerModule;
const { buildApp } = (await import(dist('server/build-app.js'))) as typeof BuildAppModule;
const { createRuntime } = (await import(dist('server/create-runtime.js'))) as typeof RuntimeModule;

const redisUrl = process.env.BENCH_REDIS_URL;
const dataDir = mkdtempSync(join(tmpdir(), 'wegate-bench-'));
const env: NodeJS.ProcessEnv = {
  WEGATE_DATA_DIR: dataDir,
  HOST: '127.0.0.1',
  WECHAT_OA_APPID: APP.appid,
  WECHAT_OA_TOKEN: APP.token,
  WECHAT_OA_AES_KEY: APP.aesKey,
  // Production mode (a secret is set): memory backends, or Redis ones when REDIS_URL is given.
  WECHAT_OA_SECRET: 'bench-secret',
  ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
};
const config = loadConfig({ env, cwd: dataDir });
const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
const runtime = await createRuntime(config, { logger });
// The echo handlers of sandbox mode, given as the app's business handlers (`callbacks` in ServerDeps).
const deps = { ...runtime.deps, callbacks: { oa: createSandboxRouter() } } as ServerDeps;
const app = await buildApp(config, deps);
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
console.log(`PORT ${typeof address === 'object' && address ? address.port : 0}`);

process.on('SIGTERM', () => {
  void app
    .close()
    .then(() => runtime.close())
    .finally(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
});
