/** @module `wegate emulator`: the emulator alone, seeded with the apps, cloud environment and merchant of the environment/config. */
import { loadConfig } from '../config/index.js';
import { startEmulator } from '../emulator/index.js';
import { createLogger } from '../kernel/log/create-logger.js';

const DEFAULT_EMULATOR_PORT = 8081;

export async function runEmulatorCommand(env: NodeJS.ProcessEnv): Promise<void> {
  const config = loadConfig({ env, cwd: process.cwd() });
  const logger = createLogger({ level: env.LOG_LEVEL ?? 'info', format: config.logFormat });
  const port = env.PORT ? config.port : DEFAULT_EMULATOR_PORT;
  const publicControl = config.emulatorPublic;
  const emulator = await startEmulator({ port, host: config.host, config, logger, publicControl });
  const apps = Object.values(config.apps).map((a) => ({ name: a.name, appid: a.appid, type: a.type }));
  const seeded = { cloudEnv: config.cloudEnv, mchid: config.pay?.mchid };
  logger.info({ url: emulator.url, apps, ...seeded }, 'wegate emulator listening');
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
