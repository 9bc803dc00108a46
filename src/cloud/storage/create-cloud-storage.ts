/** @module createCloudStorage: cloud storage (云存储) over tcb/uploadfile, batchdownloadfile, batchdeletefile. */
import { Readable } from 'node:stream';
import { Agent, request, type Dispatcher } from 'undici';
import { CloudQueryError, WeChatApiError, WeChatHttpError } from '../../kernel/errors/wechat-error.js';
import { buildUploadForm } from './build-upload-form.js';
import type {
  CloudStorageDeps,
  CloudStorageOptions,
  DeletedFile,
  OpenedFile,
  TempFileRequest,
  TempFileURL,
  UploadFileInput,
  UploadTicket,
} from './storage.types.js';

export interface CloudStorage {
  readonly env: string;
  /** POST /tcb/uploadfile, then the form POST of the bytes to the returned URL (streamed). Never retried. @see https://developers.weixin.qq.com/miniprogram/dev/wxcloud/reference-http-api/storage/uploadFile.html */
  uploadFile(input: UploadFileInput): Promise<{ readonly fileID: string }>;
  /** POST /tcb/batchdownloadfile — 获取文件下载链接; a bare id gets the default max_age. */
  getTempFileURL(list: ReadonlyArray<string | TempFileRequest>): Promise<TempFileURL[]>;
  /** POST /tcb/batchdeletefile — 删除文件. Never retried. */
  deleteFile(fileIds: readonly string[]): Promise<DeletedFile[]>;
  /** The file's bytes as a stream, through a temporary URL. */
  downloadFile(fileId: string): Promise<Readable>;
  /** Like downloadFile, passing an HTTP `Range` header through; 416 is a WeChatHttpError with that status. */
  openFile(fileId: string, options?: { readonly range?: string }): Promise<OpenedFile>;
  /** Closes the storage-host pool when the client created it. */
  close(): Promise<void>;
}

const UPLOAD_API = 'cos/upload';
const DOWNLOAD_API = 'cos/download';

function header(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A storage-host refusal: COS answers XML whose `<Code>` names it. */
async function storageError(api: string, res: Dispatcher.ResponseData): Promise<WeChatHttpError> {
  const text = await res.body.text().catch(() => '');
  const code = /<Code>([^<]{1,64})<\/Code>/.exec(text)?.[1] ?? 'unknown';
  return new WeChatHttpError(`${api}: storage answered ${res.statusCode} ${code}`, api, res.statusCode);
}

/** The form POST of the bytes to the URL of an uploadfile ticket. */
async function postForm(dispatcher: Dispatcher, ticket: UploadTicket, input: UploadFileInput): Promise<void> {
  const form = buildUploadForm(
    [
      ['key', input.path],
      ['Signature', ticket.authorization],
      ['x-cos-security-token', ticket.token],
      ['x-cos-meta-fileid', ticket.cos_file_id],
    ],
    {
      filename: input.path.split('/').pop() ?? input.path,
      contentType: input.contentType ?? 'application/octet-stream',
      body: input.body,
      size: input.size,
    },
  );
  const headers: Record<string, string> = { 'content-type': form.contentType };
  if (form.length !== undefined) headers['content-length'] = String(form.length);
  let res: Dispatcher.ResponseData;
  try {
    res = await request(ticket.url, { method: 'POST', dispatcher, headers, body: Readable.from(form.body) });
  } catch (cause) {
    throw new WeChatHttpError(`${UPLOAD_API}: request failed`, UPLOAD_API, undefined, { cause });
  }
  if (res.statusCode < 200 || res.statusCode > 299) throw await storageError(UPLOAD_API, res);
  await res.body.dump();
}

/** GET of a temporary URL, with an optional Range. */
async function getUrl(dispatcher: Dispatcher, url: string, range: string | undefined): Promise<OpenedFile> {
  let res: Dispatcher.ResponseData;
  try {
    res = await request(url, { method: 'GET', dispatcher, headers: range ? { range } : {} });
  } catch (cause) {
    throw new WeChatHttpError(`${DOWNLOAD_API}: request failed`, DOWNLOAD_API, undefined, { cause });
  }
  if (res.statusCode !== 200 && res.statusCode !== 206) throw await storageError(DOWNLOAD_API, res);
  const length = header(res.headers, 'content-length');
  return {
    status: res.statusCode,
    body: res.body,
    contentType: header(res.headers, 'content-type'),
    contentLength: length === undefined ? undefined : Number(length),
    contentRange: header(res.headers, 'content-range'),
  };
}

export function createCloudStorage(options: CloudStorageOptions, deps: CloudStorageDeps): CloudStorage {
  if (!options.env) throw new CloudQueryError('the cloud environment id (env) is required');
  const { env } = options;
  const own = deps.dispatcher ? undefined : new Agent({ connections: 16, keepAliveTimeout: 30_000 });
  const dispatcher = deps.dispatcher ?? (own as Agent);
  const maxAge = options.downloadMaxAgeS ?? 600;

  const getTempFileURL = async (list: ReadonlyArray<string | TempFileRequest>) => {
    const file_list = list.map((f) => (typeof f === 'string' ? { fileid: f, max_age: maxAge } : f));
    const answer = await deps.api.post<{ file_list: TempFileURL[] }>(
      '/tcb/batchdownloadfile',
      { env, file_list },
      { retry: true },
    );
    return answer.file_list;
  };
  const openFile = async (fileId: string, open: { readonly range?: string } = {}): Promise<OpenedFile> => {
    const [entry] = await getTempFileURL([fileId]);
    if (!entry) throw new WeChatHttpError(`${DOWNLOAD_API}: no answer for ${fileId}`, DOWNLOAD_API);
    if (entry.status !== 0) throw new WeChatApiError(entry.status, entry.errmsg, '/tcb/batchdownloadfile');
    return getUrl(dispatcher, entry.download_url, open.range);
  };
  return {
    env,
    uploadFile: async (input) => {
      const ticket = await deps.api.post<UploadTicket>(
        '/tcb/uploadfile',
        { env, path: input.path },
        { retry: false },
      );
      await postForm(dispatcher, ticket, input);
      return { fileID: ticket.file_id };
    },
    getTempFileURL,
    deleteFile: async (fileIds) => {
      const answer = await deps.api.post<{ delete_list: DeletedFile[] }>(
        '/tcb/batchdeletefile',
        { env, fileid_list: fileIds },
        { retry: false },
      );
      return answer.delete_list;
    },
    downloadFile: async (fileId) => (await openFile(fileId)).body,
    openFile,
    close: async () => {
      await own?.close();
    },
  };
}
