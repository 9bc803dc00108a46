import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formBoundary, MalformedFormError, readCosForm } from './read-cos-form.js';

const B = 'XyZ-boundary-42';

function form(file: Buffer, fields: Record<string, string> = { key: 'a/b.bin', Signature: 's' }): Buffer {
  const head = Object.entries(fields)
    .map(([k, v]) => `--${B}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
    .join('');
  return Buffer.concat([
    Buffer.from(
      `${head}--${B}\r\nContent-Disposition: form-data; name="file"; filename="b.bin"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${B}--\r\n`),
  ]);
}

async function* chunks(data: Buffer, sizes: () => number): AsyncGenerator<Buffer> {
  for (let at = 0; at < data.length;) {
    const n = Math.max(1, sizes());
    yield data.subarray(at, at + n);
    at += n;
  }
}

async function read(data: Buffer, sizes: () => number) {
  const parsed = await readCosForm(chunks(data, sizes), B);
  const parts: Buffer[] = [];
  for await (const part of parsed.file) parts.push(part);
  return { ...parsed, bytes: Buffer.concat(parts) };
}

describe('readCosForm', () => {
  // Bytes that look like the boundary's start, CRLFs and dashes are where a naive splitter breaks.
  const tricky = Buffer.concat([
    Buffer.from(`\r\n--${B.slice(0, 7)}\r\n--\r\n-`),
    randomBytes(3000),
    Buffer.from(`\r\n--${B}x`.slice(0, -1).slice(0, 10)),
    Buffer.from('\r\n\r\n--'),
  ]);

  it.each([
    ['one byte at a time', () => 1],
    ['two bytes', () => 2],
    ['boundary-length chunks', () => B.length + 3],
    ['random small chunks', () => 1 + Math.floor(Math.random() * 17)],
    ['one chunk', () => 1 << 30],
  ])('keeps fields and every file byte when the body arrives %s', async (_name, sizes) => {
    const got = await read(form(tricky), sizes);
    expect(Object.fromEntries(got.fields)).toEqual({ key: 'a/b.bin', Signature: 's' });
    expect(got.filename).toBe('b.bin');
    expect(got.contentType).toBe('image/png');
    expect(got.bytes.equals(tricky)).toBe(true);
  });

  it('reads an empty file', async () => {
    expect((await read(form(Buffer.alloc(0)), () => 3)).bytes.length).toBe(0);
  });

  it.each([
    ['no closing boundary', form(Buffer.from('abc')).subarray(0, -8)],
    [
      'no file part',
      Buffer.from(`--${B}\r\nContent-Disposition: form-data; name="key"\r\n\r\nv\r\n--${B}--\r\n`),
    ],
    [
      'a part after the file',
      Buffer.concat([
        form(Buffer.from('x')).subarray(0, -4),
        Buffer.from(`\r\nContent-Disposition: form-data; name="k"\r\n\r\nv\r\n--${B}--\r\n`),
      ]),
    ],
    ['a header without a colon', Buffer.from(`--${B}\r\nbroken\r\n\r\nv\r\n--${B}--\r\n`)],
    [
      'a field without a name',
      Buffer.from(`--${B}\r\nContent-Disposition: form-data\r\n\r\nv\r\n--${B}--\r\n`),
    ],
    ['a huge header', Buffer.from(`--${B}\r\nX-Long: ${'a'.repeat(20_000)}\r\n\r\n`)],
  ])('refuses %s', async (_name, body) => {
    await expect(read(body, () => 5)).rejects.toBeInstanceOf(MalformedFormError);
  });

  it('finds the boundary in the content type', () => {
    expect(formBoundary(`multipart/form-data; boundary=${B}`)).toBe(B);
    expect(formBoundary('multipart/form-data; boundary="a b"')).toBe('a b');
    expect(formBoundary('application/json')).toBeUndefined();
  });
});
