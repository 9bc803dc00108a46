/** @module runOperation: a planned database operation against one collection, answering the tcb body. */
import { randomBytes } from 'node:crypto';
import { equalValues, sortOrder } from './compare-values.js';
import { getPath, isPlainRecord, type Doc } from './field-path.js';
import { materializeValue } from './materialize-value.js';
import { matchesFilter } from './match-filter.js';
import type { Operation, Selection } from './plan-query.js';
import { projectFields } from './project-fields.js';
import { applyUpdate } from './apply-update.js';
import { runAggregate, type CollectionReader } from './run-aggregate.js';
import { badQuery, TcbErrcode, TcbRejection } from './tcb-rejection.js';
import { toWireRecord } from './to-wire-record.js';

/** The cloud's default page for server queries, and the most one query returns. */
export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 1000;

/** A 32-hex id like the cloud gives documents added from a server (no `_openid`: servers have no user). */
export function newDocumentId(): string {
  return randomBytes(16).toString('hex');
}

function select(docs: Map<string, Doc>, op: Selection): Doc[] {
  if (op.docId !== undefined) {
    const doc = docs.get(op.docId);
    return doc ? [doc] : [];
  }
  const where = op.where;
  return [...docs.values()].filter((doc) => where === undefined || matchesFilter(doc, where));
}

function runGet(docs: Map<string, Doc>, op: Extract<Operation, { kind: 'get' }>): object {
  let found = select(docs, op);
  if (op.orders.length > 0) {
    found = [...found].sort((a, b) => {
      for (const key of op.orders) {
        const order = sortOrder(getPath(a, key.field), getPath(b, key.field));
        if (order !== 0) return order * key.direction;
      }
      return 0;
    });
  }
  const limit = Math.min(op.limit ?? DEFAULT_LIMIT, MAX_LIMIT);
  let page = found.slice(op.skip, op.skip + limit);
  if (op.field) page = projectFields(page, op.field);
  return { pager: { Offset: op.skip, Limit: limit, Total: found.length }, data: page.map(toWireRecord) };
}

function runAdd(docs: Map<string, Doc>, data: Operation & { kind: 'add' }): object {
  const value = materializeValue(data.data);
  const records = Array.isArray(value) ? value : [value];
  if (records.length === 0 || !records.every(isPlainRecord))
    throw badQuery('add() data is an object or an array of objects');
  const prepared = records.map((record) => {
    const id = record['_id'] ?? newDocumentId();
    if (typeof id !== 'string' || docs.has(id))
      throw new TcbRejection(TcbErrcode.DatabaseRequestFailed, `duplicate _id ${JSON.stringify(id)}`);
    return { ...record, _id: id };
  });
  // All or nothing: a rejected record must not leave its predecessors behind.
  for (const record of prepared) docs.set(record._id, record);
  return { id_list: prepared.map((r) => r._id) };
}

function runUpdate(docs: Map<string, Doc>, op: Extract<Operation, { kind: 'update' }>): object {
  const targets = select(docs, op);
  const updated = targets.map((doc) => {
    const copy = structuredClone(doc);
    applyUpdate(copy, op.data);
    return copy;
  });
  let modified = 0;
  updated.forEach((copy, i) => {
    if (!equalValues(copy, targets[i])) modified += 1;
    docs.set(String(copy['_id']), copy);
  });
  return { matched: targets.length, modified, id: '' };
}

function runSet(docs: Map<string, Doc>, op: Extract<Operation, { kind: 'set' }>): object {
  const value = materializeValue(op.data);
  if (!isPlainRecord(value) || '_id' in value) throw badQuery('set() data is an object without _id');
  const existing = docs.get(op.docId);
  const replacement = { _id: op.docId, ...value };
  docs.set(op.docId, replacement);
  if (!existing) return { matched: 0, modified: 0, id: op.docId };
  return { matched: 1, modified: equalValues(existing, replacement) ? 0 : 1, id: '' };
}

/** Runs `op` on `docs`; `read` gives other collections of the environment to lookup(). */
export function runOperation(docs: Map<string, Doc>, op: Operation, read: CollectionReader): object {
  switch (op.kind) {
    case 'get':
      return runGet(docs, op);
    case 'count':
      return { count: select(docs, op).length };
    case 'add':
      return runAdd(docs, op);
    case 'update':
      return runUpdate(docs, op);
    case 'set':
      return runSet(docs, op);
    case 'remove': {
      const targets = select(docs, op);
      for (const doc of targets) docs.delete(String(doc['_id']));
      return { deleted: targets.length };
    }
    case 'aggregate':
      return { data: runAggregate([...docs.values()], op.stages, read).map(toWireRecord) };
  }
}
