/** @module parseValue: values of the query language (literals, objects, dates, RegExp, commands). */
import { ACCUMULATORS, QUERY_COMMANDS, UPDATE_COMMANDS, type ValueNode } from './query-ast.types.js';
import type { QueryCursor } from './query-cursor.js';
import { badQuery } from './tcb-rejection.js';

const MAX_DEPTH = 64;
const COMMANDS: ReadonlySet<string> = new Set([...QUERY_COMMANDS, ...UPDATE_COMMANDS]);
const ACCUMULATOR_SET: ReadonlySet<string> = new Set(ACCUMULATORS);
const KEYWORDS: Readonly<Record<string, ValueNode>> = {
  true: { type: 'literal', value: true },
  false: { type: 'literal', value: false },
  null: { type: 'literal', value: null },
};

/** Comma-separated values up to `close` (a trailing comma is allowed, as in JavaScript). */
export function parseList(cursor: QueryCursor, close: string, depth: number): ValueNode[] {
  const items: ValueNode[] = [];
  while (!cursor.accept(close)) {
    items.push(parseValue(cursor, depth));
    if (!cursor.accept(',')) {
      cursor.expect(close);
      break;
    }
  }
  return items;
}

function parseKey(cursor: QueryCursor): string {
  const token = cursor.next();
  if (token.kind === 'ident' || token.kind === 'string') return token.text;
  if (token.kind === 'number') return String(token.value);
  throw badQuery(`expected a key at ${token.at}`);
}

function parseObject(cursor: QueryCursor, depth: number): ValueNode {
  const entries: Array<readonly [string, ValueNode]> = [];
  const seen = new Set<string>();
  while (!cursor.accept('}')) {
    const key = parseKey(cursor);
    // A duplicate key would let a later value silently override an earlier one.
    if (seen.has(key) || key === '__proto__')
      throw badQuery(`duplicate or reserved key ${JSON.stringify(key)}`);
    seen.add(key);
    cursor.expect(':');
    entries.push([key, parseValue(cursor, depth)]);
    if (!cursor.accept(',')) {
      cursor.expect('}');
      break;
    }
  }
  return { type: 'object', entries };
}

function parseNew(cursor: QueryCursor): ValueNode {
  if (cursor.accept('Date')) {
    cursor.expect('(');
    const token = cursor.peek();
    const ms = token?.kind === 'string' ? Date.parse(cursor.expectString()) : cursor.expectNumber();
    cursor.expect(')');
    if (!Number.isFinite(ms)) throw badQuery('invalid date');
    return { type: 'date', ms };
  }
  cursor.expect('db');
  for (const part of ['.', 'Geo', '.', 'Point', '(']) cursor.expect(part);
  const longitude = cursor.expectNumber();
  cursor.expect(',');
  const latitude = cursor.expectNumber();
  cursor.expect(')');
  return { type: 'geoPoint', longitude, latitude };
}

function parseRegExp(cursor: QueryCursor, depth: number): ValueNode {
  cursor.expect('(');
  const spec = parseValue(cursor, depth);
  cursor.expect(')');
  const fields = spec.type === 'object' ? new Map(spec.entries) : new Map<string, ValueNode>();
  const regexp = fields.get('regexp');
  const options = fields.get('options') ?? { type: 'literal', value: '' };
  const known = [...fields.keys()].every((k) => k === 'regexp' || k === 'options');
  if (!known || regexp?.type !== 'literal' || typeof regexp.value !== 'string')
    throw badQuery('db.RegExp needs {regexp, options}');
  if (options.type !== 'literal' || typeof options.value !== 'string' || !/^[ims]*$/.test(options.value)) {
    throw badQuery('db.RegExp options must be made of i, m, s');
  }
  try {
    new RegExp(regexp.value, options.value);
  } catch {
    throw badQuery('db.RegExp pattern is not a valid regular expression');
  }
  return { type: 'regexp', pattern: regexp.value, options: options.value };
}

function parseCall(cursor: QueryCursor, type: 'command' | 'accumulator', depth: number): ValueNode {
  cursor.expect('.');
  const name = cursor.expectIdent();
  const allowed = type === 'command' ? COMMANDS : ACCUMULATOR_SET;
  if (!allowed.has(name)) throw badQuery(`unsupported ${type} ${JSON.stringify(name)}`);
  cursor.expect('(');
  return { type, name, args: parseList(cursor, ')', depth) };
}

/** `db.command.x`, `db.command.aggregate.x` or `db.RegExp(…)` after the leading `db`. */
function parseDbValue(cursor: QueryCursor, depth: number): ValueNode {
  cursor.expect('.');
  if (cursor.accept('RegExp')) return parseRegExp(cursor, depth);
  cursor.expect('command');
  const after = cursor.peek(1);
  if (after?.kind === 'ident' && after.text === 'aggregate') {
    cursor.expect('.');
    cursor.expect('aggregate');
    return parseCall(cursor, 'accumulator', depth);
  }
  return parseCall(cursor, 'command', depth);
}

function parseIdentValue(cursor: QueryCursor, name: string, depth: number): ValueNode {
  const keyword = KEYWORDS[name];
  if (keyword) return keyword;
  if (name === 'new') return parseNew(cursor);
  if (name === 'db') return parseDbValue(cursor, depth);
  if (name === '_') return parseCall(cursor, 'command', depth);
  if (name === '$') return parseCall(cursor, 'accumulator', depth);
  throw badQuery(`unknown name ${JSON.stringify(name)}`);
}

/** One value; `depth` bounds nesting so hostile input cannot exhaust the stack. */
export function parseValue(cursor: QueryCursor, depth = 0): ValueNode {
  if (depth > MAX_DEPTH) throw badQuery('value nested too deeply');
  const token = cursor.peek();
  if (token?.kind === 'punct' && token.text === '-') return { type: 'literal', value: cursor.expectNumber() };
  const next = cursor.next();
  if (next.kind === 'string') return { type: 'literal', value: next.text };
  if (next.kind === 'number') return { type: 'literal', value: next.value };
  if (next.kind === 'ident') return parseIdentValue(cursor, next.text, depth + 1);
  if (next.text === '{') return parseObject(cursor, depth + 1);
  if (next.text === '[') return { type: 'array', items: parseList(cursor, ']', depth + 1) };
  throw badQuery(`unexpected ${JSON.stringify(next.text)} at ${next.at}`);
}
