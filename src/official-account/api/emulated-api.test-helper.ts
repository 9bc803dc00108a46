/** @module Test setup for the Official Account methods: an emulator on a loopback port and an ApiClient on it. */
import { createMemoryCache, createMemoryLock } from '../../adapters/memory/index.js';
import { createEmulatorHarness, type EmulatorHarness } from '../../emulator/create-emulator-harness.js';
import { createAccessTokenBroker } from '../../kernel/credential/index.js';
import { createApiClient, type ApiClient } from '../../kernel/http/index.js';

const silent = { debug: () => {}, info: () => {}, warn: () => {} };

export interface EmulatedApi {
  readonly h: EmulatorHarness;
  readonly api: ApiClient;
  readonly url: string;
  readonly appid: string;
  close(): Promise<void>;
}

export async function startEmulatedApi(appid: string): Promise<EmulatedApi> {
  const app = { appid, secret: `${appid}-secret`, type: 'official-account' as const };
  const h = createEmulatorHarness({ apps: [app] });
  const url = await h.app.listen({ port: 0, host: '127.0.0.1' });
  const tokens = createAccessTokenBroker(
    { appid, secret: app.secret, baseUrl: url },
    { cache: createMemoryCache(), lock: createMemoryLock(), logger: silent },
  );
  const api = createApiClient({ baseUrl: url }, { tokens, logger: silent, sleep: async () => {} });
  return {
    h,
    api,
    url,
    appid,
    close: async () => {
      await api.close();
      await h.close();
    },
  };
}
