/** @module createDocumentRef: `db.collection(name).doc(id)` with get/update/set/remove. */
import { callLiteral, dataArg, plainObjectData } from './chain-steps.js';
import type {
  CloudDocument,
  CloudQueryRunner,
  DeleteResult,
  UpdateData,
  UpdateResult,
} from './database.types.js';
import { decodeQueryResult, type RawQueryResult } from './decode-query-result.js';
import { serializeValue } from './serialize-value.js';
import { CloudQueryError } from '../../kernel/errors/wechat-error.js';

export interface DocumentRef<T> {
  /** POST /tcb/databasequery; undefined when there is no such document. */
  get(): Promise<CloudDocument<T> | undefined>;
  /** POST /tcb/databaseupdate: changes the given fields. */
  update(data: UpdateData<T>): Promise<UpdateResult>;
  /** POST /tcb/databaseupdate: replaces the document, or creates it (then `id` is set). */
  set(data: T): Promise<UpdateResult>;
  /** POST /tcb/databasedelete. */
  remove(): Promise<DeleteResult>;
}

export function createDocumentRef<T>(runner: CloudQueryRunner, head: string, id: string): DocumentRef<T> {
  if (typeof id !== 'string' || id === '') throw new CloudQueryError('doc() needs a non-empty id');
  const base = `${head}.${callLiteral('doc', serializeValue(id, 'data'))}`;
  return {
    get: async () =>
      decodeQueryResult<T>(await runner.run<RawQueryResult>('databasequery', `${base}.get()`, true)).data[0],
    update: async (data) => {
      plainObjectData(data, 'update');
      return runner.run<UpdateResult>(
        'databaseupdate',
        `${base}.${callLiteral('update', dataArg(data, 'update'))}`,
        false,
      );
    },
    set: async (data) => {
      plainObjectData(data, 'set');
      return runner.run<UpdateResult>(
        'databaseupdate',
        `${base}.${callLiteral('set', dataArg(data, 'data'))}`,
        false,
      );
    },
    remove: () => runner.run<DeleteResult>('databasedelete', `${base}.remove()`, false),
  };
}
