/** @module parseQuery: the tcb query string → a QueryAst, by parsing (never evaluating) it. */
import { CHAIN_METHODS, type CallNode, type QueryAst } from './query-ast.types.js';
import { createQueryCursor } from './query-cursor.js';
import { parseList } from './parse-value.js';
import { badQuery } from './tcb-rejection.js';
import { tokenizeQuery } from './tokenize-query.js';

const METHODS: ReadonlySet<string> = new Set(CHAIN_METHODS);
const MAX_CALLS = 64;

/** Parses `db.collection("name")` and its chained calls; throws a TcbRejection outside the subset. */
export function parseQuery(source: string): QueryAst {
  const cursor = createQueryCursor(tokenizeQuery(source));
  for (const part of ['db', '.', 'collection', '(']) cursor.expect(part);
  const collection = cursor.expectString();
  cursor.expect(')');
  const calls: CallNode[] = [];
  while (!cursor.atEnd()) {
    cursor.expect('.');
    const method = cursor.expectIdent();
    if (!METHODS.has(method)) throw badQuery(`unsupported method ${JSON.stringify(method)}`);
    cursor.expect('(');
    calls.push({ method, args: parseList(cursor, ')', 0) });
    if (calls.length > MAX_CALLS) throw badQuery('too many chained calls');
  }
  return { collection, calls };
}
