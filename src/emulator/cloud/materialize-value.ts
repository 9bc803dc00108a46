/** @module materializeValue: a parsed data value → the stored JavaScript value. */
import type { ValueNode } from './query-ast.types.js';
import { badQuery } from './tcb-rejection.js';

/** Plain data only: commands, accumulators and regular expressions are conditions, not data. */
export function materializeValue(node: ValueNode): unknown {
  switch (node.type) {
    case 'literal':
      return node.value;
    case 'date':
      return new Date(node.ms);
    case 'geoPoint':
      return { type: 'Point', coordinates: [node.longitude, node.latitude] };
    case 'array':
      return node.items.map(materializeValue);
    case 'object':
      return Object.fromEntries(node.entries.map(([key, value]) => [key, materializeValue(value)]));
    default:
      throw badQuery(`${node.type === 'regexp' ? 'db.RegExp' : node.name}() is not allowed in data`);
  }
}

/** The argument list of an and/or/in: one array argument or several arguments. */
export function listArgs(args: readonly ValueNode[]): readonly ValueNode[] {
  const [only] = args;
  return args.length === 1 && only?.type === 'array' ? only.items : args;
}
