/** @module An ApiClient with its own token broker against a loopback emulator, for e2e tests that call WeChat APIs. */
import { createMemoryCache, createMemoryLock } from '../../src/adapters/memory/index.js';
import { createAccessTokenBroker } from '../../src/kernel/credential/index.js';
import { createApiClient, type ApiClient } from '../../src/kernel/http/index.js';

const silent = { debug: () => {}, info: () => {}, warn: () => {} };

export function createLoopbackApi(baseUrl: string, app: { appid: string; secret: string }): ApiClient {
  const tokens = createAccessTokenBroker(
    { appid: app.appid, secret: app.secret, baseUrl },
    { cache: createMemoryCache(), lock: createMemoryLock(), logger: silent },
  );
  return createApiClient({ baseUrl }, { tokens, logger: silent, sleep: async () => {} });
}
