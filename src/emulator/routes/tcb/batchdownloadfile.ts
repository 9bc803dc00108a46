/** @module POST /tcb/batchdownloadfile — temporary download URLs (获取文件下载链接). */
import { batchDownloadFileCall } from '../../cloud-storage/storage-calls.js';
import { defineTcbRoute } from './tcb-route.js';

export const tcbBatchdownloadfile = defineTcbRoute('batchdownloadfile', batchDownloadFileCall);
