/** @module command: the cloud SDK's `db.command` (`_`) and `db.command.aggregate` (`$`) as typed values. */

const BRAND = Symbol.for('wegate.cloud.command');

/** `query` and `logic` go in where(), `update` in update(), `accumulator` in aggregate group(). */
export type CommandKind = 'query' | 'logic' | 'update' | 'accumulator';

export interface CloudCommand<K extends CommandKind = CommandKind> {
  readonly [BRAND]: true;
  readonly kind: K;
  readonly name: string;
  readonly args: readonly unknown[];
}

export type QueryCommand = CloudCommand<'query' | 'logic'>;
export type UpdateCommand = CloudCommand<'update'>;
export type Accumulator = CloudCommand<'accumulator'>;

function make<K extends CommandKind>(kind: K, name: string, args: readonly unknown[]): CloudCommand<K> {
  return Object.freeze({ [BRAND]: true as const, kind, name, args: Object.freeze([...args]) });
}

export function isCloudCommand(value: unknown): value is CloudCommand {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

const query = (name: string) => (value: unknown) => make('query', name, [value]);
const accumulator = (name: string) => (expression: string | number) =>
  make('accumulator', name, [expression]);
type Condition = QueryCommand | Record<string, unknown> | string | number | boolean | null | Date | RegExp;

/** Mirrors `db.command`: build conditions and updates as values, never as strings. */
export const command = Object.freeze({
  eq: query('eq'),
  neq: query('neq'),
  lt: query('lt'),
  lte: query('lte'),
  gt: query('gt'),
  gte: query('gte'),
  in: (values: readonly unknown[]) => make('query', 'in', [values]),
  nin: (values: readonly unknown[]) => make('query', 'nin', [values]),
  /** Field-level (`{age: _.and([_.gt(1), _.lt(9)])}`) or top-level (`where(_.and([{…}, {…}]))`). */
  and: (...conditions: Array<Condition | readonly Condition[]>) => make('logic', 'and', [conditions.flat()]),
  or: (...conditions: Array<Condition | readonly Condition[]>) => make('logic', 'or', [conditions.flat()]),
  exists: (present: boolean) => make('query', 'exists', [present]),
  elemMatch: (condition: Record<string, unknown> | QueryCommand) => make('query', 'elemMatch', [condition]),
  set: (value: unknown) => make('update', 'set', [value]),
  inc: (n: number) => make('update', 'inc', [n]),
  mul: (n: number) => make('update', 'mul', [n]),
  remove: () => make('update', 'remove', []),
  push: (values: unknown) => make('update', 'push', [values]),
  pull: (value: unknown) => make('update', 'pull', [value]),
  aggregate: Object.freeze({
    sum: accumulator('sum'),
    avg: accumulator('avg'),
    min: accumulator('min'),
    max: accumulator('max'),
    first: accumulator('first'),
    last: accumulator('last'),
  }),
});

export type Command = typeof command;
