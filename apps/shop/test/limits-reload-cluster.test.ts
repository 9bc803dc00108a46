/**
 * A limit changed in the config file applies on every instance within 2 s, without a restart: three
 * `wegate serve` processes sharing PostgreSQL and Redis read one `WEGATE_CONFIG` file; its per-IP limit on
 * `auth.login` is raised while all three refuse, then lowered while all three allow, and each server's
 * first answer under the new limit is timed from the moment the file was replaced (written beside it and
 * renamed over it, as editors and ConfigMaps do). Needs dist/ and apps/shop/dist built (`npm run build`).
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShopCluster, type ShopCluster } from './shop-cluster.js';

const dir = mkdtempSync(join(tmpdir(), 'wegate-limits-reload-'));
const configFile = join(dir, 'wegate.config.json');

function writeLimit(max: number): void {
  const next = `${configFile}.next`;
  writeFileSync(next, JSON.stringify({ limits: { 'auth.login': { perIp: { max, windowS: 600 } } } }));
  renameSync(next, configFile);
}

let cluster: ShopCluster;
beforeAll(async () => {
  writeLimit(2);
  cluster = await startShopCluster({ dialect: 'postgres', servers: 3, env: { WEGATE_CONFIG: configFile } });
}, 180_000);
afterAll(async () => {
  await cluster?.close();
  rmSync(dir, { recursive: true, force: true });
});

let users = 0;
/** One Mini Program login on `server`; its status (200, or 429 once the IP's window is full). */
async function login(server: string): Promise<number> {
  const code = await fetch(`${cluster.emulatorUrl}/__emulator/mp/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ appid: cluster.appid, user: `reload-${(users += 1)}` }),
  }).then(async (r) => ((await r.json()) as { code: string }).code);
  const res = await fetch(`${server}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  await res.arrayBuffer();
  return res.status;
}

/** Per server, the ms from `since` until a login answered `status` (polled every 50 ms, up to 10 s). */
function timeUntil(status: number, since: number): Promise<number[]> {
  return Promise.all(
    cluster.servers.map(async (server) => {
      while (Date.now() - since < 10_000) {
        if ((await login(server)) === status) return Date.now() - since;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return Infinity;
    }),
  );
}

describe('a limit changed in the config file, three server processes', () => {
  it('applies on all three within 2 s, raised and lowered', async () => {
    // The shared window (Redis) holds 2 logins from this IP; every server refuses the third.
    expect(await login(cluster.servers[0]!)).toBe(200);
    expect(await login(cluster.servers[1]!)).toBe(200);
    for (const server of cluster.servers) expect(await login(server)).toBe(429);

    const raisedAt = Date.now();
    writeLimit(1000);
    const raised = await timeUntil(200, raisedAt);
    expect(Math.max(...raised)).toBeLessThanOrEqual(2000);

    // Lowered below what the window already holds: every server refuses again.
    const loweredAt = Date.now();
    writeLimit(1);
    const lowered = await timeUntil(429, loweredAt);
    expect(Math.max(...lowered)).toBeLessThanOrEqual(2000);
  }, 60_000);
});
