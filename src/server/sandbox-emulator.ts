/** @module Sandbox mode: the emulator mounted on the server's own port, seeded with the configured apps. */
import type { FastifyPluginAsync } from 'fastify';
import type { WegateConfig } from '../config/config.types.js';
import { createWorld, emulatorAppFromConfig, emulatorPlugin, type World } from '../emulator/index.js';

export interface SandboxEmulator {
  readonly world: World;
  readonly plugin: FastifyPluginAsync;
  /** The server's own base URL; valid once it listens (the port may be 0 until then). */
  readonly baseUrl: () => string;
}

export function createSandboxEmulatorPlugin(config: WegateConfig): SandboxEmulator {
  let address: () => string = () => {
    throw new Error('the sandbox emulator is reachable only once the server listens');
  };
  // The simulated user pushes callbacks to this very server, whose port is known only after listen.
  const world = createWorld({
    apps: Object.values(config.apps).map(emulatorAppFromConfig),
    serverUrl: () => address(),
  });
  const plugin: FastifyPluginAsync = async (app) => {
    address = () => {
      const bound = app.server.address();
      if (typeof bound !== 'object' || bound === null) throw new Error('the server is not listening yet');
      return `http://127.0.0.1:${bound.port}`;
    };
    await app.register(emulatorPlugin, { world });
  };
  return { world, plugin, baseUrl: () => address() };
}
