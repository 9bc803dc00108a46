/** @module Options and dependencies of the `/api/files` routes. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CloudStorage } from '../../../cloud/storage/index.js';
import type { Store } from '../../../kernel/ports/store.types.js';

/**
 * The authenticated user's id, or a throw (401) when there is none. Default: the server's `requireUser`
 * preHandler when it is installed, then `request.user.id`.
 */
export type FileOwnerResolver = (request: FastifyRequest, reply: FastifyReply) => Promise<string>;

export interface FileRoutesOptions {
  /** Largest accepted file (default 100 MiB): more → 413. */
  readonly maxBytes?: number;
  /**
   * Accepted content types of the file part: others → 415. A `type/*` wildcard covers known-passive types
   * only (`image/*` admits PNG, never SVG); an active type (SVG, HTML, XML, script) is accepted only when
   * named exactly, and is still only ever served as an `application/octet-stream` attachment.
   */
  readonly allowedTypes?: readonly string[];
  /** Path prefix of uploads in the cloud environment (default `uploads`). */
  readonly prefix?: string;
}

export interface FileRoutesDeps {
  readonly store: Store;
  /** Cloud storage of the app's environment (`config.cloudEnv`). */
  readonly storage: CloudStorage;
  readonly owner?: FileOwnerResolver;
  /** The `files.upload` inbound limit, checked once the uploader is known (throws 429 past it). */
  readonly limit?: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  readonly now?: () => number;
}

export const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;

/** Known-passive types only: no SVG, HTML, XHTML, XML or script. */
export const DEFAULT_ALLOWED_TYPES: readonly string[] = [
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/bmp',
  'audio/*',
  'video/*',
  'application/pdf',
  'text/plain',
  'application/octet-stream',
];

/** The cloud environment of sandbox mode when `WECHAT_CLOUD_ENV` is unset (the emulator creates it). */
export const SANDBOX_CLOUD_ENV = 'sandbox-env';
