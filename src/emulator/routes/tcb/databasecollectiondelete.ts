/** @module POST /tcb/databasecollectiondelete — delete a collection (删除集合). */
import { deleteCollection } from '../../cloud/manage-collections.js';
import { defineTcbRoute } from './tcb-route.js';

export const tcbDatabasecollectiondelete = defineTcbRoute('databasecollectiondelete', (call) =>
  deleteCollection(call.world.cloud, call.appid, call.body as Record<string, unknown>),
);
