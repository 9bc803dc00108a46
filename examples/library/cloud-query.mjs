/** Cloud database (云开发) from the server: add documents, then query them with a command. */
import { createAccessTokenBroker, createApiClient } from 'wegate';
import { createMemoryCache, createMemoryLock } from 'wegate/adapters';
import { createCloudDatabase } from 'wegate/cloud';
import { settings } from './settings.mjs';

const { appid, secret } = settings.mp();
const tokens = createAccessTokenBroker(
  { appid, secret, baseUrl: settings.apiBase },
  { cache: createMemoryCache(), lock: createMemoryLock() },
);
const api = createApiClient({ baseUrl: settings.apiBase }, { tokens });
const db = createCloudDatabase({ env: settings.cloudEnv() }, { api });

// A collection of its own per run, so the example can run again against the same environment.
const name = `todos_${Date.now()}`;
await db.collectionAdd(name);
/** @type {import('wegate/cloud').CollectionRef<{ title: string; done: boolean; priority: number }>} */
const todos = db.collection(name);
await todos.add({ title: 'write the handler', done: false, priority: 2 });
await todos.add({ title: 'ship it', done: false, priority: 1 });
await todos.add({ title: 'read the docs', done: true, priority: 3 });

const _ = db.command;
const open = await todos
  .where({ done: false, priority: _.gte(1) })
  .orderBy('priority', 'asc')
  .get();
await api.close();

console.log(JSON.stringify({ scenario: 'cloud-query', open: open.data.map((d) => d.title) }));
