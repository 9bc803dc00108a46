/** @module Types of the cloud storage client (wire field names kept). */
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { ApiClient } from '../../kernel/http/api-client.types.js';

export interface CloudStorageOptions {
  /** The cloud environment id (`WECHAT_CLOUD_ENV`). */
  readonly env: string;
  /** Lifetime of the temporary URL downloadFile() asks for (default 600 s). */
  readonly downloadMaxAgeS?: number;
}

export interface CloudStorageDeps {
  readonly api: ApiClient;
  /** For the storage host (COS); default: a keep-alive pool the client owns. */
  readonly dispatcher?: Dispatcher;
}

export interface UploadFileInput {
  /** The path in the environment's storage, e.g. `avatars/u1.png` (no leading slash). */
  readonly path: string;
  readonly body: Readable | Buffer;
  readonly contentType?: string;
  /** Byte count of a stream body when known (sent as Content-Length). */
  readonly size?: number;
}

/** POST /tcb/uploadfile answer. */
export interface UploadTicket {
  readonly url: string;
  readonly token: string;
  readonly authorization: string;
  readonly file_id: string;
  readonly cos_file_id: string;
}

export interface TempFileRequest {
  readonly fileid: string;
  /** Seconds the URL stays valid. */
  readonly max_age: number;
}

export interface TempFileURL {
  readonly fileid: string;
  readonly download_url: string;
  /** 0, or the cloud's errcode for this file (the call itself succeeded). */
  readonly status: number;
  readonly errmsg: string;
}

export interface DeletedFile {
  readonly fileid: string;
  readonly status: number;
  readonly errmsg: string;
}

/** A download as the storage host answered it (200 whole, 206 one range). */
export interface OpenedFile {
  readonly status: 200 | 206;
  readonly body: Readable;
  readonly contentType?: string;
  readonly contentLength?: number;
  readonly contentRange?: string;
}
