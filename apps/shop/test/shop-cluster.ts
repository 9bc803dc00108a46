/**
 * @module A shop cluster for the oversell test and the benchmarks: one standalone `wegate emulator` process and N `wegate serve`
 * processes in production mode against it (the `*_BASE` variables), the shop named in `WEGATE_PLUGINS`,
 * sharing PostgreSQL (a schema of their own) and Redis (a database of their own: wegate's key prefix is
 * fixed), or one server on a SQLite file. Needs `npm run build` (dist/ and apps/shop/dist).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export type Dialect = 'sqlite' | 'postgres';
export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** One JSON request to a cluster's server or emulator; the answer's status and parsed body. */
export async function call(url: string, method: string, body?: unknown, token?: string) {
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  if (token) headers['authorization'] = `Bearer ${token}`;
  const res = await fetch(url, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Json };
}

export interface ShopCluster {
  readonly emulatorUrl: string;
  readonly servers: readonly string[];
  /** The server processes' pids, in the order of `servers`. */
  readonly serverPids: readonly number[];
  /** The Redis database the servers share (postgres only). */
  readonly redisUrl?: string;
  readonly appid: string;
  /** The Mini Program's AppSecret (a client of the emulator's APIs, e.g. its cloud database). */
  readonly secret: string;
  /** The cloud environment every process knows (`WECHAT_CLOUD_ENV`). */
  readonly cloudEnv: string;
  readonly mchid: string;
  readonly adminKey: string;
  /** The schema the servers share (postgres only). */
  readonly schema?: string;
  /** The SQLite file of the single server (sqlite only). */
  readonly sqliteFile?: string;
  /** Resolves once server `index`'s process has exited (killed, or dead by itself). */
  exited(index: number): Promise<void>;
  /**
   * SIGKILLs server `index` if it still runs and starts it again on the same port, store and Redis, with
   * `env` over the cluster's own (an empty value removes a variable).
   */
  restart(index: number, env?: Record<string, string>): Promise<void>;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Spawns `node dist/cli.js <args>` and resolves once `probe` answers 200 (logs stay quiet: no log line to wait for). */
async function start(args: string[], env: NodeJS.ProcessEnv, probe: string): Promise<ChildProcess> {
  // SHOP_CLUSTER_SERVE_ARGS: node flags for the servers only (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof).
  const flags =
    args[0] === 'serve' ? (process.env.SHOP_CLUSTER_SERVE_ARGS ?? '').split(' ').filter(Boolean) : [];
  const child = spawn(process.execPath, [...flags, 'dist/cli.js', ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (err.length < 20_000) err += d.toString();
  });
  const end = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args[0]} exited with ${child.exitCode}: ${err}`);
    const ok = await fetch(probe).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    if (Date.now() > end) {
      child.kill('SIGKILL');
      throw new Error(`${args[0]} not ready within 60 s: ${err}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export async function pgAdmin(sql: string, url = DATABASE_URL): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

/** A Redis database nobody uses (empty), claimed with a marker key; its keys are deleted on release. */
async function claimRedisDb(): Promise<{ url: string; release(): Promise<void> }> {
  for (let db = 15; db >= 1; db -= 1) {
    const url = `${REDIS_URL.replace(/\/\d*$/, '')}/${db}`;
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    const claimed =
      (await redis.dbsize()) === 0 && (await redis.set('shop-cluster:claim', '1', 'NX')) === 'OK';
    if (!claimed) {
      redis.disconnect();
      continue;
    }
    return {
      url,
      async release() {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', 'wegate*', 'COUNT', 1000);
          cursor = next;
          if (keys.length > 0) await redis.del(...keys);
        } while (cursor !== '0');
        await redis.del('shop-cluster:claim');
        redis.disconnect();
      },
    };
  }
  throw new Error('no empty Redis database among 1–15');
}

export interface ClusterOptions {
  readonly dialect: Dialect;
  readonly servers: number;
  /** Extra environment for every server (wins over the cluster's own, e.g. WECHAT_PAY_NOTIFY_URL). */
  readonly env?: Record<string, string>;
}

