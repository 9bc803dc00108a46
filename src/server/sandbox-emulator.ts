/** @module Sandbox mode: the emulator mounted on the server's own port, seeded with the configured apps. */
import { join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import type { WegateConfig } from '../config/config.types.js';
import { PRIVATE_DIR_MODE, restrictMode } from '../config/private-data-dir.js';
import {
  createWorld,
  emulatorAppFromConfig,
  emulatorPlugin,
  seedMerchant,
  type World,
} from '../emulator/index.js';
import { SANDBOX_CLOUD_ENV } from './routes/files/file-routes.types.js';

export interface SandboxEmulator {
  readonly world: World;
  readonly plugin: FastifyPluginAsync;
  /** The server's own base URL; valid once it listens (the port may be 0 until then). */
  readonly baseUrl: () => string;
}

/** The demo cloud functions every sandbox environment has. */
function registerDemoFunctions(world: World, env: string): void {
  world.cloudFunctions.register(env, 'echo', (event) => event);
  world.cloudFunctions.register(env, 'sum', (event) => {
    const values = (event as { values?: unknown }).values;
    const numbers = Array.isArray(values) ? values.filter((v): v is number => typeof v === 'number') : [];
    return { sum: numbers.reduce((a, b) => a + b, 0) };
  });
}

export function createSandboxEmulatorPlugin(config: WegateConfig): SandboxEmulator {
  let address: () => string = () => {
    throw new Error('the sandbox emulator is reachable only once the server listens');
  };
  // Users' uploads land here (created 0700 by the emulator); a folder an older start left wider is tightened.
  const storageDir = join(config.dataDir, 'emulator-storage');
  restrictMode(storageDir, PRIVATE_DIR_MODE);
  // The simulated user pushes callbacks to this very server, whose port is known only after listen.
  const world = createWorld({
    apps: Object.values(config.apps).map(emulatorAppFromConfig),
    serverUrl: () => address(),
    cloudEnvs: [{ env: config.cloudEnv ?? SANDBOX_CLOUD_ENV }],
    cloudStorage: { dir: storageDir },
  });
  registerDemoFunctions(world, config.cloudEnv ?? SANDBOX_CLOUD_ENV);
  if (config.pay) seedMerchant(world, config.pay);
  const plugin: FastifyPluginAsync = async (app) => {
    address = () => {
      const bound = app.server.address();
      if (typeof bound !== 'object' || bound === null) throw new Error('the server is not listening yet');
      return `http://127.0.0.1:${bound.port}`;
    };
    await app.register(emulatorPlugin, { world, publicControl: config.emulatorPublic });
  };
  return { world, plugin, baseUrl: () => address() };
}
