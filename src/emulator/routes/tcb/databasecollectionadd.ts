/** @module POST /tcb/databasecollectionadd — create a collection (新增集合). */
import { addCollection } from '../../cloud/manage-collections.js';
import { defineTcbRoute } from './tcb-route.js';

export const tcbDatabasecollectionadd = defineTcbRoute('databasecollectionadd', (call) =>
  addCollection(call.world.cloud, call.appid, call.body as Record<string, unknown>),
);
