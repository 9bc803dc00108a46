import { describe, expect, it } from 'vitest';
import { buildMultipartForm } from './build-multipart-form.js';

// The WHATWG parser of Node's fetch Response reads the form independently of how it was built.
async function parse(form: ReturnType<typeof buildMultipartForm>) {
  return new Response(form.bytes, { headers: { 'content-type': form.contentType } }).formData();
}

describe('buildMultipartForm', () => {
  it('builds a form a standard parser reads back: fields, file name, type and exact bytes', async () => {
    const data = Buffer.from([0xff, 0xd8, 0x00, 0x0d, 0x0a, 0x2d, 0x2d, 0xff, 0xd9]);
    const built = buildMultipartForm({
      fields: [['description', '{"title":"t"}']],
      file: { name: 'media', filename: 'photo.jpg', contentType: 'image/jpeg', data },
    });
    expect(built.contentType).toMatch(/^multipart\/form-data; boundary=----wegate[0-9a-f]{24}$/);
    const form = await parse(built);
    expect(form.get('description')).toBe('{"title":"t"}');
    const file = form.get('media') as File;
    expect(file.name).toBe('photo.jpg');
    expect(file.type).toBe('image/jpeg');
    expect(Buffer.from(await file.arrayBuffer()).equals(data)).toBe(true);
  });

  it('escapes quotes and line breaks in the file name so they cannot end the header', async () => {
    const built = buildMultipartForm({
      file: { name: 'media', filename: 'a"b\r\nc.jpg', contentType: 'image/jpeg', data: Buffer.from('x') },
    });
    const head = built.bytes.toString('latin1').split('\r\n\r\n')[0]!;
    expect(head).toContain('filename="a%22b%0D%0Ac.jpg"');
    expect(((await parse(built)).get('media') as File).size).toBe(1);
  });
});
