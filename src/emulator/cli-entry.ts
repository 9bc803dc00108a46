/** @module startEmulator: seed the apps of a loaded config and listen (used by `wegate emulator`). */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { AppConfig, WegateConfig } from '../config/config.types.js';
import { buildEmulatorApp } from './build-emulator-app.js';
import type { EmulatorApp } from './world/apps.js';
import { createWorld, type World } from './world/world.js';

export interface StartEmulatorOptions {
  readonly port: number;
  readonly host: string;
  /** Its `apps` are seeded into the emulator (and kept across `/__emulator/reset`). */
  readonly config?: Pick<WegateConfig, 'apps'>;
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

/** The emulator's view of a configured app. */
export function emulatorAppFromConfig(app: AppConfig): EmulatorApp {
  return {
    appid: app.appid,
    secret: app.secret,
    type: app.type,
    name: app.name,
    ...(app.token !== undefined ? { token: app.token } : {}),
    ...(app.aesKey !== undefined ? { aesKey: app.aesKey } : {}),
    msgMode: app.msgMode,
    pushFormat: app.pushFormat,
  };
}

export async function startEmulator(options: StartEmulatorOptions): Promise<RunningEmulator> {
  const world = options.world ?? createWorld();
  for (const app of Object.values(options.config?.apps ?? {})) world.apps.put(emulatorAppFromConfig(app));
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
