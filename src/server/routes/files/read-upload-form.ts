/** @module readUploadForm: a `multipart/form-data` upload (small fields around one file part) read as a stream. */
import { ApiProblem } from '../../envelope/index.js';

export interface UploadForm {
  /** Fields before the file part at once; those after it once `file` has been read to its end. */
  readonly fields: Readonly<Record<string, string>>;
  readonly filename: string;
  readonly contentType: string;
  /** The file bytes as they arrive; ends after the closing boundary, throws ApiProblem on a broken body. */
  readonly file: AsyncGenerator<Buffer>;
}

const malformed = (why: string) => new ApiProblem('BadRequest', `malformed multipart body: ${why}`);
const NL = Buffer.from('\r\n');
const HEAD_END = Buffer.from('\r\n\r\n');
const LIMIT = { head: 8192, field: 4096, fields: 8 } as const;

/** The `boundary` parameter of a multipart/form-data Content-Type. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
  const match = /^multipart\/form-data\s*;.*?\bboundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(
    contentType ?? '',
  );
  return match ? (match[1] ?? match[2]) : undefined;
}

/** A window over the request stream: bytes not yet consumed, refilled on demand. */
function createWindow(source: AsyncIterable<Buffer | string>) {
  const iterator = source[Symbol.asyncIterator]();
  const w = {
    rest: Buffer.alloc(0) as Buffer,
    async fill(): Promise<void> {
      const step = await iterator.next();
      if (step.done) throw malformed('unexpected end of body');
      const chunk = Buffer.isBuffer(step.value) ? step.value : Buffer.from(step.value);
      w.rest = w.rest.length === 0 ? chunk : Buffer.concat([w.rest, chunk]);
    },
    async through(marker: Buffer, max: number): Promise<Buffer> {
      let at: number;
      while ((at = w.rest.indexOf(marker)) < 0) {
        if (w.rest.length > max + marker.length) throw malformed('part header or field too long');
        await w.fill();
      }
      const before = w.rest.subarray(0, at);
      w.rest = w.rest.subarray(at + marker.length);
      return before;
    },
    async next2(): Promise<string> {
      while (w.rest.length < 2) await w.fill();
      const two = w.rest.subarray(0, 2).toString('latin1');
      w.rest = w.rest.subarray(2);
      return two;
    },
  };
  return w;
}

function dispositionOf(head: string): { name: string; filename?: string; type?: string } {
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const match = /^([\w-]+):\s*(.*)$/.exec(line);
    if (!match) throw malformed('bad part header');
    headers.set((match[1] as string).toLowerCase(), match[2] as string);
  }
  const disposition = headers.get('content-disposition') ?? '';
  const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
  if (!/^form-data\b/i.test(disposition) || name === undefined)
    throw malformed('part without a form-data name');
  return {
    name,
    filename: /\bfilename="([^"]*)"/i.exec(disposition)?.[1],
    type: headers.get('content-type'),
  };
}

interface PartReader {
  readonly w: ReturnType<typeof createWindow>;
  readonly separator: Buffer;
  readonly fields: Record<string, string>;
  count: number;
}

/**
 * After a separator: reads field parts into `fields` until a file part (returned, its body unread) or the
 * closing `--` (undefined).
 */
async function readFields(r: PartReader): Promise<ReturnType<typeof dispositionOf> | undefined> {
  for (;;) {
    const next = await r.w.next2();
    if (next === '--') return undefined;
    if (next !== '\r\n') throw malformed('bad boundary');
    const part = dispositionOf((await r.w.through(HEAD_END, LIMIT.head)).toString('utf8'));
    if (part.filename !== undefined) return part;
    r.count += 1;
    if (r.count > LIMIT.fields) throw malformed('too many fields');
    r.fields[part.name] = (await r.w.through(r.separator, LIMIT.field)).toString('utf8');
  }
}

/**
 * Reads the fields before the file part, then hands the file over as a stream. Fields may also follow the
 * file: they are read into `fields` as the file stream ends, so read them only after draining `file`.
 */
export async function readUploadForm(
  source: AsyncIterable<Buffer | string>,
  boundary: string,
): Promise<UploadForm> {
  const w = createWindow(source);
  const open = Buffer.from(`--${boundary}`);
  const reader: PartReader = { w, separator: Buffer.concat([NL, open]), fields: {}, count: 0 };
  await w.through(open, LIMIT.head);
  const part = await readFields(reader);
  if (part?.filename === undefined) throw malformed('no file part');
  return {
    fields: reader.fields,
    filename: part.filename,
    contentType: part.type ?? 'application/octet-stream',
    file: fileBytes(reader),
  };
}

async function* fileBytes(r: PartReader): AsyncGenerator<Buffer> {
  const { w, separator } = r;
  for (;;) {
    const at = w.rest.indexOf(separator);
    if (at >= 0) {
      if (at > 0) yield w.rest.subarray(0, at);
      w.rest = w.rest.subarray(at + separator.length);
      if (await readFields(r)) throw malformed('only one file part is accepted');
      return;
    }
    // The last separator.length - 1 bytes may begin a separator split across chunks: hold them back.
    const keep = separator.length - 1;
    if (w.rest.length > keep) {
      yield w.rest.subarray(0, w.rest.length - keep);
      w.rest = w.rest.subarray(w.rest.length - keep);
    }
    await w.fill();
  }
}
