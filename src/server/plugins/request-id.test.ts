import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { genRequestId, rawHeader } from './request-id.js';

const req = (rawHeaders: string[]) => ({ rawHeaders }) as unknown as IncomingMessage;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('rawHeader', () => {
  it('finds a header whatever its case, and says when it came twice', () => {
    const r = req(['Host', 'x', 'Content-Length', '12', 'X-Request-Id', 'a', 'x-request-id', 'b']);
    expect(rawHeader(r, 'content-length')).toEqual({ value: '12', repeated: false });
    expect(rawHeader(r, 'x-request-id')).toEqual({ value: 'a', repeated: true });
    expect(rawHeader(r, 'content-type')).toBeUndefined();
  });
});

describe('genRequestId', () => {
  it('keeps a sane incoming id and mints a UUID for a missing, unsafe or repeated one', () => {
    expect(genRequestId(req(['X-Request-ID', 'abc-123.x_y']))).toBe('abc-123.x_y');
    expect(genRequestId(req([]))).toMatch(UUID);
    expect(genRequestId(req(['x-request-id', 'a b']))).toMatch(UUID);
    expect(genRequestId(req(['x-request-id', 'x'.repeat(65)]))).toMatch(UUID);
    expect(genRequestId(req(['x-request-id', 'a', 'x-request-id', 'b']))).toMatch(UUID);
  });
});
