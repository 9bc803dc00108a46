/** @module Checks of the network settings: trusted proxies and the HTTP timeouts. */
import { isIP } from 'node:net';
import { ConfigError } from './config-error.js';
import type { RawConfig } from './config-schema.js';
import type { SettingNames } from './setting-names.js';

/** Defaults of `network.*`; the cap stays well under a usual open-file limit (ulimit -n). */
export const NETWORK_DEFAULTS = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  // Longer than the 60 s idle timeout of common load balancers, so they never reuse a closed connection.
  keepAliveTimeoutMs: 72_000,
  maxConnections: 10_000,
} as const;

// The named ranges Fastify's proxy check (proxy-addr) understands.
const RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const TRUST_ALL = ['true', '1', '*', 'all'];

/** `WEGATE_TRUST_PROXY`'s comma-separated entries, trimmed. */
export function parseTrustProxy(text: string | undefined): string[] {
  return text === undefined ? [] : text.split(',').map((entry) => entry.trim());
}

function isTrustEntry(entry: string): boolean {
  if (RANGE_NAMES.includes(entry) || isIP(entry) !== 0) return true;
  const slash = entry.indexOf('/');
  const family = slash < 0 ? 0 : isIP(entry.slice(0, slash));
  const prefix = entry.slice(slash + 1);
  if (family === 0 || !/^[0-9]{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

function checkTrustProxy(raw: RawConfig, names: SettingNames): void {
  const text = raw.network?.trustProxy;
  if (text === undefined) return;
  const setting = names.of('network.trustProxy');
  if (TRUST_ALL.includes(text.trim().toLowerCase())) {
    throw new ConfigError(
      setting,
      `"${text}" would believe X-Forwarded-* from any client; list the proxies' addresses or CIDRs ` +
        '(0.0.0.0/0,::/0 to trust every address on purpose)',
    );
  }
  for (const entry of parseTrustProxy(text)) {
    if (!isTrustEntry(entry)) {
      throw new ConfigError(
        setting,
        `"${entry}" is not an IP address, a CIDR or one of ${RANGE_NAMES.join(', ')}`,
      );
    }
  }
}

/** The network settings beyond their types (validateSchema checked those). */
export function checkNetwork(raw: RawConfig, names: SettingNames): void {
  checkTrustProxy(raw, names);
  const request = raw.network?.requestTimeoutMs ?? NETWORK_DEFAULTS.requestTimeoutMs;
  const headers = raw.network?.headersTimeoutMs ?? NETWORK_DEFAULTS.headersTimeoutMs;
  // Node refuses a headers timeout longer than the request timeout (the request one would fire first).
  if (headers > request) {
    const setting = names.of(
      raw.network?.headersTimeoutMs !== undefined ? 'network.headersTimeoutMs' : 'network.requestTimeoutMs',
    );
    const message =
      raw.network?.headersTimeoutMs !== undefined
        ? `must not exceed the request timeout (${request} ms), got ${headers}`
        : `must not be below the headers timeout (${headers} ms), got ${request}`;
    throw new ConfigError(setting, message);
  }
}
