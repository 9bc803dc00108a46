import { describe, expect, it } from 'vitest';
import { configDirs } from '../../test/helpers/config-dirs.js';
import { loadConfig } from './load-config.js';

const OA = { WECHAT_OA_APPID: 'wx1234567890abcdef', WECHAT_OA_SECRET: 'a'.repeat(32) };
const { tempDir, failure } = configDirs('wegate-config-net-');

describe('network settings', () => {
  it('default to no trusted proxy, 30 s per request, 10 s for headers, 72 s keep-alive, 10000 connections', () => {
    const config = loadConfig({ env: { ...OA }, cwd: tempDir() });
    expect(config.network).toEqual({
      trustProxy: [],
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 10_000,
      keepAliveTimeoutMs: 72_000,
      maxConnections: 10_000,
    });
    expect(config.emulatorPublic).toBe(false);
  });

  it('reads WEGATE_TRUST_PROXY, the timeouts, the connection cap and WEGATE_EMULATOR_PUBLIC', () => {
    const env = {
      ...OA,
      WEGATE_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1,fd00::/8 , loopback',
      WEGATE_REQUEST_TIMEOUT_MS: '5000',
      WEGATE_HEADERS_TIMEOUT_MS: '2000',
      WEGATE_KEEP_ALIVE_TIMEOUT_MS: '61000',
      WEGATE_MAX_CONNECTIONS: '500',
      WEGATE_EMULATOR_PUBLIC: '1',
    };
    const config = loadConfig({ env, cwd: tempDir() });
    expect(config.network).toEqual({
      trustProxy: ['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', 'loopback'],
      requestTimeoutMs: 5000,
      headersTimeoutMs: 2000,
      keepAliveTimeoutMs: 61_000,
      maxConnections: 500,
    });
    expect(config.emulatorPublic).toBe(true);
  });

  it('reads the same settings from the file, env winning', () => {
    const file = { network: { trustProxy: '192.168.0.0/16', maxConnections: 50 }, emulatorPublic: true };
    const config = loadConfig({ env: { ...OA, WEGATE_MAX_CONNECTIONS: '60' }, cwd: tempDir(file) });
    expect(config.network).toMatchObject({ trustProxy: ['192.168.0.0/16'], maxConnections: 60 });
    expect(config.emulatorPublic).toBe(true);
  });

  const bad: [string, NodeJS.ProcessEnv, string][] = [
    [
      'trust every proxy',
      { WEGATE_TRUST_PROXY: 'true' },
      'WEGATE_TRUST_PROXY: "true" would believe X-Forwarded-* from any client; list the proxies\' addresses or CIDRs (0.0.0.0/0,::/0 to trust every address on purpose)',
    ],
    [
      'a host name as proxy',
      { WEGATE_TRUST_PROXY: '10.0.0.1,proxy.internal' },
      'WEGATE_TRUST_PROXY: "proxy.internal" is not an IP address, a CIDR or one of loopback, linklocal, uniquelocal',
    ],
    [
      'a CIDR prefix too long',
      { WEGATE_TRUST_PROXY: '10.0.0.0/33' },
      'WEGATE_TRUST_PROXY: "10.0.0.0/33" is not an IP address, a CIDR or one of loopback, linklocal, uniquelocal',
    ],
    [
      'an empty entry',
      { WEGATE_TRUST_PROXY: '10.0.0.1,,10.0.0.2' },
      'WEGATE_TRUST_PROXY: "" is not an IP address, a CIDR or one of loopback, linklocal, uniquelocal',
    ],
    [
      'a request timeout of 0',
      { WEGATE_REQUEST_TIMEOUT_MS: '0' },
      'WEGATE_REQUEST_TIMEOUT_MS: must be >= 1, got 0',
    ],
    [
      'a headers timeout that is not a number',
      { WEGATE_HEADERS_TIMEOUT_MS: '10s' },
      'WEGATE_HEADERS_TIMEOUT_MS: must be an integer, got "10s"',
    ],
    [
      'a headers timeout longer than the request timeout',
      { WEGATE_HEADERS_TIMEOUT_MS: '40000' },
      'WEGATE_HEADERS_TIMEOUT_MS: must not exceed the request timeout (30000 ms), got 40000',
    ],
    ['a connection cap of 0', { WEGATE_MAX_CONNECTIONS: '0' }, 'WEGATE_MAX_CONNECTIONS: must be >= 1, got 0'],
    [
      'a keep-alive timeout of 0',
      { WEGATE_KEEP_ALIVE_TIMEOUT_MS: '0' },
      'WEGATE_KEEP_ALIVE_TIMEOUT_MS: must be >= 1, got 0',
    ],
    [
      'an emulator switch that is not 0 or 1',
      { WEGATE_EMULATOR_PUBLIC: 'yes' },
      'WEGATE_EMULATOR_PUBLIC: must be 1 or 0, got "yes"',
    ],
  ];

  it.each(bad)('refuses %s with one line naming the variable', (_name, env, message) => {
    const text = failure({ ...OA, ...env });
    expect(text).toBe(message);
    expect(text).not.toContain('\n');
  });

  it('names the file key of a bad value from the file', () => {
    expect(failure({ ...OA }, { network: { trustProxy: 'everyone' } })).toBe(
      'wegate.config.json:network.trustProxy: "everyone" is not an IP address, a CIDR or one of loopback, linklocal, uniquelocal',
    );
  });
});
