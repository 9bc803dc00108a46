import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isApiProblem } from '../../envelope/index.js';
import { multipartBoundary, readUploadForm } from './read-upload-form.js';

const B = '----b0undary';

function body(file: Buffer, fields = 'public'): Buffer {
  const head = fields ? `--${B}\r\nContent-Disposition: form-data; name="${fields}"\r\n\r\ntrue\r\n` : '';
  return Buffer.concat([
    Buffer.from(
      `${head}--${B}\r\nContent-Disposition: form-data; name="file"; filename="x.png"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${B}--\r\n`),
  ]);
}

async function* split(data: Buffer, size: (i: number) => number): AsyncGenerator<Buffer> {
  for (let at = 0, i = 0; at < data.length; i += 1) {
    const n = Math.max(1, size(i));
    yield data.subarray(at, at + n);
    at += n;
  }
}

async function drain(data: Buffer, size: (i: number) => number) {
  const form = await readUploadForm(split(data, size), B);
  const out: Buffer[] = [];
  for await (const chunk of form.file) out.push(chunk);
  return { form, bytes: Buffer.concat(out) };
}

describe('readUploadForm', () => {
  // Near-boundaries inside the file: a CRLF plus a boundary prefix, a lone `--`, CRLFs at chunk edges.
  const file = Buffer.concat([
    Buffer.from(`\r\n--${B.slice(0, -1)}\r\n`),
    randomBytes(5000),
    Buffer.from(`\r\n-\r\n--\r\n--${B.slice(0, 4)}`),
  ]);

  it.each([
    ['1 byte', () => 1],
    ['3 bytes', () => 3],
    ['the separator length', () => B.length + 4],
    ['alternating 1 and 64 bytes', (i: number) => (i % 2 ? 1 : 64)],
    ['random sizes', () => Math.ceil(Math.random() * 40)],
  ])('returns every file byte when chunks are %s', async (_name, size) => {
    const { form, bytes } = await drain(body(file), size);
    expect(form.fields).toEqual({ public: 'true' });
    expect(form.filename).toBe('x.png');
    expect(form.contentType).toBe('image/png');
    expect(bytes.equals(file)).toBe(true);
  });

  it.each([
    ['a truncated body', body(file).subarray(0, -10)],
    [
      'a form without a file',
      Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--${B}--\r\n`),
    ],
    [
      'a second file part',
      Buffer.concat([
        body(Buffer.from('x'), '').subarray(0, -4),
        Buffer.from(`\r\nContent-Disposition: form-data; name="f"; filename="y"\r\n\r\n2\r\n--${B}--\r\n`),
      ]),
    ],
    [
      'too many fields after the file',
      Buffer.concat([
        body(Buffer.from('x'), '').subarray(0, -4),
        Buffer.from(
          Array.from(
            { length: 9 },
            (_, i) => `\r\nContent-Disposition: form-data; name="a${i}"\r\n\r\n1\r\n--${B}`,
          ).join(''),
        ),
        Buffer.from('--\r\n'),
      ]),
    ],
    [
      'an oversized field',
      Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="a"\r\n\r\n${'x'.repeat(10_000)}`),
    ],
  ])('refuses %s with a 400 problem', async (_name, data) => {
    const error = await drain(data, () => 7).catch((e: unknown) => e);
    expect(isApiProblem(error) && error.status).toBe(400);
  });

  it('reads fields that follow the file part once the file has been read', async () => {
    const data = Buffer.concat([
      body(file, '').subarray(0, -4),
      Buffer.from(`\r\nContent-Disposition: form-data; name="public"\r\n\r\ntrue\r\n--${B}--\r\n`),
    ]);
    const { form, bytes } = await drain(data, () => 5);
    expect(bytes.equals(file)).toBe(true);
    expect(form.fields).toEqual({ public: 'true' });
  });

  it('reads the boundary parameter', () => {
    expect(multipartBoundary(`multipart/form-data; charset=utf-8; boundary=${B}`)).toBe(B);
    expect(multipartBoundary('text/plain; boundary=x')).toBeUndefined();
  });
});
