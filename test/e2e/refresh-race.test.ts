/**
 * Two servers share one SQL store (two processes behind a load balancer, in effect) and a client fires
 * the same refresh token several times at once (two tabs, a retried request). Every racer inside the
 * grace window gets the one new pair; the old token coming back after the window revokes the family.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlQueue } from '../../src/adapters/sql/queue.js';
import { createSqliteStore } from '../../src/adapters/sqlite/store.js';
import { createFieldCipher } from '../../src/kernel/crypto/sm4-field.js';
import type { Store } from '../../src/kernel/ports/store.types.js';
import { REFRESH_GRACE_MS } from '../../src/mini-program/session/refresh-tokens.js';
import { createSessionService } from '../../src/mini-program/session/session-service.js';
import { createUserStore } from '../../src/mini-program/session/user-store.js';
import { buildApp } from '../../src/server/build-app.js';
import { createTestSchemaStore } from '../helpers/postgres.js';
import { testConfig } from '../helpers/test-config.js';
import { testDeps } from '../helpers/test-deps.js';

const JWT_SECRET = 'refresh-race-secret-0123456789';
const FIELD_KEYS = { '1': '00112233445566778899aabbccddeeff' };
const RACERS = 5;

interface SharedDb {
  /** A store on the shared database; each call is another connection (another process). */
  open(): Promise<Store>;
  close(): Promise<void>;
}

const dialects: Array<[string, () => Promise<SharedDb>]> = [
  [
    'SQLite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'wegate-refresh-race-'));
      const stores: Store[] = [];
      return {
        open: async () => {
          const store = createSqliteStore({ file: join(dir, 'wegate.db') });
          stores.push(store);
          return store;
        },
        close: async () => {
          await Promise.all(stores.map((s) => s.close()));
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const pg = await createTestSchemaStore('refresh_race');
      let first = true;
      return {
        open: async () => {
          if (!first) return pg.open();
          first = false;
          return pg.store;
        },
        close: () => pg.cleanup(),
      };
    },
  ],
];

type Envelope = { code: number; data: Record<string, unknown> };

async function post(url: string, path: string, body: unknown, token?: string) {
  const res = await fetch(`${url}${path}`, {
    method: path === '/api/auth/me' ? 'GET' : 'POST',
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Envelope };
}

const refresh = (url: string, refreshToken: string) => post(url, '/api/auth/refresh', { refreshToken });
const me = (url: string, token: string) => post(url, '/api/auth/me', undefined, token);
const pairOf = (r: { json: Envelope }) => ({
  token: r.json.data['token'] as string,
  refreshToken: r.json.data['refreshToken'] as string,
});

describe.each(dialects)('refresh token races on %s, two servers on one store', (_name, openDb) => {
  let db: SharedDb;
  let stores: Store[] = [];
  const apps: FastifyInstance[] = [];
  const urls: string[] = [];
  const queues: Array<{ close(): Promise<void> }> = [];

  beforeAll(async () => {
    db = await openDb();
    stores = [await db.open(), await db.open()];
    for (const store of stores) await store.migrate();
    const config = testConfig({ secrets: { jwtSecret: JWT_SECRET, fieldKeys: FIELD_KEYS } });
    for (const store of stores) {
      const queue = createSqlQueue({ store });
      queues.push(queue);
      const app = await buildApp(config, testDeps({ store, queue }));
      urls.push(await app.listen({ port: 0, host: '127.0.0.1' }));
      apps.push(app);
    }
  });
  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
    await Promise.all(queues.map((q) => q.close()));
    await db?.close();
  });

  /** A logged-in user's first pair, issued as POST /api/auth/login would. */
  async function login(openid: string) {
    const users = createUserStore({ store: stores[0]!, cipher: createFieldCipher({ keys: FIELD_KEYS }) });
    const user = await users.upsertLogin({ appid: 'wxrace', openid, sessionKey: 'c2Vzc2lvbmtleQ==' });
    const sessions = createSessionService({ jwtSecret: JWT_SECRET }, { store: stores[0]!, users });
    return sessions.issue({ userId: user.id, appid: 'wxrace', openid });
  }

  it('answers every refresh racing with one token with the same new pair, which then works', async () => {
    const first = await login('o-race');
    const answers = await Promise.all(
      Array.from({ length: RACERS }, (_, i) => refresh(urls[i % urls.length]!, first.refreshToken)),
    );
    expect(answers.map((a) => [a.status, a.json.code])).toEqual(Array(RACERS).fill([200, 0]));
    const pairs = answers.map(pairOf);
    expect(new Set(pairs.map((p) => p.token)).size).toBe(1);
    expect(new Set(pairs.map((p) => p.refreshToken)).size).toBe(1);
    const won = pairs[0]!;
    expect(won.refreshToken).not.toBe(first.refreshToken);
    for (const url of urls) expect((await me(url, won.token)).json.data['id']).toBeDefined();
    const next = await refresh(urls[1]!, won.refreshToken);
    expect([next.status, next.json.code]).toEqual([200, 0]);
    expect(pairOf(next).refreshToken).not.toBe(won.refreshToken);
    // The store holds hashes only: neither refresh token in clear, and no access token.
    const rows = JSON.stringify(
      await stores[0]!.db.selectFrom('wegate_refresh_tokens').selectAll().execute(),
    );
    for (const secret of [first.refreshToken, won.refreshToken, won.token, pairOf(next).refreshToken]) {
      expect(rows).not.toContain(secret);
    }
  });

  it('revokes the whole family, newest pair included, when the old token comes back after the window', async () => {
    const first = await login('o-late');
    const racers = await Promise.all([
      refresh(urls[0]!, first.refreshToken),
      refresh(urls[1]!, first.refreshToken),
    ]);
    expect(racers.map((a) => a.status)).toEqual([200, 200]);
    const latest = pairOf(await refresh(urls[0]!, pairOf(racers[0]!).refreshToken));
    const user = await me(urls[1]!, latest.token);
    expect(user.status).toBe(200);

    // The window passes: every rotation of the family now lies further back than REFRESH_GRACE_MS.
    await stores[0]!.db
      .updateTable('wegate_refresh_tokens')
      .set((eb) => ({ created_at: eb('created_at', '-', REFRESH_GRACE_MS + 1_000) }))
      .where('user_id', '=', user.json.data['id'] as string)
      .execute();
    const late = await refresh(urls[1]!, first.refreshToken);
    expect([late.status, late.json.code]).toEqual([401, 4014]);
    for (const url of urls) {
      expect((await me(url, latest.token)).json.code).toBe(4014);
      expect((await refresh(url, latest.refreshToken)).json.code).toBe(4014);
    }
  });
});
