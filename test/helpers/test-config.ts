/** A complete WegateConfig for tests that build the server without loading the environment. */
import type { WegateConfig } from '../../src/config/config.types.js';

export function testConfig(overrides: Partial<WegateConfig> = {}): WegateConfig {
  return {
    sandbox: true,
    port: 0,
    host: '127.0.0.1',
    dataDir: '/nonexistent',
    apps: {},
    secrets: { fieldKeys: {} },
    callback: { maxSkewS: 0, deadlineMs: 4500, maxBodyBytes: 1024 * 1024 },
    gateway: { ratePerSecond: 1000, maxBodyBytes: 12 * 1024 * 1024 },
    hosts: {
      api: 'https://api.weixin.qq.com',
      payApi: 'https://api.mch.weixin.qq.com',
      open: 'https://open.weixin.qq.com',
      mpWeb: 'https://mp.weixin.qq.com',
    },
    serverUrl: 'http://127.0.0.1:8080',
    oauth: { redirectPaths: ['/'] },
    network: {
      trustProxy: [],
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 10_000,
      keepAliveTimeoutMs: 72_000,
      maxConnections: 10_000,
    },
    emulatorPublic: false,
    ...overrides,
  };
}
