/** @module POST /tcb/databaseupdate — update documents, or set one by id (数据库更新记录). */
import { runDatabaseQuery } from '../../cloud/run-database-query.js';
import { defineTcbRoute } from './tcb-route.js';

export const tcbDatabaseupdate = defineTcbRoute('databaseupdate', (call) =>
  runDatabaseQuery(call.world.cloud, call, ['update', 'set']),
);
