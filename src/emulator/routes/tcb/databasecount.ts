/** @module POST /tcb/databasecount — count documents (统计集合记录数或统计查询语句对应的结果记录数). */
import { runDatabaseQuery } from '../../cloud/run-database-query.js';
import { defineTcbRoute } from './tcb-route.js';

export const tcbDatabasecount = defineTcbRoute('databasecount', (call) =>
  runDatabaseQuery(call.world.cloud, call, 'count'),
);
