/** @module fileRoutes: `POST /api/files` (streamed multipart upload), `GET|DELETE /api/files/:id` (owner or public). */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiProblem } from '../../../kernel/errors/catalogue.js';
import { isWeChatHttpError } from '../../../kernel/errors/wechat-error.js';
import { ok } from '../../plugins/envelope.js';
import { createFileRecords, type FileRecord, type FileRecords } from './file-records.js';
import {
  DEFAULT_ALLOWED_TYPES,
  DEFAULT_MAX_BYTES,
  type FileOwnerResolver,
  type FileRoutesDeps,
  type FileRoutesOptions,
} from './file-routes.types.js';
import { multipartBoundary, readUploadForm } from './read-upload-form.js';

/** Room for the form's own bytes (boundaries, part headers, fields) above the file limit. */
const FORM_OVERHEAD = 64 * 1024;

function typeAllowed(type: string, allowed: readonly string[]): boolean {
  const base = type.split(';')[0]?.trim().toLowerCase() ?? '';
  return allowed.some((a) => a === base || (a.endsWith('/*') && base.startsWith(a.slice(0, -1))));
}

function cleanName(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? '';
  return base.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200) || 'file';
}

/** The server's requireUser preHandler, when installed, then `request.user.id`. */
function ownerFromRequireUser(app: FastifyInstance): FileOwnerResolver {
  return async (request, reply) => {
    const requireUser = (
      app as unknown as {
        requireUser?: (this: FastifyInstance, q: FastifyRequest, r: FastifyReply) => Promise<void>;
      }
    ).requireUser;
    if (!requireUser) throw new ApiProblem('Unauthorized');
    await requireUser.call(app, request, reply);
    const id = (request as unknown as { user?: { id?: unknown } | null }).user?.id;
    if (typeof id !== 'string') throw new ApiProblem('Unauthorized');
    return id;
  };
}

function describe(record: FileRecord) {
  return {
    id: record.id,
    name: record.name,
    size: record.size,
    contentType: record.contentType,
    public: record.public,
    createdAt: record.createdAt,
  };
}

async function* limited(
  source: AsyncIterable<Buffer>,
  maxBytes: number,
  counted: { bytes: number; over: boolean },
) {
  for await (const chunk of source) {
    counted.bytes += chunk.length;
    if (counted.bytes > maxBytes) {
      counted.over = true;
      throw new ApiProblem('PayloadTooLarge', `the file exceeds ${maxBytes} bytes`);
    }
    yield chunk;
  }
}

interface FilesContext {
  readonly deps: FileRoutesDeps;
  readonly records: FileRecords;
  readonly owner: FileOwnerResolver;
  readonly maxBytes: number;
  readonly allowed: readonly string[];
  readonly prefix: string;
  readonly now: () => number;
}

async function upload(ctx: FilesContext, request: FastifyRequest, reply: FastifyReply) {
  const ownerId = await ctx.owner(request, reply);
  const boundary = multipartBoundary(request.headers['content-type']);
  if (!boundary) throw new ApiProblem('UnsupportedMediaType', 'expected multipart/form-data');
  const tooLarge = () => new ApiProblem('PayloadTooLarge', `the file exceeds ${ctx.maxBytes} bytes`);
  if (Number(request.headers['content-length'] ?? 0) > ctx.maxBytes + FORM_OVERHEAD) throw tooLarge();
  const form = await readUploadForm(request.raw, boundary);
  if (!typeAllowed(form.contentType, ctx.allowed)) {
    throw new ApiProblem('UnsupportedMediaType', `files of type ${form.contentType} are not accepted`);
  }
  const id = randomUUID();
  const counted = { bytes: 0, over: false };
  let fileId: string;
  try {
    const body = Readable.from(limited(form.file, ctx.maxBytes, counted));
    const path = `${ctx.prefix}/${ownerId}/${id}`;
    ({ fileID: fileId } = await ctx.deps.storage.uploadFile({ path, body, contentType: form.contentType }));
  } catch (error) {
    // The limit trips inside the upload stream; the storage client reports it as a failed request.
    if (counted.over) throw tooLarge();
    throw error;
  }
  const isPublic = form.fields['public'] === 'true' || form.fields['public'] === '1';
  const record: FileRecord = {
    id,
    ownerId,
    fileId,
    name: cleanName(form.filename),
    size: counted.bytes,
    contentType: form.contentType,
    public: isPublic,
    createdAt: ctx.now(),
  };
  await ctx.records.insert(record);
  return reply.code(201).send(ok(describe(record)));
}

/** The record when the caller may use it; another user's private file is "not found", not "forbidden". */
async function allowed(ctx: FilesContext, request: FastifyRequest, reply: FastifyReply, write: boolean) {
  const record = await ctx.records.get((request.params as { id: string }).id);
  if (!record) throw new ApiProblem('NotFound', 'no such file');
  if (record.public && !write) return record;
  if ((await ctx.owner(request, reply)) !== record.ownerId) throw new ApiProblem('NotFound', 'no such file');
  return record;
}

async function download(ctx: FilesContext, request: FastifyRequest, reply: FastifyReply) {
  const record = await allowed(ctx, request, reply, false);
  let opened;
  try {
    opened = await ctx.deps.storage.openFile(record.fileId, { range: request.headers.range });
  } catch (error) {
    if (isWeChatHttpError(error) && error.status === 416) {
      return reply.code(416).header('content-range', `bytes */${record.size}`).send();
    }
    throw error;
  }
  reply
    .code(opened.status)
    .type(record.contentType)
    .header('accept-ranges', 'bytes')
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', record.public ? 'public, max-age=300' : 'private, no-store')
    .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(record.name)}`);
  if (opened.contentLength !== undefined) reply.header('content-length', opened.contentLength);
  if (opened.contentRange) reply.header('content-range', opened.contentRange);
  return reply.send(opened.body);
}

async function remove(ctx: FilesContext, request: FastifyRequest, reply: FastifyReply) {
  const record = await allowed(ctx, request, reply, true);
  await ctx.deps.storage.deleteFile([record.fileId]);
  await ctx.records.remove(record.id);
  return ok({ id: record.id, deleted: true });
}

/** Register with `app.register(fileRoutes, { deps, ...limits })`: its body handling stays in its context. */
export async function fileRoutes(
  app: FastifyInstance,
  opts: FileRoutesOptions & { readonly deps: FileRoutesDeps },
): Promise<void> {
  const ctx: FilesContext = {
    deps: opts.deps,
    records: createFileRecords(opts.deps.store),
    owner: opts.deps.owner ?? ownerFromRequireUser(app),
    maxBytes: opts.maxBytes ?? DEFAULT_MAX_BYTES,
    allowed: opts.allowedTypes ?? DEFAULT_ALLOWED_TYPES,
    prefix: opts.prefix ?? 'uploads',
    now: opts.deps.now ?? Date.now,
  };
  // Multipart bodies are streamed by the handler into storage, never buffered by a parser.
  app.addContentTypeParser('multipart/form-data', (_request, _payload, done) => done(null));
  app.post('/api/files', (request, reply) => upload(ctx, request, reply));
  app.get('/api/files/:id', (request, reply) => download(ctx, request, reply));
  app.delete('/api/files/:id', (request, reply) => remove(ctx, request, reply));
}
