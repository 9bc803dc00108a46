/** @module cosRoutes: the storage URLs uploadfile and batchdownloadfile hand out (form POST, signed GET). */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { World } from '../world/world.js';
import { parseRange } from './parse-range.js';
import { formBoundary, MalformedFormError, readCosForm } from './read-cos-form.js';

/** Where the emulated COS buckets live on the emulator's host. */
export const COS_PREFIX = '/__cos';

function xmlEscape(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** COS answers errors as XML, not as WeChat JSON. */
function cosError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  const body =
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message>` +
    `<RequestId>${randomBytes(16).toString('base64url')}</RequestId></Error>`;
  return reply.code(status).type('application/xml').send(body);
}

async function upload(world: World, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const { bucket } = request.params as { bucket: string };
  const boundary = formBoundary(request.headers['content-type']);
  if (!boundary)
    return cosError(
      reply,
      400,
      'MalformedPOSTRequest',
      'The body of your POST request is not well-formed multipart/form-data.',
    );
  const storage = world.cloudStorage;
  const diskPath = storage.tempPath();
  try {
    const form = await readCosForm(request.raw, boundary);
    const ticket = storage.checkUpload(bucket, form.fields);
    if (!ticket) return cosError(reply, 403, 'AccessDenied', 'Access Denied.');
    await pipeline(Readable.from(form.file), createWriteStream(diskPath, { mode: 0o600 }));
    const { size } = await stat(diskPath);
    storage.commit({
      fileId: ticket.fileId,
      env: ticket.env,
      path: ticket.path,
      bucket,
      diskPath,
      size,
      contentType: form.contentType,
    });
    return reply.code(204).send();
  } catch (error) {
    await rm(diskPath, { force: true });
    if (error instanceof MalformedFormError)
      return cosError(reply, 400, 'MalformedPOSTRequest', error.message);
    throw error;
  }
}

async function download(world: World, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const { bucket, '*': path } = request.params as { bucket: string; '*': string };
  const { sign, t } = request.query as { sign?: string; t?: string };
  const expiresAtS = Number(t);
  if (typeof sign !== 'string' || !Number.isInteger(expiresAtS))
    return cosError(reply, 403, 'AccessDenied', 'Access Denied.');
  if (!world.cloudStorage.verifyDownload(bucket, path, expiresAtS, sign)) {
    return cosError(reply, 403, 'AccessDenied', 'Request has expired or the signature does not match.');
  }
  const file = world.cloudStorage.byBucketPath(bucket, path);
  if (!file) return cosError(reply, 404, 'NoSuchKey', 'The specified key does not exist.');
  const range = parseRange(request.headers.range, file.size);
  reply.header('accept-ranges', 'bytes').type(file.contentType ?? 'application/octet-stream');
  if (range.kind === 'unsatisfiable') {
    reply.header('content-range', `bytes */${file.size}`);
    return cosError(reply, 416, 'InvalidRange', 'The requested range is not satisfiable.');
  }
  if (range.kind === 'full') {
    return reply.code(200).header('content-length', file.size).send(createReadStream(file.diskPath));
  }
  return reply
    .code(206)
    .header('content-range', `bytes ${range.start}-${range.end}/${file.size}`)
    .header('content-length', range.end - range.start + 1)
    .send(createReadStream(file.diskPath, { start: range.start, end: range.end }));
}

/** Registered in its own context: its body handling (left unread for streaming) stays here. */
export async function cosRoutes(app: FastifyInstance, options: { readonly world: World }): Promise<void> {
  app.removeAllContentTypeParsers();
  // The form is streamed to disk by the handler, never buffered by a parser.
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));
  app.post(`${COS_PREFIX}/:bucket`, (request, reply) => upload(options.world, request, reply));
  app.get(`${COS_PREFIX}/:bucket/*`, (request, reply) => download(options.world, request, reply));
}
