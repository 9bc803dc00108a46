import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/helpers/free-port.js';
import { cleanEnv } from '../../test/helpers/run-cli.js';
import { replyText } from '../callback/index.js';
import { definePlugin, type WegatePlugin } from './define-plugin.js';
import { createServer } from './create-server.js';
import { main, type RunningServer } from './main.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
interface NotesTable {
  id: string;
  text: string;
}

const dataDir = mkdtempSync(join(tmpdir(), 'wegate-define-plugin-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const notes = definePlugin({
  name: 'notes',
  migrations: {
    '0001-notes': {
      up: async (db) => {
        await db.schema
          .createTable('notes')
          .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
          .addColumn('text', 'text', (c) => c.notNull())
          .execute();
      },
    },
  },
  jobs: {
    'notes.write': async (job: { data: NotesTable }) => {
      await dbOf(server).insertInto('notes').values(job.data).execute();
    },
  },
  payHandlers: {
    'pay.transaction.success': async (job) => {
      await dbOf(server)
        .insertInto('notes')
        .values({ id: `paid:${job.data.outTradeNo}`, text: job.data.eventType })
        .execute();
    },
  },
  callbacks: {
    // Answers every Mini Program push itself, never calling next().
    mp: (router) => router.use((message) => replyText(message, 'notes saw it')),
  },
  register(app, ctx) {
    app.post<{ Body: NotesTable }>('/api/notes', async (request) => {
      await ctx.queue.enqueue('notes.write', request.body);
      return { queued: true };
    });
  },
});

let server: RunningServer | undefined;
const dbOf = (s: RunningServer | undefined) => {
  if (!s) throw new Error('no server');
  return s.deps.store.db.withTables<{ notes: NotesTable }>();
};

/** On a port free a moment ago; another suite may take it in between, so a taken port is tried again. */
async function start(plugins: WegatePlugin[]): Promise<RunningServer> {
  for (let attempt = 1; ; attempt += 1) {
    const env = cleanEnv({
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      WEGATE_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
    });
    try {
      return await main({ env, cwd: dataDir, plugins });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt === 5) throw error;
    }
  }
}

const post = async (url: string, body: unknown) =>
  (await (
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  ).json()) as Json;

