/** A `wegate serve` in sandbox mode, started in-process on a free loopback port with its own data directory. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WegatePlugin } from '../../src/server/define-plugin.js';
import { main, type RunningServer } from '../../src/server/main.js';
import { freePort } from './free-port.js';
import { cleanEnv } from './run-cli.js';

export interface SandboxServer {
  readonly server: RunningServer;
  readonly dataDir: string;
  /** Close the server and remove its data directory. */
  close(): Promise<void>;
}

export interface SandboxServerOptions {
  /** Written to `<dataDir>/wegate.config.json` (e.g. extra apps). */
  readonly configFile?: unknown;
  readonly env?: Record<string, string>;
  /** Plugins given in code, as `main({ plugins })` takes them. */
  readonly plugins?: readonly WegatePlugin[];
}

export async function startSandboxServer(
  label: string,
  options: SandboxServerOptions = {},
): Promise<SandboxServer> {
  const dataDir = mkdtempSync(join(tmpdir(), `wegate-${label}-`));
  if (options.configFile !== undefined) {
    writeFileSync(join(dataDir, 'wegate.config.json'), JSON.stringify(options.configFile));
  }
  const env = cleanEnv({
    PORT: String(await freePort()),
    HOST: '127.0.0.1',
    WEGATE_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const server = await main({ env, cwd: dataDir, ...(options.plugins ? { plugins: options.plugins } : {}) });
  return {
    server,
    dataDir,
    close: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
