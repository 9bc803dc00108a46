/** @module matchesFilter: where() conditions evaluated against a stored document. */
import { compareValues, equalsOrContains, equalValues } from './compare-values.js';
import { getPath, isPlainRecord } from './field-path.js';
import { listArgs, materializeValue } from './materialize-value.js';
import type { ValueNode } from './query-ast.types.js';
import { badQuery } from './tcb-rejection.js';

type CommandNode = Extract<ValueNode, { type: 'command' }>;

function onlyArg(node: CommandNode): ValueNode {
  const [arg] = node.args;
  if (node.args.length !== 1 || !arg) throw badQuery(`_.${node.name}() takes one argument`);
  return arg;
}

function compareWith(field: unknown, node: CommandNode, test: (order: number) => boolean): boolean {
  const bound = materializeValue(onlyArg(node));
  const candidates = Array.isArray(field) ? field : [field];
  return candidates.some((item) => {
    const order = compareValues(item, bound);
    return order !== undefined && test(order);
  });
}

function inList(field: unknown, node: CommandNode): boolean {
  const list = onlyArg(node);
  if (list.type !== 'array') throw badQuery(`_.${node.name}() needs an array`);
  return list.items.some((item) => equalsOrContains(field, materializeValue(item)));
}

function elemMatch(field: unknown, node: CommandNode): boolean {
  const condition = onlyArg(node);
  if (!Array.isArray(field)) return false;
  if (condition.type === 'object')
    return field.some((item) => isPlainRecord(item) && matchesFilter(item, condition));
  return field.some((item) => matchesCondition(item, condition));
}

function matchesCommand(field: unknown, node: CommandNode): boolean {
  switch (node.name) {
    case 'eq':
      return equalsOrContains(field, materializeValue(onlyArg(node)));
    case 'neq':
      return !equalsOrContains(field, materializeValue(onlyArg(node)));
    case 'lt':
      return compareWith(field, node, (o) => o < 0);
    case 'lte':
      return compareWith(field, node, (o) => o <= 0);
    case 'gt':
      return compareWith(field, node, (o) => o > 0);
    case 'gte':
      return compareWith(field, node, (o) => o >= 0);
    case 'in':
      return inList(field, node);
    case 'nin':
      return !inList(field, node);
    case 'and':
      return listArgs(node.args).every((c) => matchesCondition(field, c));
    case 'or':
      return listArgs(node.args).some((c) => matchesCondition(field, c));
    case 'exists':
      return (field !== undefined) === (materializeValue(onlyArg(node)) === true);
    case 'elemMatch':
      return elemMatch(field, node);
  }
  throw badQuery(`_.${node.name}() is an update command, not a query command`);
}

function matchesRegExp(field: unknown, pattern: string, options: string): boolean {
  const regexp = new RegExp(pattern, options);
  const candidates = Array.isArray(field) ? field : [field];
  return candidates.some((item) => typeof item === 'string' && regexp.test(item));
}

/** One field condition: a command, a regular expression, a nested object (sub-fields) or a value. */
export function matchesCondition(field: unknown, condition: ValueNode): boolean {
  switch (condition.type) {
    case 'command':
      return matchesCommand(field, condition);
    case 'regexp':
      return matchesRegExp(field, condition.pattern, condition.options);
    case 'object':
      // A nested object matches sub-fields (`{a:{b:1}}` is `a.b == 1`); keys are field names, never operators.
      return condition.entries.every(([key, sub]) => matchesCondition(getPath(field, key), sub));
    case 'accumulator':
      throw badQuery(`$.${condition.name}() belongs in group()`);
    default:
      return equalsOrContains(field, materializeValue(condition));
  }
}

/** The whole where(): an object of field conditions, or a top-level `_.and` / `_.or` of such objects. */
export function matchesFilter(doc: unknown, filter: ValueNode): boolean {
  if (filter.type === 'object')
    return filter.entries.every(([key, c]) => matchesCondition(getPath(doc, key), c));
  if (filter.type === 'command' && (filter.name === 'and' || filter.name === 'or')) {
    const parts = listArgs(filter.args);
    const test = (part: ValueNode) => matchesFilter(doc, part);
    return filter.name === 'and' ? parts.every(test) : parts.some(test);
  }
  throw badQuery('where() needs an object or _.and / _.or');
}

export { equalValues };
