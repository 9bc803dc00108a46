/** @module POST /tcb/databasequery — query documents (数据库查询记录). */
import { runDatabaseQuery } from '../../cloud/run-database-query.js';
import { defineTcbRoute } from './tcb-route.js';

export const tcbDatabasequery = defineTcbRoute('databasequery', (call) =>
  runDatabaseQuery(call.world.cloud, call, 'get'),
);
