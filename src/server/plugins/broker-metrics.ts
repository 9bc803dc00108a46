/** @module Gauges of each app's credential brokers (age, refreshes), read when /metrics is scraped. */
import { Gauge } from 'prom-client';
import type { WeChatApp } from '../server-deps.types.js';
import type { Metrics } from './metrics.js';

export function registerBrokerMetrics(metrics: Metrics, apps: Readonly<Record<string, WeChatApp>>): void {
  const entries = Object.entries(apps);
  const gauge = (name: string, help: string, read: (app: WeChatApp) => number | undefined) =>
    new Gauge({
      name,
      help,
      labelNames: ['app', 'credential'],
      registers: [metrics.registry],
      collect() {
        this.reset();
        for (const [name, app] of entries) {
          const value = read(app);
          if (value !== undefined) this.set({ app: name, credential: 'access_token' }, value);
        }
      },
    });
  gauge('wegate_token_age_seconds', 'Age of the access_token this process holds', (a) =>
    seconds(a.tokens.state().tokenAgeMs),
  );
  gauge('wegate_token_expires_in_seconds', 'Time left on the access_token this process holds', (a) =>
    seconds(a.tokens.state().expiresInMs),
  );
  gauge(
    'wegate_token_refreshes',
    'access_token fetches made by this process',
    (a) => a.tokens.state().refreshes,
  );
  gauge(
    'wegate_token_forced_refreshes',
    'force_refresh fetches made by this process',
    (a) => a.tokens.state().forcedRefreshes,
  );
}

function seconds(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : ms / 1000;
}
