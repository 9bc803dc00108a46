/** @module A real wegate server on a loopback port with its own emulator world, for callback e2e tests. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Router } from '../../src/callback/index.js';
import { loadConfig } from '../../src/config/index.js';
import type { WegateConfig } from '../../src/config/config.types.js';
import { createWorld, emulatorAppFromConfig, emulatorPlugin, type World } from '../../src/emulator/index.js';
import type { SendRecord } from '../../src/emulator/index.js';
import { createLogger } from '../../src/kernel/log/create-logger.js';
import { buildApp } from '../../src/server/build-app.js';
import { createRuntime } from '../../src/server/create-runtime.js';
import type { CallbackContext } from '../../src/server/routes/wechat/callback-context.js';
import type { ServerDeps } from '../../src/server/server-deps.types.js';
import { cleanEnv } from './run-cli.js';

export interface E2eServerOptions {
  /** `apps` of wegate.config.json (name → type, appid, secret, token, aesKey, msgMode, pushFormat). */
  readonly apps: Record<string, Record<string, string>>;
  /** Extra environment (e.g. `WECHAT_OA_MSG_MODE`, `WEGATE_CALLBACK_DEADLINE_MS`). */
  readonly env?: Record<string, string>;
  readonly callbacks: Record<string, Router<CallbackContext>>;
  /** The simulated user's per-attempt timeout (WeChat: 5000 ms). */
  readonly pushTimeoutMs?: number;
}

export interface E2eServer {
  readonly url: string;
  readonly config: WegateConfig;
  readonly deps: ServerDeps;
  readonly world: World;
  readonly app: FastifyInstance;
  /** POST /__emulator/users/send as `openid` to the app named `app`; the finished record. */
  send(app: string, openid: string, message: Record<string, unknown>): Promise<SendRecord>;
  close(): Promise<void>;
}

/** The emulator mounted on the server's own port, pushing to that port (like sandbox mode, with a shorter timeout). */
function createLoopbackEmulator(config: WegateConfig, pushTimeoutMs: number | undefined) {
  let address = (): string => {
    throw new Error('the server is not listening yet');
  };
  const world = createWorld({
    apps: Object.values(config.apps).map(emulatorAppFromConfig),
    serverUrl: () => address(),
    ...(pushTimeoutMs !== undefined ? { pushTimeoutMs } : {}),
  });
  const plugin: FastifyPluginAsync = async (app) => {
    address = () => {
      const bound = app.server.address();
      if (typeof bound !== 'object' || bound === null) throw new Error('the server is not listening yet');
      return `http://127.0.0.1:${bound.port}`;
    };
    await app.register(emulatorPlugin, { world });
  };
  return { world, plugin };
}

/** Loads config from env + a wegate.config.json the way main() does, then builds and listens on port 0. */
export async function startE2eServer(options: E2eServerOptions): Promise<E2eServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wegate-callback-e2e-'));
  writeFileSync(join(dataDir, 'wegate.config.json'), JSON.stringify({ apps: options.apps }));
  const env = cleanEnv({ WEGATE_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...options.env });
  const config = loadConfig({ env, cwd: dataDir });
  const runtime = await createRuntime(config, { logger: createLogger({ level: 'silent' }) });
  const emulator = createLoopbackEmulator(config, options.pushTimeoutMs);
  const deps: ServerDeps = { ...runtime.deps, callbacks: options.callbacks, emulator: emulator.plugin };
  let app: FastifyInstance;
  try {
    app = await buildApp(config, deps);
    await app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const bound = app.server.address();
  const url = `http://127.0.0.1:${typeof bound === 'object' && bound ? bound.port : 0}`;
  return {
    url,
    config,
    deps,
    world: emulator.world,
    app,
    send: async (name, openid, message) => {
      const res = await fetch(`${url}/__emulator/users/send`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ app: name, openid, message }),
      });
      if (res.status !== 200) throw new Error(`users/send answered ${res.status}: ${await res.text()}`);
      return (await res.json()) as SendRecord;
    },
    close: async () => {
      await app.close();
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
