/** @module POST /tcb/databasecollectionget — list collections (获取特定云环境下集合信息). */
import { listCollections } from '../../cloud/manage-collections.js';
import { defineTcbRoute } from './tcb-route.js';

export const tcbDatabasecollectionget = defineTcbRoute('databasecollectionget', (call) =>
  listCollections(call.world.cloud, call.appid, call.body as Record<string, unknown>),
);
