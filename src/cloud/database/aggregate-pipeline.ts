/** @module createAggregatePipeline: `db.collection(name).aggregate()` stages, run by end(). */
import { CloudQueryError } from '../../kernel/errors/wechat-error.js';
import { callLiteral, integerArg, whereArg } from './chain-steps.js';
import type { CloudQueryRunner, GroupSpec } from './database.types.js';
import { decodeRecord } from './decode-record.js';
import { serializeValue } from './serialize-value.js';

export interface LookupSpec {
  readonly from: string;
  readonly localField: string;
  readonly foreignField: string;
  readonly as: string;
}

export interface AggregatePipeline {
  match(filter: object): AggregatePipeline;
  group(spec: GroupSpec): AggregatePipeline;
  /** `{field: true|false|1|0}` or `{name: "$field"}`. */
  project(spec: Readonly<Record<string, boolean | 0 | 1 | string>>): AggregatePipeline;
  sort(spec: Readonly<Record<string, 1 | -1>>): AggregatePipeline;
  skip(n: number): AggregatePipeline;
  limit(n: number): AggregatePipeline;
  lookup(spec: LookupSpec): AggregatePipeline;
  unwind(
    path: string | { readonly path: string; readonly preserveNullAndEmptyArrays?: boolean },
  ): AggregatePipeline;
  /** POST /tcb/databaseaggregate. */
  end<R = Record<string, unknown>>(): Promise<R[]>;
}

function checkGroup(spec: GroupSpec): string {
  if (typeof spec !== 'object' || spec === null || !('_id' in spec))
    throw new CloudQueryError('group() needs _id');
  return serializeValue(spec, 'group');
}

function checkSort(spec: Readonly<Record<string, number>>): string {
  const values = Object.values(spec);
  if (values.length === 0 || !values.every((v) => v === 1 || v === -1))
    throw new CloudQueryError('sort() takes {field: 1 | -1}');
  return serializeValue(spec, 'data');
}

function checkUnwind(arg: Parameters<AggregatePipeline['unwind']>[0]): string {
  const path = typeof arg === 'string' ? arg : arg?.path;
  if (typeof path !== 'string' || !path.startsWith('$'))
    throw new CloudQueryError('unwind() takes a "$field" path');
  return serializeValue(arg, 'data');
}

export function createAggregatePipeline(
  runner: CloudQueryRunner,
  head: string,
  stages: readonly string[] = [],
): AggregatePipeline {
  const add = (method: string, arg: string) =>
    createAggregatePipeline(runner, head, [...stages, callLiteral(method, arg)]);
  return {
    match: (filter) => add('match', whereArg(filter)),
    group: (spec) => add('group', checkGroup(spec)),
    project: (spec) => add('project', serializeValue(spec, 'data')),
    sort: (spec) => add('sort', checkSort(spec)),
    skip: (n) => add('skip', integerArg('skip', n, 0)),
    limit: (n) => add('limit', integerArg('limit', n, 1)),
    lookup: (spec) =>
      add(
        'lookup',
        serializeValue(
          { from: spec.from, localField: spec.localField, foreignField: spec.foreignField, as: spec.as },
          'data',
        ),
      ),
    unwind: (arg) => add('unwind', checkUnwind(arg)),
    end: async <R>() => {
      const query = [head, 'aggregate()', ...stages, 'end()'].join('.');
      const raw = await runner.run<{ data?: readonly string[] }>('databaseaggregate', query, true);
      return (raw.data ?? []).map((text) => decodeRecord<R>(text));
    },
  };
}
