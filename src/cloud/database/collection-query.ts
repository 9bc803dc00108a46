/** @module createCollectionQuery: `db.collection(name)` with where/orderBy/skip/limit/field and its terminals. */
import { CloudQueryError } from '../../kernel/errors/wechat-error.js';
import { createAggregatePipeline, type AggregatePipeline } from './aggregate-pipeline.js';
import {
  callLiteral,
  collectionLiteral,
  dataArg,
  integerArg,
  MAX_LIMIT,
  orderArg,
  plainObjectData,
  projectionArg,
  whereArg,
} from './chain-steps.js';
import type { QueryCommand } from './command.js';
import type {
  AddResult,
  CloudQueryRunner,
  DeleteResult,
  Projection,
  QueryResult,
  UpdateData,
  UpdateResult,
  WhereFilter,
} from './database.types.js';
import { createDocumentRef, type DocumentRef } from './document-ref.js';
import { decodeQueryResult, type RawQueryResult } from './decode-query-result.js';

export interface CollectionQuery<T> {
  where(filter: WhereFilter<T> | QueryCommand): CollectionQuery<T>;
  orderBy(field: (keyof T & string) | string, direction: 'asc' | 'desc'): CollectionQuery<T>;
  skip(n: number): CollectionQuery<T>;
  limit(n: number): CollectionQuery<T>;
  field(projection: Projection<T>): CollectionQuery<T>;
  /** POST /tcb/databasequery. */
  get(): Promise<QueryResult<T>>;
  /** POST /tcb/databasecount. */
  count(): Promise<number>;
  /** POST /tcb/databaseupdate; needs where(). */
  update(data: UpdateData<T>): Promise<UpdateResult>;
  /** POST /tcb/databasedelete; needs where(). */
  remove(): Promise<DeleteResult>;
}

export interface CollectionRef<T> extends CollectionQuery<T> {
  doc(id: string): DocumentRef<T>;
  /** POST /tcb/databaseadd: one document or several. */
  add(data: T | readonly T[]): Promise<AddResult>;
  aggregate(): AggregatePipeline;
}

interface State {
  readonly steps: readonly string[];
  readonly used: ReadonlySet<string>;
}

function createQuery<T>(runner: CloudQueryRunner, head: string, state: State): CollectionQuery<T> {
  const next = (method: string, arg: string, repeatable = false) => {
    if (!repeatable && state.used.has(method)) throw new CloudQueryError(`${method}() given twice`);
    return createQuery<T>(runner, head, {
      steps: [...state.steps, callLiteral(method, arg)],
      used: new Set([...state.used, method]),
    });
  };
  const source = (terminal: string, only?: string) => {
    const extra = [...state.used].filter((m) => m !== 'where');
    if (only !== undefined && extra.length > 0)
      throw new CloudQueryError(`${only}() cannot follow ${extra.join(', ')}()`);
    return [head, ...state.steps, terminal].join('.');
  };
  const needsWhere = (method: string) => {
    if (!state.used.has('where'))
      throw new CloudQueryError(
        `${method}() needs where() or doc(): the whole collection is never changed by accident`,
      );
  };
  return {
    where: (filter) => next('where', whereArg(filter)),
    orderBy: (field, direction) => next('orderBy', orderArg(field, direction), true),
    skip: (n) => next('skip', integerArg('skip', n, 0)),
    limit: (n) => next('limit', integerArg('limit', n, 1, MAX_LIMIT)),
    field: (projection) => next('field', projectionArg(projection)),
    get: async () =>
      decodeQueryResult<T>(await runner.run<RawQueryResult>('databasequery', source('get()'), true)),
    count: async () =>
      (await runner.run<{ count: number }>('databasecount', source('count()', 'count'), true)).count,
    update: async (data) => {
      needsWhere('update');
      plainObjectData(data, 'update');
      return runner.run<UpdateResult>(
        'databaseupdate',
        source(callLiteral('update', dataArg(data, 'update')), 'update'),
        false,
      );
    },
    remove: async () => {
      needsWhere('remove');
      return runner.run<DeleteResult>('databasedelete', source('remove()', 'remove'), false);
    },
  };
}

export function createCollectionRef<T>(runner: CloudQueryRunner, name: string): CollectionRef<T> {
  const head = collectionLiteral(name);
  return {
    ...createQuery<T>(runner, head, { steps: [], used: new Set() }),
    doc: (id) => createDocumentRef<T>(runner, head, id),
    add: async (data) => {
      const list: readonly unknown[] = Array.isArray(data) ? data : [data];
      if (list.length === 0) throw new CloudQueryError('add() needs at least one document');
      for (const item of list) plainObjectData(item, 'add');
      return runner.run<AddResult>(
        'databaseadd',
        `${head}.${callLiteral('add', dataArg(data, 'data'))}`,
        false,
      );
    },
    aggregate: () => createAggregatePipeline(runner, head),
  };
}
