/** @module POST /tcb/databaseaggregate — aggregate pipeline (数据库聚合操作). */
import { runDatabaseQuery } from '../../cloud/run-database-query.js';
import { defineTcbRoute } from './tcb-route.js';

export const tcbDatabaseaggregate = defineTcbRoute('databaseaggregate', (call) =>
  runDatabaseQuery(call.world.cloud, call, 'aggregate'),
);
