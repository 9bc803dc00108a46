/** @module createCloudStorageBook: emulated cloud storage (COS behind tcb) with files on disk. */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface UploadTicket {
  readonly env: string;
  readonly path: string;
  readonly bucket: string;
  readonly token: string;
  readonly authorization: string;
  readonly cosFileId: string;
  readonly fileId: string;
  readonly expiresAt: number;
}

export interface StoredFile {
  readonly fileId: string;
  readonly env: string;
  readonly path: string;
  readonly bucket: string;
  readonly diskPath: string;
  readonly size: number;
  readonly contentType?: string;
}

export interface CloudStorageBook {
  /** Where uploaded files are written. */
  readonly dir: string;
  /** The bucket of an environment (`7465-test-1250000000`, like COS's `<hex>-<env>-<appid>`). */
  bucketOf(env: string): string;
  /** The file id of `path` in `env`: `cloud://<env>.<bucket prefix>/<path>`. */
  fileIdOf(env: string, path: string): string;
  issueUpload(env: string, path: string): UploadTicket;
  /** The ticket matching a form's key, Signature and token for a bucket; undefined when none does. */
  checkUpload(bucket: string, fields: ReadonlyMap<string, string>): UploadTicket | undefined;
  /** A fresh disk path for an upload in progress. */
  tempPath(): string;
  commit(file: StoredFile): void;
  get(fileId: string): StoredFile | undefined;
  byBucketPath(bucket: string, path: string): StoredFile | undefined;
  /** Removes the file (and its bytes); false when there was none. */
  remove(fileId: string): boolean;
  /** A download URL signature valid until `expiresAtS` (epoch seconds). */
  signDownload(bucket: string, path: string, expiresAtS: number): string;
  verifyDownload(bucket: string, path: string, expiresAtS: number, sign: string): boolean;
  list(): StoredFile[];
  reset(): void;
}

export interface CloudStorageOptions {
  /** Default `<WEGATE_DATA_DIR or the OS temp dir>/emulator-storage`. */
  readonly dir?: string;
  /** How long an upload ticket stays valid (default 900 s). */
  readonly uploadTtlS?: number;
}

const BUCKET_APPID = '1250000000';

export function defaultStorageDir(): string {
  return join(process.env['WEGATE_DATA_DIR'] ?? tmpdir(), 'emulator-storage');
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

interface Naming {
  readonly bucketOf: (env: string) => string;
  readonly fileIdOf: (env: string, path: string) => string;
}

function createNaming(): Naming {
  const prefixOf = (env: string) => `${Buffer.from(env.slice(0, 2)).toString('hex')}-${env}`;
  return {
    bucketOf: (env) => `${prefixOf(env)}-${BUCKET_APPID}`,
    fileIdOf: (env, path) => `cloud://${env}.${prefixOf(env)}/${path}`,
  };
}

/** Upload tickets: what uploadfile issues and the form POST must present for the same path. */
function createTickets(now: () => number, ttlMs: number, naming: Naming, mac: (text: string) => string) {
  const tickets = new Map<string, UploadTicket>();
  const keyOf = (bucket: string, path: string, token: string) => `${bucket}\n${path}\n${token}`;
  return {
    issue: (env: string, path: string): UploadTicket => {
      const bucket = naming.bucketOf(env);
      const token = randomBytes(48).toString('base64url');
      const expiresAt = now() + ttlMs;
      const signTime = `${Math.floor(now() / 1000)};${Math.floor(expiresAt / 1000)}`;
      const signature = mac(`${bucket}\n${path}\n${token}`);
      const authorization = `q-sign-algorithm=sha1&q-ak=AKIDemulator&q-sign-time=${signTime}&q-signature=${signature}`;
      const cosFileId = randomBytes(24).toString('base64url');
      const ticket = {
        env,
        path,
        bucket,
        token,
        authorization,
        cosFileId,
        fileId: naming.fileIdOf(env, path),
        expiresAt,
      };
      tickets.set(keyOf(bucket, path, token), ticket);
      return ticket;
    },
    check: (bucket: string, fields: ReadonlyMap<string, string>): UploadTicket | undefined => {
      const ticket = tickets.get(
        keyOf(bucket, fields.get('key') ?? '', fields.get('x-cos-security-token') ?? ''),
      );
      if (!ticket || ticket.expiresAt < now()) return undefined;
      if (!safeEqual(ticket.authorization, fields.get('Signature') ?? '')) return undefined;
      if (!safeEqual(ticket.cosFileId, fields.get('x-cos-meta-fileid') ?? '')) return undefined;
      return ticket;
    },
    clear: () => tickets.clear(),
  };
}

export function createCloudStorageBook(
  deps: { readonly now: () => number },
  options: CloudStorageOptions = {},
): CloudStorageBook {
  const dir = options.dir ?? defaultStorageDir();
  const secret = randomBytes(32);
  const files = new Map<string, StoredFile>();
  const mac = (text: string) => createHmac('sha256', secret).update(text).digest('base64url');
  const naming = createNaming();
  const tickets = createTickets(deps.now, (options.uploadTtlS ?? 900) * 1000, naming, mac);
  const downloadSign = (bucket: string, path: string, t: number) => mac(`get\n${bucket}\n${path}\n${t}`);
  return {
    dir,
    ...naming,
    issueUpload: tickets.issue,
    checkUpload: tickets.check,
    tempPath: () => {
      // Users' uploads: the folder and the files in it are the owner's only.
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      return join(dir, randomUUID());
    },
    commit: (file) => {
      const previous = files.get(file.fileId);
      if (previous && previous.diskPath !== file.diskPath) rmSync(previous.diskPath, { force: true });
      files.set(file.fileId, file);
    },
    get: (fileId) => files.get(fileId),
    byBucketPath: (bucket, path) => [...files.values()].find((f) => f.bucket === bucket && f.path === path),
    remove: (fileId) => {
      const file = files.get(fileId);
      if (file) rmSync(file.diskPath, { force: true });
      return files.delete(fileId);
    },
    signDownload: downloadSign,
    verifyDownload: (bucket, path, t, sign) =>
      safeEqual(downloadSign(bucket, path, t), sign) && t * 1000 >= deps.now(),
    list: () => [...files.values()],
    reset: () => {
      for (const file of files.values()) rmSync(file.diskPath, { force: true });
      files.clear();
      tickets.clear();
    },
  };
}
