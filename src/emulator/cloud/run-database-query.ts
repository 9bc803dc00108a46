/** @module runDatabaseQuery: one tcb database call (env + query string) against the cloud store. */
import type { CloudBook } from './cloud-book.js';
import { parseQuery } from './parse-query.js';
import { planQuery, type OperationKind } from './plan-query.js';
import { runOperation } from './run-operation.js';
import { TcbErrcode, TcbRejection } from './tcb-rejection.js';

export interface DatabaseCall {
  readonly appid: string;
  /** The JSON body of the call: `{env, query}`. */
  readonly body: unknown;
}

/** Parses, plans and runs the query; throws a TcbRejection for every refusal. */
export function runDatabaseQuery(
  store: CloudBook,
  call: DatabaseCall,
  kinds: OperationKind | readonly OperationKind[],
): object {
  const body = (call.body ?? {}) as Record<string, unknown>;
  const env = store.env(body['env'], call.appid);
  const query = body['query'];
  if (typeof query !== 'string' || query.trim() === '')
    throw new TcbRejection(TcbErrcode.MissingParameter, 'missing query');
  const ast = parseQuery(query);
  const operation = planQuery(ast, kinds);
  const docs = store.collection(env, ast.collection);
  return runOperation(docs, operation, (name) => [...store.collection(env, name).values()]);
}
