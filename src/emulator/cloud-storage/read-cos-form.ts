/** @module readCosForm: the COS upload form (text fields, then `file` last) read as a stream. */

/** The form is not the shape COS accepts; COS answers `MalformedPOSTRequest`. */
export class MalformedFormError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedFormError';
  }
}

export interface CosForm {
  readonly fields: ReadonlyMap<string, string>;
  /** The form field name of the file part (`file` for COS, `media` for WeChat's media upload). */
  readonly name: string;
  readonly filename: string;
  readonly contentType?: string;
  /** The file's bytes, yielded as they arrive; throws MalformedFormError when the closing boundary is missing. */
  readonly file: AsyncGenerator<Buffer>;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const MAX_HEADER_BYTES = 8 * 1024;
const MAX_FIELD_BYTES = 16 * 1024;
const MAX_FIELDS = 16;

/** The boundary of a `multipart/form-data` content type, or undefined. */
export function formBoundary(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

/** Pulls chunks from a source into a small working buffer. */
class Pull {
  buf: Buffer = Buffer.alloc(0);
  private readonly it: AsyncIterator<Buffer | string>;
  constructor(source: AsyncIterable<Buffer | string>) {
    this.it = source[Symbol.asyncIterator]();
  }
  async more(): Promise<boolean> {
    const next = await this.it.next();
    if (next.done) return false;
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    return true;
  }
  /** Reads up to `marker` (consumed, not returned), at most `limit` bytes before it. */
  async until(marker: Buffer, limit: number, what: string): Promise<Buffer> {
    for (;;) {
      const at = this.buf.indexOf(marker);
      if (at >= 0) {
        const head = this.buf.subarray(0, at);
        this.buf = this.buf.subarray(at + marker.length);
        return head;
      }
      if (this.buf.length > limit + marker.length) throw new MalformedFormError(`${what} too long`);
      if (!(await this.more())) throw new MalformedFormError(`unexpected end in ${what}`);
    }
  }
  async take(n: number): Promise<Buffer> {
    while (this.buf.length < n) if (!(await this.more())) throw new MalformedFormError('unexpected end');
    const head = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return head;
  }
}

interface PartHead {
  readonly name: string;
  readonly filename?: string;
  readonly contentType?: string;
}

function parsePartHead(raw: string): PartHead {
  let disposition = '';
  let contentType: string | undefined;
  for (const line of raw.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MalformedFormError('bad part header');
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'content-disposition') disposition = value;
    else if (key === 'content-type') contentType = value;
  }
  if (!/^form-data\s*;/i.test(disposition))
    throw new MalformedFormError('part without form-data disposition');
  const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
  if (name === undefined) throw new MalformedFormError('part without a name');
  const filename = /;\s*filename="([^"]*)"/i.exec(disposition)?.[1];
  return { name, filename, contentType };
}

async function* fileBody(pull: Pull, delimiter: Buffer): AsyncGenerator<Buffer> {
  for (;;) {
    const at = pull.buf.indexOf(delimiter);
    if (at >= 0) {
      if (at > 0) yield pull.buf.subarray(0, at);
      pull.buf = pull.buf.subarray(at + delimiter.length);
      // `file` must be the last part: the closing delimiter ends in `--`.
      if (!(await pull.take(2)).equals(Buffer.from('--')))
        throw new MalformedFormError('file is not the last part');
      return;
    }
    // Keep a tail that may be the start of a delimiter split across chunks.
    const safe = pull.buf.length - (delimiter.length - 1);
    if (safe > 0) {
      const out = pull.buf.subarray(0, safe);
      pull.buf = pull.buf.subarray(safe);
      yield out;
    }
    if (!(await pull.more())) throw new MalformedFormError('missing closing boundary');
  }
}

/**
 * Reads the text parts into `fields` and stops at the first file part, whose body is then streamed.
 * Only that shape is accepted: the COS POST form puts `file` last.
 */
export async function readCosForm(
  source: AsyncIterable<Buffer | string>,
  boundary: string,
): Promise<CosForm> {
  const pull = new Pull(source);
  const dash = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.concat([CRLF, dash]);
  await pull.until(dash, MAX_HEADER_BYTES, 'preamble');
  const fields = new Map<string, string>();
  for (;;) {
    if (!(await pull.take(2)).equals(CRLF)) throw new MalformedFormError('form ended without a file');
    const head = parsePartHead(
      (await pull.until(HEADER_END, MAX_HEADER_BYTES, 'part header')).toString('utf8'),
    );
    if (head.filename !== undefined) {
      return {
        fields,
        name: head.name,
        filename: head.filename,
        contentType: head.contentType,
        file: fileBody(pull, delimiter),
      };
    }
    if (fields.size >= MAX_FIELDS) throw new MalformedFormError('too many fields');
    fields.set(head.name, (await pull.until(delimiter, MAX_FIELD_BYTES, 'field')).toString('utf8'));
  }
}