describe('plugins', () => {
  it('applies its migrations once, recorded in its own table, and runs its job handlers', async () => {
    server = await start([notes]);
    await server.close();
    server = await start([notes]);
    const { rows } = await sql<{ name: string }>`select name from wegate_plugin_notes_migrations`.execute(
      server.deps.store.db,
    );
    expect(rows.map((r) => r.name)).toEqual(['0001-notes']);
    await post(`${server.url}/api/notes`, { id: 'n1', text: 'hello' });
    await expect
      .poll(() => dbOf(server).selectFrom('notes').selectAll().execute(), { timeout: 5_000 })
      .toEqual([{ id: 'n1', text: 'hello' }]);
  });

  it('hands a verified payment to its pay handler', async () => {
    const s = server as RunningServer;
    const order = await s.deps.pay!.orders.createJsapiOrder({
      outTradeNo: 'NOTES-1',
      openid: 'o-buyer',
      amount: 100,
      description: 'a note',
    });
    const paid = await post(`${s.url}/__emulator/pay/request-payment`, {
      ...order.requestPayment,
      action: 'pay',
    });
    expect(paid).toMatchObject({ trade_state: 'SUCCESS' });
    await expect
      .poll(() => dbOf(s).selectFrom('notes').selectAll().where('id', '=', 'paid:NOTES-1').execute(), {
        timeout: 10_000,
      })
      .toEqual([{ id: 'paid:NOTES-1', text: 'TRANSACTION.SUCCESS' }]);
  });

  it('adds to the Mini Program router after wegate’s subscribe-choice middleware', async () => {
    const s = server as RunningServer;
    const message = {
      MsgType: 'event',
      Event: 'subscribe_msg_popup_event',
      List: [{ TemplateId: 'TPL-1', SubscribeStatusString: 'accept', PopupScene: '0' }],
    };
    const sent = await post(`${s.url}/__emulator/users/send`, { app: 'mp', openid: 'o-mia', message });
    expect(sent['shown']).toMatchObject({ Content: 'notes saw it' });
    const choice = await s.deps.store.db
      .selectFrom('wegate_subscribe_choices')
      .select(['openid', 'template_id', 'status'])
      .where('app', '=', 'mp')
      .execute();
    expect(choice).toEqual([{ openid: 'o-mia', template_id: 'TPL-1', status: 'accept' }]);
    await s.close();
  });

  it('createServer builds the server with its plugins, not listening, and closes it whole', async () => {
    const env = cleanEnv({ WEGATE_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const app = await createServer({ env, cwd: dataDir, plugins: [notes] });
    expect(app.server.listening).toBe(false);
    const res = await app.inject({ method: 'POST', url: '/api/notes', payload: { id: 'n2', text: 'two' } });
    expect(res.json()).toEqual({ queued: true });
    await app.close();
  });

  it('guards admin routes with WEGATE_ADMIN_KEY: 401 without or with a wrong key, 404 when no key is set', async () => {
    const admin = definePlugin({
      name: 'admin-notes',
      register(app, ctx) {
        app.get('/api/admin-notes/count', { preHandler: ctx.requireAdmin }, async () => ({ count: 3 }));
      },
    });
    const key = 'admin-key-0123456789';
    const on = await createServer({
      env: cleanEnv({ WEGATE_DATA_DIR: dataDir, LOG_LEVEL: 'silent', WEGATE_ADMIN_KEY: key }),
      cwd: dataDir,
      plugins: [admin],
    });
    const get = (app: typeof on, authorization?: string) =>
      app.inject({
        method: 'GET',
        url: '/api/admin-notes/count',
        headers: authorization ? { authorization } : {},
      });
    expect((await get(on, `Bearer ${key}`)).json()).toEqual({ count: 3 });
    for (const header of [undefined, 'Bearer wrong', key, `Bearer ${key}x`]) {
      const res = await get(on, header);
      expect([res.statusCode, res.json()['code']]).toEqual([401, 4017]);
    }
    await on.close();
    const off = await createServer({
      env: cleanEnv({ WEGATE_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
      cwd: dataDir,
      plugins: [admin],
    });
    const unknown = await off.inject({ method: 'GET', url: '/api/admin-notes/none' });
    const res = await get(off, `Bearer ${key}`);
    expect([res.statusCode, res.json()['code']]).toEqual([404, 4040]);
    expect(res.json()['message']).toBe(unknown.json()['message'].replace('none', 'count'));
    await off.close();
  });

  it('gives plugins the Mini Program’s cloud database (the sandbox’s environment)', async () => {
    const memo = definePlugin({
      name: 'memo',
      register(app, ctx) {
        app.post<{ Body: { text: string } }>('/api/memo', async (request) => {
          const memos = ctx.cloud!.database.collection<{ text: string }>('memos');
          await ctx.cloud!.database.collectionAdd('memos').catch(() => undefined);
          const { id_list } = await memos.add({ text: request.body.text });
          const stored = await memos.doc(id_list[0]!).get();
          return { env: ctx.cloud!.env, text: stored?.text };
        });
      },
    });
    const s = await start([memo]);
    expect(await post(`${s.url}/api/memo`, { text: 'buy tea' })).toEqual({
      env: 'sandbox-env',
      text: 'buy tea',
    });
    await s.close();
  });

  it('stops the start with one line naming a plugin that adds to an app that does not exist', async () => {
    const stray = definePlugin({ name: 'stray', callbacks: { nope: () => undefined } });
    await expect(start([stray])).rejects.toThrow(/^plugins: stray: no app named nope$/);
  });
});
