/** @module startEmulator: seed the apps, cloud environment and merchant of a loaded config and listen (`wegate emulator`). */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { buildEmulatorApp } from './build-emulator-app.js';
import { seedFromConfig, type EmulatorSeedConfig } from './seed-from-config.js';
import { createWorld, type World } from './world/world.js';

export interface StartEmulatorOptions {
  readonly port: number;
  readonly host: string;
  /**
   * Its `apps`, `cloudEnv` (`WECHAT_CLOUD_ENV`) and `pay` merchant (`WECHAT_PAY_*`) are seeded into the
   * emulator and kept across `/__emulator/reset`.
   */
  readonly config?: EmulatorSeedConfig;
  readonly world?: World;
  readonly logger?: FastifyBaseLogger | false;
  /** The control API answers every peer, not only loopback ones (WEGATE_EMULATOR_PUBLIC=1). */
  readonly publicControl?: boolean;
}

export interface RunningEmulator {
  readonly app: FastifyInstance;
  readonly world: World;
  /** `http://host:port` actually bound (port 0 resolved). */
  readonly url: string;
  close(): Promise<void>;
}

export async function startEmulator(options: StartEmulatorOptions): Promise<RunningEmulator> {
  const cloudEnv = options.config?.cloudEnv;
  const world =
    options.world ?? createWorld(cloudEnv !== undefined ? { cloudEnvs: [{ env: cloudEnv }] } : {});
  if (options.config) seedFromConfig(world, options.config);
  const app = buildEmulatorApp({
    world,
    logger: options.logger ?? false,
    publicControl: options.publicControl ?? false,
  });
  await app.listen({ port: options.port, host: options.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return { app, world, url: `http://${host}:${port}`, close: () => app.close() };
}
