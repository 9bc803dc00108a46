/** @module Collection management: databasecollectionadd / databasecollectiondelete / databasecollectionget. */
import type { CloudBook } from './cloud-book.js';
import { toWireRecord } from './to-wire-record.js';
import { TcbErrcode, TcbRejection } from './tcb-rejection.js';

type Body = Record<string, unknown>;

const COLLECTION_NAME = /^[A-Za-z0-9_-]{1,32}$/;
/** A fixed per-index footprint, shaped like the sizes the real API reports. */
const INDEX_SIZE = 16384;

function collectionName(body: Body): string {
  const name = body['collection_name'];
  if (typeof name !== 'string' || name === '')
    throw new TcbRejection(TcbErrcode.MissingParameter, 'missing collection_name');
  if (!COLLECTION_NAME.test(name))
    throw new TcbRejection(TcbErrcode.InvalidParameter, `invalid collection_name ${JSON.stringify(name)}`);
  return name;
}

export function addCollection(store: CloudBook, appid: string, body: Body): object {
  const env = store.env(body['env'], appid);
  const name = collectionName(body);
  if (env.collections.has(name))
    throw new TcbRejection(TcbErrcode.DatabaseRequestFailed, `collection already exists: ${name}`);
  env.collections.set(name, new Map());
  return {};
}

export function deleteCollection(store: CloudBook, appid: string, body: Body): object {
  const env = store.env(body['env'], appid);
  const name = collectionName(body);
  store.collection(env, name);
  env.collections.delete(name);
  return {};
}

function pageNumber(value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new TcbRejection(TcbErrcode.InvalidParameter, 'limit and offset are non-negative integers');
  }
  return value;
}

export function listCollections(store: CloudBook, appid: string, body: Body): object {
  const env = store.env(body['env'], appid);
  const limit = pageNumber(body['limit'], 10, 1);
  const offset = pageNumber(body['offset'], 0, 0);
  const all = [...env.collections].map(([name, docs]) => ({
    name,
    count: docs.size,
    size: [...docs.values()].reduce((sum, doc) => sum + Buffer.byteLength(toWireRecord(doc)), 0),
    index_count: 1,
    index_size: INDEX_SIZE,
  }));
  return {
    collections: all.slice(offset, offset + limit),
    pager: { Offset: offset, Limit: limit, Total: all.length },
  };
}
