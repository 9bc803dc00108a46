import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryCache, createMemoryLock } from '../adapters/memory/index.js';
import type { AppConfig } from '../config/config.types.js';
import { testConfig } from '../../test/helpers/test-config.js';
import { createWeChatApps, type WeChatApps } from './create-wechat-apps.js';
import { createMetrics } from './plugins/metrics.js';

const app = (name: string, type: AppConfig['type']): AppConfig => ({
  name,
  type,
  appid: `wx00000000000000${name}`,
  secret: 'secret',
  tokenMode: 'stable',
  msgMode: 'plain',
  pushFormat: 'xml',
});
const config = testConfig({
  sandbox: false,
  apps: { oa: app('oa', 'official-account'), mp: app('mp', 'mini-program') },
  hosts: { ...testConfig().hosts, mpWeb: 'https://mp.example.test' },
});
const deps = () => ({
  cache: createMemoryCache(),
  lock: createMemoryLock(),
  logger: pino({ level: 'silent' }),
  metrics: createMetrics({ defaultMetrics: false }),
  baseUrl: () => 'http://127.0.0.1:9',
});

let wechat: WeChatApps | undefined;
afterEach(async () => {
  await wechat?.close();
  wechat = undefined;
});

describe('createWeChatApps', () => {
  it('gives Official Accounts a client whose QR images live under hosts.mpWeb; other apps get none', () => {
    wechat = createWeChatApps(config, deps());
    expect(wechat.apps['oa']?.officialAccount?.qrcode.showUrl('gQ+/=')).toBe(
      'https://mp.example.test/cgi-bin/showqrcode?ticket=gQ%2B%2F%3D',
    );
    expect(wechat.apps['mp']?.officialAccount).toBeUndefined();
  });

  it('takes the QR image base it is given, resolved per call (sandbox: the server once it listens)', () => {
    let port = 0;
    wechat = createWeChatApps(config, { ...deps(), mpWeb: () => `http://127.0.0.1:${port}` });
    port = 8123;
    expect(wechat.apps['oa']?.officialAccount?.qrcode.showUrl('t')).toBe(
      'http://127.0.0.1:8123/cgi-bin/showqrcode?ticket=t',
    );
  });
});
