/** @module runAggregate: the aggregate stages match, group, project, sort, skip, limit, lookup, unwind. */
import { equalsOrContains, sortOrder } from './compare-values.js';
import { getPath, isPlainRecord, type Doc } from './field-path.js';
import { materializeValue } from './materialize-value.js';
import { matchesFilter } from './match-filter.js';
import { integerArg } from './plan-query.js';
import { projectFields } from './project-fields.js';
import type { CallNode, ValueNode } from './query-ast.types.js';
import { groupDocs } from './group-docs.js';
import { badQuery } from './tcb-rejection.js';

/** Reads another collection of the same environment (for lookup); throws when it does not exist. */
export type CollectionReader = (name: string) => readonly Doc[];

function objectArg(stage: CallNode): Map<string, ValueNode> {
  const arg = stage.args[0];
  if (arg?.type !== 'object') throw badQuery(`${stage.method}() takes an object`);
  return new Map(arg.entries);
}

function stringField(spec: Map<string, ValueNode>, key: string, stage: string): string {
  const value = spec.get(key);
  if (value?.type !== 'literal' || typeof value.value !== 'string') throw badQuery(`${stage}() needs ${key}`);
  return value.value;
}

function sortStage(docs: Doc[], stage: CallNode): Doc[] {
  const keys = [...objectArg(stage)].map(([field, node]) => {
    const direction = node.type === 'literal' ? node.value : undefined;
    if (direction !== 1 && direction !== -1) throw badQuery('sort() directions are 1 or -1');
    return { field, direction };
  });
  return [...docs].sort((a, b) => {
    for (const { field, direction } of keys) {
      const order = sortOrder(getPath(a, field), getPath(b, field));
      if (order !== 0) return order * direction;
    }
    return 0;
  });
}

function lookupStage(docs: Doc[], stage: CallNode, read: CollectionReader): Doc[] {
  const spec = objectArg(stage);
  const [from, localField, foreignField, as] = ['from', 'localField', 'foreignField', 'as'].map((k) =>
    stringField(spec, k, 'lookup'),
  );
  const foreign = read(from as string);
  return docs.map((doc) => {
    const local = getPath(doc, localField as string);
    const joined = foreign.filter((other) =>
      equalsOrContains(getPath(other, foreignField as string), local ?? null),
    );
    return { ...doc, [as as string]: structuredClone(joined) };
  });
}

function unwindStage(docs: Doc[], stage: CallNode): Doc[] {
  const arg = stage.args[0] as ValueNode;
  const spec = arg.type === 'object' ? new Map(arg.entries) : new Map([['path', arg]]);
  const path = stringField(spec, 'path', 'unwind');
  const keepEmpty =
    spec.has('preserveNullAndEmptyArrays') &&
    materializeValue(spec.get('preserveNullAndEmptyArrays') as ValueNode) === true;
  if (!path.startsWith('$')) throw badQuery('unwind() path starts with $');
  const field = path.slice(1);
  return docs.flatMap((doc) => {
    const value = getPath(doc, field);
    if (Array.isArray(value) && value.length > 0) return value.map((item) => ({ ...doc, [field]: item }));
    if (keepEmpty) return [doc];
    return value !== undefined && value !== null && !Array.isArray(value) ? [doc] : [];
  });
}

function runStage(docs: Doc[], stage: CallNode, read: CollectionReader): Doc[] {
  const arg = stage.args[0] as ValueNode;
  switch (stage.method) {
    case 'match':
      return docs.filter((doc) => matchesFilter(doc, arg));
    case 'group':
      return groupDocs(docs, arg);
    case 'project':
      return projectFields(docs, arg, true);
    case 'sort':
      return sortStage(docs, stage);
    case 'skip':
      return docs.slice(integerArg(stage, 0));
    case 'limit':
      return docs.slice(0, integerArg(stage, 1));
    case 'lookup':
      return lookupStage(docs, stage, read);
    default:
      return unwindStage(docs, stage);
  }
}

/** Runs `stages` over `docs` in order. */
export function runAggregate(
  docs: readonly Doc[],
  stages: readonly CallNode[],
  read: CollectionReader,
): Doc[] {
  let current = docs.map((doc) => structuredClone(doc));
  for (const stage of stages) current = runStage(current, stage, read);
  return current.filter(isPlainRecord);
}
