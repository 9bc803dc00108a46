/** End to end: functions client → kernel API client → emulator over loopback → registered handlers. */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryCache, createMemoryLock } from '../../adapters/memory/index.js';
import { buildEmulatorApp } from '../../emulator/build-emulator-app.js';
import { createWorld, type World } from '../../emulator/world/world.js';
import { createAccessTokenBroker } from '../../kernel/credential/index.js';
import { isWeChatApiError } from '../../kernel/errors/wechat-error.js';
import { createApiClient } from '../../kernel/http/create-api-client.js';
import type { ApiClient } from '../../kernel/http/api-client.types.js';
import { createCloudFunctions, type CloudFunctions } from './create-cloud-functions.js';
import { failure } from '../../../test/helpers/failure.js';

const MP = { appid: 'wxcloudfn00e2e0mp', secret: 'mp-secret-fn-e2e', type: 'mini-program' } as const;
const ENV = 'fn-env-81ab';
const vector = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/tcb/invokecloudfunction.json', import.meta.url), 'utf8'),
) as {
  response: { resp_data: string };
};

describe('cloud functions end to end', () => {
  let world: World;
  let app: FastifyInstance;
  let api: ApiClient;
  let functions: CloudFunctions;
  const events: unknown[] = [];

  beforeAll(async () => {
    world = createWorld({ apps: [MP], cloudEnvs: [{ env: ENV, appid: MP.appid }] });
    world.cloudFunctions.register(ENV, 'sum', (event) => {
      events.push(event);
      const { a, b } = event as { a: number; b: number };
      return { sum: a + b };
    });
    world.cloudFunctions.register(ENV, 'login', async (_event, context) => ({
      event: { userInfo: { appId: context.appid } },
      appid: context.appid,
    }));
    world.cloudFunctions.register(ENV, 'boom', () => {
      throw new Error('bad input');
    });
    app = buildEmulatorApp({ world });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const tokens = createAccessTokenBroker(
      { appid: MP.appid, secret: MP.secret, baseUrl: url },
      { cache: createMemoryCache(), lock: createMemoryLock() },
    );
    api = createApiClient({ baseUrl: url }, { tokens, sleep: async () => undefined });
    functions = createCloudFunctions({ env: ENV }, { api });
  });
  afterAll(async () => {
    await api.close();
    await app.close();
  });

  it('passes the data as the event and parses the returned value', async () => {
    expect(await functions.invoke<{ a: number; b: number }, { sum: number }>('sum', { a: 2, b: 40 })).toEqual(
      { sum: 42 },
    );
    expect(events.at(-1)).toEqual({ a: 2, b: 40 });
  });

  it('answers resp_data as a JSON string shaped like the documented example', async () => {
    const raw = await api.post<{ resp_data: string }>(
      '/tcb/invokecloudfunction',
      {},
      { query: { env: ENV, name: 'login' } },
    );
    expect(typeof raw.resp_data).toBe('string');
    const documented = JSON.parse(vector.response.resp_data) as object;
    const answered = JSON.parse(raw.resp_data) as object;
    expect(Object.keys(answered).sort()).toEqual(Object.keys(documented).sort());
    expect(answered).toEqual({ event: { userInfo: { appId: MP.appid } }, appid: MP.appid });
  });

  it('reports an unknown function with the function-not-found errcode', async () => {
    expect(isWeChatApiError(await failure(() => functions.invoke('nope', {})), -501000)).toBe(true);
  });

  it('reports a throwing function with the execution-failed errcode and its message', async () => {
    const error = await failure(() => functions.invoke('boom', {}));
    expect(isWeChatApiError(error, -504002)).toBe(true);
    expect((error as { errmsg: string }).errmsg).toContain('bad input');
  });

  it('reports an unknown environment with -501005', async () => {
    const other = createCloudFunctions({ env: 'missing-env' }, { api });
    expect(isWeChatApiError(await failure(() => other.invoke('sum', { a: 1, b: 2 })), -501005)).toBe(true);
  });
});