/** Starts the emulator and the servers; `close()` stops them and deletes the schema, keys and files. */
export async function startShopCluster(options: ClusterOptions): Promise<ShopCluster> {
  const work = mkdtempSync(join(tmpdir(), `wegate-shop-cluster-${options.dialect}-`));
  const cleanups: Array<() => Promise<void>> = [async () => rmSync(work, { recursive: true, force: true })];
  const children: ChildProcess[] = [];
  const close = async () => {
    await Promise.all(children.map(stop));
    for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
  };
  try {
    const keyPath = join(work, 'apiclient_key.pem');
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const id = randomBytes(5).toString('hex');
    const shared: Record<string, string> = {
      HOST: '127.0.0.1',
      WECHAT_MP_APPID: `wx${id}000000`,
      WECHAT_MP_SECRET: randomBytes(16).toString('hex'),
      WECHAT_CLOUD_ENV: `cluster-${id}`,
      WECHAT_PAY_MCHID: '1900000109',
      WECHAT_PAY_APIV3_KEY: randomBytes(16).toString('hex'),
      WECHAT_PAY_PRIVATE_KEY: keyPath,
      WECHAT_PAY_CERT_SERIAL: randomBytes(20).toString('hex').toUpperCase(),
    };
    const base: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env))
      if (!/^(WECHAT_|WEGATE_|DATABASE_URL|REDIS_URL|PORT|HOST|OTEL_)/.test(k)) base[k] = v;
    const emulatorPort = await freePort();
    const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
    mkdirSync(join(work, 'emulator'), { mode: 0o700 });
    children.push(
      await start(
        ['emulator'],
        { ...base, ...shared, PORT: String(emulatorPort), WEGATE_DATA_DIR: join(work, 'emulator') },
        `${emulatorUrl}/__emulator/apps`,
      ),
    );
    const adminKey = randomBytes(16).toString('hex');
    const serverEnv: Record<string, string> = {
      ...shared,
      WECHAT_API_BASE: emulatorUrl,
      WECHAT_PAY_API_BASE: emulatorUrl,
      WEGATE_PLUGINS: '@wegate/shop',
      WEGATE_JWT_SECRET: randomBytes(24).toString('hex'),
      WEGATE_FIELD_KEYS: JSON.stringify({ 1: randomBytes(16).toString('hex') }),
      WEGATE_ADMIN_KEY: adminKey,
      LOG_LEVEL: process.env.SHOP_CLUSTER_LOG ?? 'warn',
    };
    let schema: string | undefined;
    if (options.dialect === 'postgres') {
      schema = `shop_cluster_${id}`;
      await pgAdmin(`create schema "${schema}"`);
      const dropSchema = schema;
      cleanups.push(() => pgAdmin(`drop schema if exists "${dropSchema}" cascade`));
      const redis = await claimRedisDb();
      cleanups.push(() => redis.release());
      serverEnv.DATABASE_URL = `${DATABASE_URL}?options=-c%20search_path%3D${schema}`;
      serverEnv.REDIS_URL = redis.url;
    }
    const servers: string[] = [];
    const serverPids: number[] = [];
    const serverEnvs: NodeJS.ProcessEnv[] = [];
    const serverChildren: ChildProcess[] = [];
    // One at a time: the first runs the migrations, the others find them done.
    for (let i = 0; i < options.servers; i += 1) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const dataDir = join(work, `server-${i}`);
      mkdirSync(dataDir, { mode: 0o700 });
      const env = {
        ...base,
        ...serverEnv,
        PORT: String(port),
        WEGATE_DATA_DIR: dataDir,
        WECHAT_PAY_NOTIFY_URL: `${url}/pay/notify`,
        ...options.env,
      };
      const server = await start(['serve'], env, `${url}/healthz`);
      children.push(server);
      serverChildren.push(server);
      serverEnvs.push(env);
      servers.push(url);
      serverPids.push(server.pid!);
    }
    const exited = (index: number) => exitOf(serverChildren[index]!);
    const restart = async (index: number, extra: Record<string, string> = {}) => {
      const old = serverChildren[index]!;
      old.kill('SIGKILL');
      await exitOf(old);
      const env: NodeJS.ProcessEnv = { ...serverEnvs[index], ...extra };
      for (const [k, v] of Object.entries(extra)) if (v === '') delete env[k];
      const server = await start(['serve'], env, `${servers[index]}/healthz`);
      children.push(server);
      serverChildren[index] = server;
      serverPids[index] = server.pid!;
    };
    return {
      emulatorUrl,
      servers,
      serverPids,
      ...(serverEnv.REDIS_URL ? { redisUrl: serverEnv.REDIS_URL } : {}),
      appid: shared.WECHAT_MP_APPID!,
      secret: shared.WECHAT_MP_SECRET!,
      cloudEnv: shared.WECHAT_CLOUD_ENV!,
      mchid: shared.WECHAT_PAY_MCHID!,
      adminKey,
      ...(schema ? { schema } : { sqliteFile: join(work, 'server-0', 'wegate.db') }),
      exited,
      restart,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
