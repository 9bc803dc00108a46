/** @module POST /tcb/batchdeletefile — delete files (删除文件). */
import { batchDeleteFileCall } from '../../cloud-storage/storage-calls.js';
import { defineTcbRoute } from './tcb-route.js';

export const tcbBatchdeletefile = defineTcbRoute('batchdeletefile', batchDeleteFileCall);
