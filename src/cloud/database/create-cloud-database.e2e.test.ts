/** End to end: builder → kernel API client + token broker → emulator over loopback → cloud store. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMemoryCache, createMemoryLock } from '../../adapters/memory/index.js';
import { buildEmulatorApp } from '../../emulator/build-emulator-app.js';
import { createWorld, type World } from '../../emulator/world/world.js';
import { createAccessTokenBroker } from '../../kernel/credential/index.js';
import { isWeChatApiError, isWeChatError } from '../../kernel/errors/wechat-error.js';
import { createApiClient } from '../../kernel/http/create-api-client.js';
import type { ApiClient } from '../../kernel/http/api-client.types.js';
import { createCloudDatabase, type CloudDatabase } from './create-cloud-database.js';
import { failure } from '../../../test/helpers/failure.js';

const MP = { appid: 'wxclouddb00e2e0mp', secret: 'mp-secret-cloud-e2e', type: 'mini-program' } as const;
const ENV = 'e2e-env-7f3a';

interface Todo {
  title: string;
  done: boolean;
  owner: string;
  points: number;
  due?: Date;
  tags?: string[];
}

describe('cloud database end to end', () => {
  let world: World;
  let app: FastifyInstance;
  let api: ApiClient;
  let db: CloudDatabase;
  const _ = () => db.command;

  beforeAll(async () => {
    world = createWorld({ apps: [MP], cloudEnvs: [{ env: ENV, appid: MP.appid }] });
    app = buildEmulatorApp({ world });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const tokens = createAccessTokenBroker(
      { appid: MP.appid, secret: MP.secret, baseUrl: url },
      { cache: createMemoryCache(), lock: createMemoryLock() },
    );
    api = createApiClient({ baseUrl: url }, { tokens, sleep: async () => undefined });
    db = createCloudDatabase({ env: ENV }, { api });
  });
  afterAll(async () => {
    await api.close();
    await app.close();
  });
  beforeEach(async () => {
    world.cloud.reset();
    await db.collectionAdd('todos');
    await db.collection<Todo>('todos').add([
      { title: 'a', done: false, owner: 'ann', points: 3, due: new Date(Date.UTC(2024, 0, 1)), tags: ['x'] },
      { title: 'b', done: true, owner: 'ann', points: 5 },
      { title: 'c', done: false, owner: 'bob', points: 7, tags: ['x', 'y'] },
    ]);
  });

  it('adds, reads, updates and removes documents', async () => {
    const todos = db.collection<Todo>('todos');
    const { id_list } = await todos.add({ title: 'd', done: false, owner: 'cid', points: 1 });
    expect(id_list[0]).toMatch(/^[0-9a-f]{32}$/);
    const page = await todos.where({ owner: 'ann' }).orderBy('points', 'desc').limit(5).get();
    expect(page.pager).toEqual({ Offset: 0, Limit: 5, Total: 2 });
    expect(page.data.map((t) => t.title)).toEqual(['b', 'a']);
    expect(page.data[1]?.due).toEqual(new Date(Date.UTC(2024, 0, 1)));
    expect(await todos.where({ done: false }).update({ points: _().inc(10), tags: _().push(['z']) })).toEqual(
      { matched: 3, modified: 3, id: '' },
    );
    expect((await todos.doc(id_list[0] as string).get())?.points).toBe(11);
    expect(
      await todos.doc(id_list[0] as string).set({ title: 'd2', done: true, owner: 'cid', points: 0 }),
    ).toMatchObject({ matched: 1, modified: 1 });
    expect(await todos.where({ points: _().gte(13) }).remove()).toEqual({ deleted: 2 });
    expect((await todos.limit(100).get()).data.map((t) => t.title).sort()).toEqual(['b', 'd2']);
  });

  it('counts with command operators', async () => {
    expect(
      await db
        .collection<Todo>('todos')
        .where({ points: _().and(_().gt(3), _().lte(7)), tags: _().exists(true) })
        .count(),
    ).toBe(1);
    expect(
      await db
        .collection<Todo>('todos')
        .where(_().or([{ owner: 'bob' }, { done: true }]))
        .count(),
    ).toBe(2);
    expect(await db.collection<Todo>('todos').count()).toBe(3);
  });

  it('aggregates with group and sort', async () => {
    const $ = db.command.aggregate;
    const rows = await db
      .collection('todos')
      .aggregate()
      .group({ _id: '$owner', total: $.sum('$points'), n: $.sum(1) })
      .sort({ total: -1 })
      .end();
    expect(rows).toEqual([
      { _id: 'ann', total: 8, n: 2 },
      { _id: 'bob', total: 7, n: 1 },
    ]);
  });

  it('adds, lists and deletes collections', async () => {
    await db.collectionAdd('logs');
    const listed = await db.collectionGet({ limit: 10, offset: 0 });
    expect(listed.collections.map((c) => [c.name, c.count])).toEqual([
      ['todos', 3],
      ['logs', 0],
    ]);
    expect(listed.pager).toEqual({ Offset: 0, Limit: 10, Total: 2 });
    await db.collectionDelete('logs');
    expect((await db.collectionGet()).collections.map((c) => c.name)).toEqual(['todos']);
  });

  it('maps tcb errcodes to WeChatApiError: unknown env, missing env, unknown collection, bad query', async () => {
    const other = createCloudDatabase({ env: 'no-such-env' }, { api });
    expect(isWeChatApiError(await failure(() => other.collection('todos').get()), -501005)).toBe(true);
    const missingEnv = await failure(() =>
      api.post('/tcb/databasequery', { query: 'db.collection("todos").get()' }),
    );
    expect(isWeChatApiError(missingEnv, 40101)).toBe(true);
    expect(isWeChatApiError(await failure(() => db.collection('nope').get()), -502005)).toBe(true);
    expect(
      isWeChatApiError(
        await failure(() =>
          db.request('databasequery', 'db.collection("todos").where({a:1}).get();process.exit()'),
        ),
        -501007,
      ),
    ).toBe(true);
    expect(isWeChatApiError(await failure(() => db.collectionAdd('todos')), -502001)).toBe(true);
  });

  it('rejects unsupported forms in the builder before anything is sent', async () => {
    const updates = () => world.stats.snapshot().apps[MP.appid]?.calls['/tcb/databaseupdate']?.total ?? 0;
    const before = updates();
    const error = await failure(async () => db.collection<Todo>('todos').update({ points: 1 }));
    expect(isWeChatError(error) && error.code).toBe('WEGATE_CLOUD_QUERY_INVALID');
    expect(() => db.collection('todos').limit(1001)).toThrow(/limit\(\) needs an integer from 1 to 1000/);
    expect(updates()).toBe(before);
  });

  describe('injection: hostile values are stored and matched literally, never executed', () => {
    const hostile = [
      '"}).remove()//',
      `'); db.collection("todos").remove(`,
      '\\"}).remove()//',
      '\u2028}).remove()',
      '${1}`',
    ];

    it.each(hostile)(
      'stores and finds %j as plain text, leaving the other documents intact',
      async (value) => {
        const todos = db.collection<Todo>('todos');
        const { id_list } = await todos.add({ title: value, done: false, owner: value, points: 0 });
        const found = await todos.where({ title: value }).get();
        expect(found.data.map((d) => [d._id, d.title, d.owner])).toEqual([[id_list[0], value, value]]);
        expect(await todos.where({ owner: value }).count()).toBe(1);
        expect(await todos.where({ owner: value }).remove()).toEqual({ deleted: 1 });
        expect((await todos.get()).data.map((t) => t.title).sort()).toEqual(['a', 'b', 'c']);
      },
    );

    it('treats {"$where": …} as a value and $-prefixed, dotted and quoted keys as field names', async () => {
      const todos = db.collection<Record<string, unknown>>('todos');
      const payload = JSON.parse('{"$where":"sleep(1)"}') as Record<string, unknown>;
      expect(await todos.where({ title: payload }).count()).toBe(0);
      await todos.add({ title: payload, 'a.b': 1, 'q"k': 2, $where: 'x' });
      expect(await todos.where({ title: payload }).count()).toBe(1);
      expect(await todos.where({ $where: 'x' }).count()).toBe(1);
      expect(await todos.where({ 'a.b': 1, 'q"k': 2 }).count()).toBe(1);
      expect(await todos.where({ title: { $where: _().exists(true) } }).count()).toBe(1);
      expect(await todos.count()).toBe(4);
    });
  });
});
