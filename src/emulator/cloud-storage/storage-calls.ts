/** @module The tcb storage calls (uploadfile, batchdownloadfile, batchdeletefile) on the world. */
import type { FastifyRequest } from 'fastify';
import { TcbRejection } from '../cloud/tcb-rejection.js';
import type { WeChatCall } from '../pipeline/wechat-route.js';
import { COS_PREFIX } from './cos-routes.js';
import { MAX_BATCH_FILES, StorageErrcode } from './storage-errcodes.js';

function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

function field(call: WeChatCall, name: string): unknown {
  return (call.body as Record<string, unknown>)[name];
}

function envOf(call: WeChatCall): string {
  return call.world.cloud.env(field(call, 'env'), call.appid).id;
}

function list(call: WeChatCall, name: string): unknown[] {
  const value = field(call, name);
  if (value === undefined) throw new TcbRejection(StorageErrcode.MissingParameter, `missing ${name}`);
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_BATCH_FILES) {
    throw new TcbRejection(
      StorageErrcode.InvalidParameter,
      `${name} must hold 1 to ${MAX_BATCH_FILES} files`,
    );
  }
  return value;
}

const encodePath = (path: string) => path.split('/').map(encodeURIComponent).join('/');

/** uploadfile: a ticket for one form POST of `path` to the bucket URL. */
export function uploadFileCall(call: WeChatCall): object {
  const env = envOf(call);
  const path = field(call, 'path');
  if (typeof path !== 'string' || path === '')
    throw new TcbRejection(StorageErrcode.MissingParameter, 'missing path');
  if (path.startsWith('/') || path.length > 1024)
    throw new TcbRejection(StorageErrcode.InvalidParameter, 'invalid path');
  const ticket = call.world.cloudStorage.issueUpload(env, path);
  return {
    url: `${baseUrl(call.request)}${COS_PREFIX}/${ticket.bucket}`,
    token: ticket.token,
    authorization: ticket.authorization,
    file_id: ticket.fileId,
    cos_file_id: ticket.cosFileId,
  };
}

const missing = (fileid: unknown) => ({
  fileid,
  status: StorageErrcode.FileNotExists,
  errmsg: 'STORAGE_FILE_NONEXIST',
});

/** batchdownloadfile: a signed URL per file, valid `max_age` seconds of emulator time. */
export function batchDownloadFileCall(call: WeChatCall): object {
  const env = envOf(call);
  const storage = call.world.cloudStorage;
  const nowS = Math.floor(call.world.now() / 1000);
  const file_list = list(call, 'file_list').map((entry) => {
    const { fileid, max_age } = (entry ?? {}) as { fileid?: unknown; max_age?: unknown };
    if (typeof max_age !== 'number' || !Number.isInteger(max_age) || max_age <= 0) {
      throw new TcbRejection(StorageErrcode.InvalidParameter, 'max_age must be a positive integer');
    }
    const file = typeof fileid === 'string' ? storage.get(fileid) : undefined;
    if (!file || file.env !== env) return missing(fileid);
    const t = nowS + max_age;
    const sign = storage.signDownload(file.bucket, file.path, t);
    const url = `${baseUrl(call.request)}${COS_PREFIX}/${file.bucket}/${encodePath(file.path)}?sign=${sign}&t=${t}`;
    return { fileid, download_url: url, status: 0, errmsg: 'ok' };
  });
  return { file_list };
}

/** batchdeletefile: removes each file; a missing one gets its own status. */
export function batchDeleteFileCall(call: WeChatCall): object {
  const env = envOf(call);
  const storage = call.world.cloudStorage;
  const delete_list = list(call, 'fileid_list').map((fileid) => {
    const file = typeof fileid === 'string' ? storage.get(fileid) : undefined;
    if (!file || file.env !== env) return missing(fileid);
    storage.remove(file.fileId);
    return { fileid, status: 0, errmsg: 'ok' };
  });
  return { delete_list };
}
