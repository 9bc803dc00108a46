/** @module applyUpdate: update({data}) with plain values and the update commands set/inc/mul/remove/push/pull. */
import { equalsOrContains } from './compare-values.js';
import { getPath, setPath, unsetPath, type Doc } from './field-path.js';
import { listArgs, materializeValue } from './materialize-value.js';
import { matchesCondition } from './match-filter.js';
import type { ValueNode } from './query-ast.types.js';
import { badQuery } from './tcb-rejection.js';

type CommandNode = Extract<ValueNode, { type: 'command' }>;

function numberArg(node: CommandNode): number {
  const value = node.args.length === 1 && node.args[0] ? materializeValue(node.args[0]) : undefined;
  if (typeof value !== 'number') throw badQuery(`_.${node.name}() needs a number`);
  return value;
}

function currentNumber(doc: Doc, path: string, name: string): number | undefined {
  const current = getPath(doc, path);
  if (current !== undefined && typeof current !== 'number')
    throw badQuery(`_.${name}() on a field that is not a number: ${path}`);
  return current;
}

function currentArray(doc: Doc, path: string, name: string): unknown[] {
  const current = getPath(doc, path);
  if (current === undefined) return [];
  if (!Array.isArray(current)) throw badQuery(`_.${name}() on a field that is not an array: ${path}`);
  return current;
}

function applyCommand(doc: Doc, path: string, node: CommandNode): void {
  const arg = node.args[0];
  switch (node.name) {
    case 'set':
      if (node.args.length !== 1 || !arg) throw badQuery('_.set() takes one value');
      return setPath(doc, path, materializeValue(arg));
    case 'remove':
      return unsetPath(doc, path);
    case 'inc':
      return setPath(doc, path, (currentNumber(doc, path, 'inc') ?? 0) + numberArg(node));
    case 'mul':
      return setPath(doc, path, (currentNumber(doc, path, 'mul') ?? 0) * numberArg(node));
    case 'push':
      return setPath(doc, path, [
        ...currentArray(doc, path, 'push'),
        ...listArgs(node.args).map(materializeValue),
      ]);
    case 'pull': {
      if (node.args.length !== 1 || !arg) throw badQuery('_.pull() takes one value or condition');
      const keep = (item: unknown) =>
        arg.type === 'command'
          ? !matchesCondition(item, arg)
          : !equalsOrContains(item, materializeValue(arg));
      return setPath(doc, path, currentArray(doc, path, 'pull').filter(keep));
    }
  }
  throw badQuery(`_.${node.name}() is a query command, not an update command`);
}

function applyEntry(doc: Doc, path: string, node: ValueNode): void {
  if (path === '_id' || path.startsWith('_id.')) throw badQuery('_id cannot be updated');
  if (node.type === 'command') return applyCommand(doc, path, node);
  // Nested objects update sub-fields one by one; `_.set({...})` replaces the whole object.
  if (node.type === 'object' && node.entries.length > 0) {
    for (const [key, sub] of node.entries) applyEntry(doc, `${path}.${key}`, sub);
    return;
  }
  setPath(doc, path, materializeValue(node));
}

/** Applies `data` to `doc` in place. */
export function applyUpdate(doc: Doc, data: ValueNode): void {
  if (data.type !== 'object') throw badQuery('update data must be an object');
  for (const [key, node] of data.entries) applyEntry(doc, key, node);
}
