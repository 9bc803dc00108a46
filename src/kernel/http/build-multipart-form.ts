/** @module buildMultipartForm: a small `multipart/form-data` body (text fields, then one file) built in memory. */
import { randomBytes } from 'node:crypto';
import type { RawPayload } from './api-client.types.js';

/** A file part; WeChat's upload APIs name it (`media` for `/cgi-bin/media/upload`). */
export interface FormFile {
  /** The form field name. */
  readonly name: string;
  readonly filename: string;
  readonly contentType: string;
  readonly data: Buffer;
}

/** Text fields first, then the file: the order WeChat's upload forms read. */
export interface MultipartForm {
  readonly fields?: ReadonlyArray<readonly [string, string]>;
  readonly file: FormFile;
}

// Quotes and line breaks would end the header value; percent-encode them as browsers do.
const quote = (text: string) => text.replace(/[\r\n"]/g, (c) => encodeURIComponent(c));

/**
 * The request `payload` of an upload. Built whole as one Buffer: uploads to WeChat's APIs are at most a
 * few MB, and a Buffer can be sent again when a token error replays the call (a stream could not).
 */
export function buildMultipartForm(form: MultipartForm): RawPayload & { readonly bytes: Buffer } {
  const boundary = `----wegate${randomBytes(12).toString('hex')}`;
  const text = (form.fields ?? [])
    .map(
      ([name, value]) =>
        `--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`,
    )
    .join('');
  const { file } = form;
  const head =
    `${text}--${boundary}\r\nContent-Disposition: form-data; name="${quote(file.name)}"; ` +
    `filename="${quote(file.filename)}"\r\nContent-Type: ${file.contentType}\r\n\r\n`;
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    bytes: Buffer.concat([Buffer.from(head), file.data, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  };
}
