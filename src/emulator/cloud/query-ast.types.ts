/** @module The tree the emulator's query parser produces for a tcb `query` string. */

export type LiteralValue = string | number | boolean | null;

/** One value in the query language; commands and accumulators are nodes, never key names. */
export type ValueNode =
  | { readonly type: 'literal'; readonly value: LiteralValue }
  | { readonly type: 'object'; readonly entries: ReadonlyArray<readonly [string, ValueNode]> }
  | { readonly type: 'array'; readonly items: readonly ValueNode[] }
  | { readonly type: 'date'; readonly ms: number }
  | { readonly type: 'regexp'; readonly pattern: string; readonly options: string }
  | { readonly type: 'geoPoint'; readonly longitude: number; readonly latitude: number }
  | { readonly type: 'command'; readonly name: string; readonly args: readonly ValueNode[] }
  | { readonly type: 'accumulator'; readonly name: string; readonly args: readonly ValueNode[] };

export interface CallNode {
  readonly method: string;
  readonly args: readonly ValueNode[];
}

/** `db.collection("x")` followed by its chained calls, in source order. */
export interface QueryAst {
  readonly collection: string;
  readonly calls: readonly CallNode[];
}

/** Query commands (`_.gt`…), update commands (`_.inc`…) and accumulators (`$.sum`…) the cloud supports here. */
export const QUERY_COMMANDS = [
  'eq',
  'neq',
  'lt',
  'lte',
  'gt',
  'gte',
  'in',
  'nin',
  'and',
  'or',
  'exists',
  'elemMatch',
] as const;
export const UPDATE_COMMANDS = ['set', 'inc', 'mul', 'remove', 'push', 'pull'] as const;
export const ACCUMULATORS = ['sum', 'avg', 'min', 'max', 'first', 'last'] as const;

export const CHAIN_METHODS = [
  'doc',
  'where',
  'orderBy',
  'skip',
  'limit',
  'field',
  'get',
  'count',
  'add',
  'update',
  'set',
  'remove',
  'aggregate',
  'match',
  'group',
  'project',
  'sort',
  'lookup',
  'unwind',
  'end',
] as const;
