/** @module planQuery: checks a parsed chain against the forms the cloud accepts and names the operation. */
import type { CallNode, QueryAst, ValueNode } from './query-ast.types.js';
import { badQuery } from './tcb-rejection.js';

export interface SortKey {
  readonly field: string;
  readonly direction: 1 | -1;
}

export interface Selection {
  readonly docId?: string;
  readonly where?: ValueNode;
}

export type Operation =
  | (Selection & {
      readonly kind: 'get';
      readonly orders: readonly SortKey[];
      readonly skip: number;
      readonly limit?: number;
      readonly field?: ValueNode;
    })
  | (Selection & { readonly kind: 'count' })
  | (Selection & { readonly kind: 'update'; readonly data: ValueNode })
  | (Selection & { readonly kind: 'remove' })
  | { readonly kind: 'set'; readonly docId: string; readonly data: ValueNode }
  | { readonly kind: 'add'; readonly data: ValueNode }
  | { readonly kind: 'aggregate'; readonly stages: readonly CallNode[] };

export type OperationKind = Operation['kind'];

interface Modifiers {
  docId?: string;
  where?: ValueNode;
  orders: SortKey[];
  skip?: number;
  limit?: number;
  field?: ValueNode;
}

const MODIFIERS_OF: Readonly<Record<string, readonly string[]>> = {
  get: ['doc', 'where', 'orderBy', 'skip', 'limit', 'field'],
  count: ['where'],
  update: ['doc', 'where'],
  remove: ['doc', 'where'],
  set: ['doc'],
  add: [],
};

function oneArg(call: CallNode): ValueNode {
  if (call.args.length !== 1) throw badQuery(`${call.method}() takes one argument`);
  return call.args[0] as ValueNode;
}

function literal(node: ValueNode, what: string): string | number | boolean | null {
  if (node.type !== 'literal') throw badQuery(`${what} must be a plain value`);
  return node.value;
}

export function integerArg(call: CallNode, min: number): number {
  const value = literal(oneArg(call), `${call.method}()`);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw badQuery(`${call.method}() needs an integer ≥ ${min}`);
  }
  return value;
}

function orderArg(call: CallNode): SortKey {
  const [field, direction] = call.args.map((a) => literal(a, 'orderBy()'));
  if (call.args.length !== 2 || typeof field !== 'string' || (direction !== 'asc' && direction !== 'desc')) {
    throw badQuery('orderBy() needs a field and "asc" or "desc"');
  }
  return { field, direction: direction === 'asc' ? 1 : -1 };
}

function applyModifier(mods: Modifiers, call: CallNode): void {
  const once = (present: unknown) => {
    if (present !== undefined) throw badQuery(`${call.method}() given twice`);
  };
  if (call.method === 'doc') {
    once(mods.docId ?? mods.where);
    const id = literal(oneArg(call), 'doc()');
    if (typeof id !== 'string' && typeof id !== 'number') throw badQuery('doc() needs an id');
    mods.docId = String(id);
  } else if (call.method === 'where') {
    once(mods.where ?? mods.docId);
    const where = oneArg(call);
    if (where.type !== 'object' && where.type !== 'command') throw badQuery('where() needs an object');
    mods.where = where;
  } else if (call.method === 'orderBy') {
    mods.orders.push(orderArg(call));
  } else if (call.method === 'skip') {
    once(mods.skip);
    mods.skip = integerArg(call, 0);
  } else if (call.method === 'limit') {
    once(mods.limit);
    mods.limit = integerArg(call, 1);
  } else {
    once(mods.field);
    mods.field = oneArg(call);
  }
}

/** The `{data: …}` argument of add/update/set. */
function dataArg(call: CallNode): ValueNode {
  const arg = oneArg(call);
  const data =
    arg.type === 'object' && arg.entries.length === 1 && arg.entries[0]?.[0] === 'data'
      ? arg.entries[0][1]
      : undefined;
  if (!data) throw badQuery(`${call.method}() takes {data: …}`);
  return data;
}

function readModifiers(calls: readonly CallNode[]): { terminal: CallNode; mods: Modifiers } {
  const terminal = calls[calls.length - 1];
  const allowed = terminal ? MODIFIERS_OF[terminal.method] : undefined;
  if (!terminal || !allowed)
    throw badQuery('the query must end with get, count, add, update, set, remove or end');
  const mods: Modifiers = { orders: [] };
  for (const call of calls.slice(0, -1)) {
    if (!allowed.includes(call.method))
      throw badQuery(`${call.method}() cannot come before ${terminal.method}()`);
    applyModifier(mods, call);
  }
  return { terminal, mods };
}

function planChain(calls: readonly CallNode[]): Operation {
  const { terminal, mods } = readModifiers(calls);
  const selection: Selection = { docId: mods.docId, where: mods.where };
  switch (terminal.method) {
    case 'get':
      if (terminal.args.length > 0) throw badQuery('get() takes no arguments');
      return {
        kind: 'get',
        ...selection,
        orders: mods.orders,
        skip: mods.skip ?? 0,
        limit: mods.limit,
        field: mods.field,
      };
    case 'add':
      return { kind: 'add', data: dataArg(terminal) };
    case 'set':
      if (mods.docId === undefined) throw badQuery('set() needs doc()');
      return { kind: 'set', docId: mods.docId, data: dataArg(terminal) };
  }
  if (mods.docId === undefined && mods.where === undefined && terminal.method !== 'count') {
    throw badQuery(`${terminal.method}() needs where() or doc()`);
  }
  if (terminal.method === 'update') return { kind: 'update', ...selection, data: dataArg(terminal) };
  if (terminal.args.length > 0) throw badQuery(`${terminal.method}() takes no arguments`);
  return terminal.method === 'count' ? { kind: 'count', ...selection } : { kind: 'remove', ...selection };
}

/** The operation `ast` asks for; `expected` is the kind the called endpoint performs. */
export function planQuery(ast: QueryAst, expected: OperationKind | readonly OperationKind[]): Operation {
  const first = ast.calls[0];
  const operation: Operation =
    first?.method === 'aggregate' ? planAggregate(ast.calls) : planChain(ast.calls);
  const kinds: readonly OperationKind[] = typeof expected === 'string' ? [expected] : expected;
  if (!kinds.includes(operation.kind)) throw badQuery(`this endpoint does not run ${operation.kind}()`);
  return operation;
}

const STAGES = new Set(['match', 'group', 'project', 'sort', 'skip', 'limit', 'lookup', 'unwind']);

function planAggregate(calls: readonly CallNode[]): Operation {
  const last = calls[calls.length - 1];
  if (calls[0]?.args.length !== 0 || last?.method !== 'end' || last.args.length > 0 || calls.length < 2) {
    throw badQuery('an aggregate is aggregate() followed by stages and end()');
  }
  const stages = calls.slice(1, -1);
  for (const stage of stages) {
    if (!STAGES.has(stage.method)) throw badQuery(`unsupported aggregate stage ${stage.method}()`);
    if (stage.args.length !== 1) throw badQuery(`${stage.method}() takes one argument`);
  }
  return { kind: 'aggregate', stages };
}
