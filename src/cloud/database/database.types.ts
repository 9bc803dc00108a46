/** @module Types of the cloud database client: options, filters, results (wire field names kept). */
import type { ApiClient } from '../../kernel/http/api-client.types.js';
import type { Accumulator, QueryCommand, UpdateCommand } from './command.js';

export interface CloudDatabaseOptions {
  /** The cloud environment id (`WECHAT_CLOUD_ENV`). */
  readonly env: string;
}

export interface CloudDatabaseDeps {
  readonly api: ApiClient;
}

export type CloudDocument<T> = T & { readonly _id: string };

type Scalar = string | number | boolean | null | Date;

/** A field condition: a value, a query command, a regular expression, or sub-field conditions. */
export type FieldCondition<V> =
  | V
  | QueryCommand
  | RegExp
  | (V extends readonly (infer E)[] ? E : never)
  | (V extends Scalar | readonly unknown[] ? never : V extends object ? WhereFilter<V> : never);

/** where() argument: conditions per field (dotted paths allowed), or a top-level `_.and` / `_.or`. */
export type WhereFilter<T> = { readonly [K in keyof T]?: FieldCondition<T[K]> } & {
  readonly [path: `${string}.${string}`]: unknown;
};

export type UpdateData<T> = { readonly [K in keyof T]?: T[K] | UpdateCommand | UpdateData<T[K]> } & {
  readonly [path: `${string}.${string}`]: unknown;
};

export type Projection<T> = { readonly [K in keyof T | '_id']?: boolean };

export interface Pager {
  readonly Offset: number;
  readonly Limit: number;
  readonly Total: number;
}

export interface QueryResult<T> {
  readonly data: Array<CloudDocument<T>>;
  readonly pager: Pager;
}

export interface AddResult {
  readonly id_list: string[];
}

export interface UpdateResult {
  readonly matched: number;
  readonly modified: number;
  /** Non-empty only when set() inserted a new document. */
  readonly id?: string;
}

export interface DeleteResult {
  readonly deleted: number;
}

export interface GroupSpec {
  readonly _id: string | null | Readonly<Record<string, string>>;
  readonly [field: string]: Accumulator | string | null | Readonly<Record<string, string>>;
}

export interface CollectionInfo {
  readonly name: string;
  readonly count: number;
  readonly size: number;
  readonly index_count: number;
  readonly index_size: number;
}

export interface CollectionList {
  readonly collections: CollectionInfo[];
  readonly pager: Pager;
}

/** How a query is sent: the tcb path and whether a failure may be retried (reads only). */
export interface CloudQueryRunner {
  run<R>(path: string, query: string, retry: boolean): Promise<R>;
}
