/** @module POST /tcb/databaseadd — insert documents (数据库插入记录). */
import { runDatabaseQuery } from '../../cloud/run-database-query.js';
import { defineTcbRoute } from './tcb-route.js';

export const tcbDatabaseadd = defineTcbRoute('databaseadd', (call) =>
  runDatabaseQuery(call.world.cloud, call, 'add'),
);
