/** @module POST /tcb/databasedelete — delete documents (数据库删除记录). */
import { runDatabaseQuery } from '../../cloud/run-database-query.js';
import { defineTcbRoute } from './tcb-route.js';

export const tcbDatabasedelete = defineTcbRoute('databasedelete', (call) =>
  runDatabaseQuery(call.world.cloud, call, 'remove'),
);
