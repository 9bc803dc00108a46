/** @module groupDocs: the aggregate group stage with the $.sum/avg/min/max/first/last accumulators. */
import { compareValues, equalValues } from './compare-values.js';
import { getPath, type Doc } from './field-path.js';
import { materializeValue } from './materialize-value.js';
import type { ValueNode } from './query-ast.types.js';
import { badQuery } from './tcb-rejection.js';

/** `"$field"` reads a field; anything else is a constant. */
export function evaluateExpression(doc: Doc, node: ValueNode): unknown {
  if (node.type === 'literal' && typeof node.value === 'string' && node.value.startsWith('$')) {
    return getPath(doc, node.value.slice(1));
  }
  if (node.type === 'object') {
    return Object.fromEntries(node.entries.map(([key, sub]) => [key, evaluateExpression(doc, sub) ?? null]));
  }
  return materializeValue(node);
}

function accumulate(name: string, values: unknown[]): unknown {
  const numbers = values.filter((v): v is number => typeof v === 'number');
  const present = values.filter((v) => v !== undefined && v !== null);
  const pickBy = (sign: number) =>
    present.reduce<unknown>(
      (best, v) => (best === undefined || (compareValues(v, best) ?? 0) * sign > 0 ? v : best),
      undefined,
    ) ?? null;
  switch (name) {
    case 'sum':
      return numbers.reduce((a, b) => a + b, 0);
    case 'avg':
      return numbers.length === 0 ? null : numbers.reduce((a, b) => a + b, 0) / numbers.length;
    case 'min':
      return pickBy(-1);
    case 'max':
      return pickBy(1);
    case 'first':
      return values[0] ?? null;
    default:
      return values[values.length - 1] ?? null;
  }
}

/** Groups by the `_id` expression; every other key must be an accumulator. */
export function groupDocs(docs: readonly Doc[], spec: ValueNode): Doc[] {
  if (spec.type !== 'object') throw badQuery('group() takes an object');
  const idNode = spec.entries.find(([key]) => key === '_id')?.[1];
  if (!idNode) throw badQuery('group() needs _id');
  const fields = spec.entries.filter(([key]) => key !== '_id');
  for (const [key, node] of fields) {
    if (node.type !== 'accumulator' || node.args.length !== 1)
      throw badQuery(`group field ${JSON.stringify(key)} needs one $.accumulator(…)`);
  }
  const groups: Array<{ id: unknown; members: Doc[] }> = [];
  for (const doc of docs) {
    const id = evaluateExpression(doc, idNode) ?? null;
    const group = groups.find((g) => equalValues(g.id, id));
    if (group) group.members.push(doc);
    else groups.push({ id, members: [doc] });
  }
  return groups.map(({ id, members }) => {
    const out: Doc = { _id: id };
    for (const [key, node] of fields) {
      const arg = (node as Extract<ValueNode, { type: 'accumulator' }>).args[0] as ValueNode;
      out[key] = accumulate(
        (node as { name: string }).name,
        members.map((m) => evaluateExpression(m, arg)),
      );
    }
    return out;
  });
}
