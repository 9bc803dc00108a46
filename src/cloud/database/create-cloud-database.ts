/** @module createCloudDatabase: the cloud database (云开发数据库) over the tcb/database* HTTP APIs. */
import { CloudQueryError } from '../../kernel/errors/wechat-error.js';
import { command, type Command } from './command.js';
import { createCollectionRef, type CollectionRef } from './collection-query.js';
import type {
  CloudDatabaseDeps,
  CloudDatabaseOptions,
  CloudQueryRunner,
  CollectionList,
} from './database.types.js';

export interface CloudDatabase {
  readonly env: string;
  /** `db.command`, usually bound to `_`; its `aggregate` member is usually bound to `$`. */
  readonly command: Command;
  collection<T = Record<string, unknown>>(name: string): CollectionRef<T>;
  /** POST /tcb/databasecollectionadd — 新增集合. @see https://developers.weixin.qq.com/miniprogram/dev/wxcloud/reference-http-api/database/databaseCollectionAdd.html */
  collectionAdd(name: string): Promise<void>;
  /** POST /tcb/databasecollectiondelete — 删除集合. */
  collectionDelete(name: string): Promise<void>;
  /** POST /tcb/databasecollectionget — 获取特定云环境下集合信息. */
  collectionGet(page?: { readonly limit?: number; readonly offset?: number }): Promise<CollectionList>;
  /** Runs a query string as is on `/tcb/<path>` — the raw escape hatch; never splice user input into it. */
  request<R = unknown>(path: string, query: string): Promise<R>;
}

const READS = new Set(['databasequery', 'databasecount', 'databaseaggregate', 'databasecollectionget']);

export function createCloudDatabase(options: CloudDatabaseOptions, deps: CloudDatabaseDeps): CloudDatabase {
  if (!options.env) throw new CloudQueryError('the cloud environment id (env) is required');
  const post = async <R>(path: string, body: object, retry: boolean): Promise<R> => {
    const answer = await deps.api.post<Record<string, unknown>>(
      `/tcb/${path}`,
      { env: options.env, ...body },
      { retry },
    );
    // errcode 0 / errmsg "ok" carry nothing once the client has checked them.
    const { errcode: _errcode, errmsg: _errmsg, ...result } = answer;
    return result as R;
  };
  const runner: CloudQueryRunner = { run: (path, query, retry) => post(path, { query }, retry) };
  const collectionName = (name: string) => {
    if (typeof name !== 'string' || name === '')
      throw new CloudQueryError('a collection name is a non-empty string');
    return { collection_name: name };
  };
  return {
    env: options.env,
    command,
    collection: <T>(name: string) => createCollectionRef<T>(runner, name),
    collectionAdd: async (name) => void (await post('databasecollectionadd', collectionName(name), false)),
    collectionDelete: async (name) =>
      void (await post('databasecollectiondelete', collectionName(name), false)),
    collectionGet: (page = {}) =>
      post<CollectionList>(
        'databasecollectionget',
        { limit: page.limit ?? 10, offset: page.offset ?? 0 },
        true,
      ),
    request: (path, query) => runner.run(path, query, READS.has(path)),
  };
}
