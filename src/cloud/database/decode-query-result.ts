/** @module decodeQueryResult: databasequery's `data` (JSON strings) → typed documents, with the pager. */
import type { CloudDocument, Pager, QueryResult } from './database.types.js';
import { decodeRecord } from './decode-record.js';

export interface RawQueryResult {
  readonly data?: readonly string[];
  readonly pager?: Pager;
}

export function decodeQueryResult<T>(raw: RawQueryResult): QueryResult<T> {
  const data = (raw.data ?? []).map((text) => decodeRecord<CloudDocument<T>>(text));
  return { data, pager: raw.pager ?? { Offset: 0, Limit: data.length, Total: data.length } };
}
