import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/config/config.types.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

const OA: AppConfig = {
  name: 'oa',
  type: 'official-account',
  appid: 'wxlistentest00oa',
  secret: 'oa-secret-listen',
  token: 'callback-token',
  aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  tokenMode: 'stable',
  msgMode: 'safe',
  pushFormat: 'xml',
};

describe('emulator over loopback', () => {
  let emulator: RunningEmulator;
  const json = async (path: string, init?: RequestInit) => {
    const response = await fetch(`${emulator.url}${path}`, init);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const post = (path: string, body: unknown) =>
    json(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, host: '127.0.0.1', config: { apps: { oa: OA } } });
  });
  afterAll(() => emulator.close());

  it('listens on a real port and serves the seeded app a stable token', async () => {
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { status, body } = await post('/cgi-bin/stable_token', {
      grant_type: 'client_credential',
      appid: OA.appid,
      secret: OA.secret,
    });
    expect(status).toBe(200);
    expect(body['expires_in']).toBe(7200);
    const ips = await json(`/cgi-bin/getcallbackip?access_token=${String(body['access_token'])}`);
    expect(ips.body['ip_list']).toBeInstanceOf(Array);
  });

  it('keeps the configured app across a control-API reset and hides its secrets', async () => {
    await post('/__emulator/reset', {});
    const apps = await json('/__emulator/apps');
    expect(apps.body['apps']).toEqual([
      {
        appid: OA.appid,
        type: OA.type,
        name: 'oa',
        msgMode: 'safe',
        pushFormat: 'xml',
        hasToken: true,
        hasAesKey: true,
        originalId: expect.stringMatching(/^gh_[0-9a-f]{12}$/),
      },
    ]);
    const { body } = await json(
      `/cgi-bin/token?grant_type=client_credential&appid=${OA.appid}&secret=${OA.secret}`,
    );
    expect(body['expires_in']).toBe(7200);
  });

  it('drops the TCP connection for a drop fault, then serves normally', async () => {
    await post('/__emulator/faults', { path: '/cgi-bin/token', kind: 'drop', count: 1 });
    const url = `${emulator.url}/cgi-bin/token?grant_type=client_credential&appid=${OA.appid}&secret=${OA.secret}`;
    await expect(fetch(url)).rejects.toThrow(/fetch failed/);
    expect((await fetch(url)).status).toBe(200);
    const stats = await json(`/__emulator/stats?appid=${OA.appid}`);
    expect(stats.body).toMatchObject({
      apps: { [OA.appid]: { calls: { '/cgi-bin/token': { errors: { drop: 1 } } } } },
    });
  });

  it('answers an injected HTTP 503 with that status', async () => {
    await post('/__emulator/faults', { kind: 'http', status: 503, count: 1 });
    const response = await fetch(`${emulator.url}/cgi-bin/getcallbackip`);
    expect(response.status).toBe(503);
    await response.arrayBuffer();
  });
});
