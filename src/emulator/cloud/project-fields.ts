/** @module projectFields: field() projections and the aggregate project stage. */
import { getPath, setPath, unsetPath, type Doc } from './field-path.js';
import { materializeValue } from './materialize-value.js';
import type { ValueNode } from './query-ast.types.js';
import { badQuery } from './tcb-rejection.js';

type Spec = { readonly include: Map<string, ValueNode | true>; readonly exclude: Set<string> };

function readSpec(spec: ValueNode, allowExpressions: boolean): Spec {
  if (spec.type !== 'object') throw badQuery('a projection is an object');
  const include = new Map<string, ValueNode | true>();
  const exclude = new Set<string>();
  for (const [key, node] of spec.entries) {
    const value = node.type === 'literal' ? node.value : undefined;
    if (value === true || value === 1) include.set(key, true);
    else if (value === false || value === 0) exclude.add(key);
    else if (allowExpressions && typeof value === 'string' && value.startsWith('$')) include.set(key, node);
    else throw badQuery(`projection of ${JSON.stringify(key)} must be true/false or 1/0`);
  }
  const excludesMore = [...exclude].some((key) => key !== '_id');
  if (include.size > 0 && excludesMore) throw badQuery('a projection either includes or excludes fields');
  return { include, exclude };
}

function pick(doc: Doc, spec: Spec): Doc {
  const out: Doc = {};
  if (!spec.exclude.has('_id') && doc['_id'] !== undefined) out['_id'] = doc['_id'];
  for (const [key, how] of spec.include) {
    const ref = how === true ? key : String(materializeValue(how)).slice(1);
    const value = getPath(doc, ref);
    if (value !== undefined) setPath(out, key, structuredClone(value));
  }
  return out;
}

function drop(doc: Doc, spec: Spec): Doc {
  const out = structuredClone(doc);
  for (const key of spec.exclude) unsetPath(out, key);
  return out;
}

/** Applies a projection to each document; `allowExpressions` permits `"$field"` renames (aggregate project). */
export function projectFields(docs: readonly Doc[], spec: ValueNode, allowExpressions = false): Doc[] {
  const parsed = readSpec(spec, allowExpressions);
  return docs.map((doc) => (parsed.include.size > 0 ? pick(doc, parsed) : drop(doc, parsed)));
}
