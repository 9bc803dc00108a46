/** @module Cloud database: a typed, injection-safe query builder over the tcb/database* APIs. */
export {
  command,
  isCloudCommand,
  type Accumulator,
  type CloudCommand,
  type Command,
  type QueryCommand,
  type UpdateCommand,
} from './command.js';
export { createCloudDatabase, type CloudDatabase } from './create-cloud-database.js';
export type { CollectionQuery, CollectionRef } from './collection-query.js';
export type { DocumentRef } from './document-ref.js';
export type { AggregatePipeline, LookupSpec } from './aggregate-pipeline.js';
export { serializeValue } from './serialize-value.js';
export { decodeRecord } from './decode-record.js';
export * from './database.types.js';
