/** @module fileRoutes: `POST /api/files` (streamed multipart upload), `GET|DELETE /api/files/:id` (owner or public). */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiProblem, isApiProblem } from '../../envelope/index.js';
import { isWeChatHttpError } from '../../../kernel/errors/wechat-error.js';
import { ok } from '../../plugins/envelope.js';
import {
  baseType,
  contentDisposition,
  guardFileAnswers,
  isActiveType,
  servedAs,
  typeAllowed,
} from './file-content-types.js';
import { createFileRecords, type FileRecord, type FileRecords } from '../../../cloud/storage/file-records.js';
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

/** The file bytes up to `maxBytes`; a refusal met while streaming (size, broken form) is kept in `counted`. */
async function* limited(
  source: AsyncIterable<Buffer>,
  maxBytes: number,
  counted: { bytes: number; refusal?: unknown },
) {
  try {
    for await (const chunk of source) {
      counted.bytes += chunk.length;
      if (counted.bytes > maxBytes)
        throw new ApiProblem('PayloadTooLarge', `the file exceeds ${maxBytes} bytes`);
      yield chunk;
    }
  } catch (error) {
    if (isApiProblem(error)) counted.refusal = error;
    throw error;
  }
}

function checkType(type: string, allowed: readonly string[]): void {
  if (typeAllowed(type, allowed)) return;
  const refusal = isActiveType(type) ? 'FileTypeActive' : 'UnsupportedMediaType';
  throw new ApiProblem(refusal, `files of type ${baseType(type) ?? 'unknown'} are not accepted`);
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
  await ctx.deps.limit?.(request, reply);
  const boundary = multipartBoundary(request.headers['content-type']);
  if (!boundary) throw new ApiProblem('UnsupportedMediaType', 'expected multipart/form-data');
  if (Number(request.headers['content-length'] ?? 0) > ctx.maxBytes + FORM_OVERHEAD)
    throw new ApiProblem('PayloadTooLarge', `the file exceeds ${ctx.maxBytes} bytes`);
  const form = await readUploadForm(request.raw, boundary);
  checkType(form.contentType, ctx.allowed);
  const contentType = baseType(form.contentType) as string;
  const id = randomUUID();
  const counted: { bytes: number; refusal?: unknown } = { bytes: 0 };
  let fileId: string;
  try {
    const body = Readable.from(limited(form.file, ctx.maxBytes, counted));
    const path = `${ctx.prefix}/${ownerId}/${id}`;
    ({ fileID: fileId } = await ctx.deps.storage.uploadFile({ path, body, contentType }));
  } catch (error) {
    // A refusal inside the upload stream reaches us as a failed storage request: answer the refusal.
    if (counted.refusal !== undefined) throw counted.refusal;
    throw error;
  }
  const isPublic = form.fields['public'] === 'true' || form.fields['public'] === '1';
  const record: FileRecord = {
    id,
    ownerId,
    fileId,
    name: cleanName(form.filename),
    size: counted.bytes,
    contentType,
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
  const served = servedAs(record.contentType);
  reply
    .code(opened.status)
    .type(served.type)
    .header('accept-ranges', 'bytes')
    .header('cache-control', record.public ? 'public, max-age=300' : 'private, no-store')
    .header('content-disposition', contentDisposition(served.inline ? 'inline' : 'attachment', record.name));
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
  guardFileAnswers(app, '/api/files/:id');
  app.post('/api/files', (request, reply) => upload(ctx, request, reply));
  app.get('/api/files/:id', (request, reply) => download(ctx, request, reply));
  app.delete('/api/files/:id', (request, reply) => remove(ctx, request, reply));
}
