/** @module POST /tcb/uploadfile — upload a file (上传文件): a ticket for the COS form POST. */
import { uploadFileCall } from '../../cloud-storage/storage-calls.js';
import { defineTcbRoute } from './tcb-route.js';

export const tcbUploadfile = defineTcbRoute('uploadfile', uploadFileCall);
