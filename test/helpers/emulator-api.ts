/** An emulator on a loopback port and a kernel ApiClient for one of its apps, for product API tests. */
import { createMemoryCache, createMemoryLock } from '../../src/adapters/memory/index.js';
import { createEmulatorHarness, type EmulatorHarness } from '../../src/emulator/create-emulator-harness.js';
import type { EmulatorApp } from '../../src/emulator/world/apps.js';
import { createAccessTokenBroker } from '../../src/kernel/credential/index.js';
import { createApiClient, type ApiClient } from '../../src/kernel/http/index.js';

const silent = { debug: () => {}, info: () => {}, warn: () => {} };

export interface EmulatorApi {
  readonly h: EmulatorHarness;
  readonly api: ApiClient;
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the emulator with `apps` and builds a client for the first one (classic tokens, no retry sleeps). */
export async function startEmulatorApi(apps: readonly EmulatorApp[]): Promise<EmulatorApi> {
  const h = createEmulatorHarness({ apps });
  const url = await h.app.listen({ port: 0, host: '127.0.0.1' });
  const app = apps[0]!;
  const tokens = createAccessTokenBroker(
    { appid: app.appid, secret: app.secret, baseUrl: url },
    { cache: createMemoryCache(), lock: createMemoryLock(), logger: silent },
  );
  const api = createApiClient({ baseUrl: url }, { tokens, logger: silent, sleep: async () => {} });
  return {
    h,
    api,
    url,
    close: async () => {
      await api.close();
      await h.close();
    },
  };
}
