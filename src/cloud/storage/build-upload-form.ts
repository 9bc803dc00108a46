/** @module buildUploadForm: the COS POST form as a stream (text fields, then the file), never buffered whole. */
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';

export interface UploadFormFile {
  readonly filename: string;
  readonly contentType: string;
  readonly body: Readable | Buffer;
  /** Byte count when known: then the form has a Content-Length. */
  readonly size?: number;
}

export interface UploadForm {
  readonly contentType: string;
  readonly length?: number;
  readonly body: AsyncIterable<Buffer>;
}

const quote = (text: string) => text.replace(/[\r\n"]/g, (c) => encodeURIComponent(c));

/**
 * COS reads `file` as the last part and ignores fields after it, so the text fields go first
 * (`key`, `Signature`, `x-cos-security-token`, `x-cos-meta-fileid`).
 */
export function buildUploadForm(
  fields: ReadonlyArray<readonly [string, string]>,
  file: UploadFormFile,
): UploadForm {
  const boundary = `----wegate${randomBytes(12).toString('hex')}`;
  const head = Buffer.from(
    fields
      .map(
        ([name, value]) =>
          `--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`,
      )
      .join('') +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${quote(file.filename)}"\r\n` +
      `Content-Type: ${file.contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const size = Buffer.isBuffer(file.body) ? file.body.length : file.size;
  async function* body(): AsyncGenerator<Buffer> {
    yield head;
    if (Buffer.isBuffer(file.body)) yield file.body;
    else
      for await (const chunk of file.body)
        yield typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    yield tail;
  }
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    ...(size === undefined ? {} : { length: head.length + size + tail.length }),
    body: body(),
  };
}
