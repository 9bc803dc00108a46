import { describe, it, expect } from 'vitest';
import { ParseError } from '../kernel/errors/index.js';
import { parseJsonBody, quoteJsonNumbers } from './parse-json-body.js';
import { parseInboundBody, sniffFormat } from './parse-inbound-body.js';

describe('parseJsonBody', () => {
  it('keeps every number as its exact digits and leaves numbers inside strings alone', () => {
    const body =
      '{"MsgId": 9223372036854775807, "CreateTime":1700000000, "Lat": -23.5e2, "Content":"a 12 \\" 34"}';
    expect(parseJsonBody(body)).toEqual({
      MsgId: '9223372036854775807',
      CreateTime: '1700000000',
      Lat: '-23.5e2',
      Content: 'a 12 " 34',
    });
  });

  it('turns null and booleans into text and keeps nested groups and lists', () => {
    expect(parseJsonBody('{"a":null,"b":true,"c":{"d":[1,{"e":"f"}]}}')).toEqual({
      a: '',
      b: 'true',
      c: { d: ['1', { e: 'f' }] },
    });
  });

  it.each([
    ['an array', '[{"a":1}]', /must be an object/],
    ['a string', '"success"', /must be an object/],
    ['a number', '42', /must be an object/],
    ['null', 'null', /must be an object/],
    ['truncated JSON', '{"a":"b"', /malformed/],
    ['an unterminated string', '{"a":"b', /malformed/],
    ['a malformed number', '{"a":01}', /bad number/],
    ['a prototype key', '{"__proto__":{"polluted":"1"}}', /not accepted/],
    ['XML', '<xml><A>1</A></xml>', /malformed/],
  ])('rejects %s with ParseError', (_name, body, message) => {
    expect(() => parseJsonBody(body)).toThrow(ParseError);
    expect(() => parseJsonBody(body)).toThrow(message);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('accepts exactly maxBytes (counted in UTF-8) and rejects one byte more', () => {
    const body = '{"Content":"你好"}';
    const size = Buffer.byteLength(body);
    expect(parseJsonBody(body, size).Content).toBe('你好');
    expect(() => parseJsonBody(body, size - 1)).toThrow(/exceeds/);
    expect(() => parseJsonBody(Buffer.from(body), size - 1)).toThrow(/exceeds/);
  });

  it('rejects absurd nesting instead of recursing without bound', () => {
    expect(() => parseJsonBody(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`)).toThrow(/nested/);
  });

  it('returns text without digits unchanged', () => {
    const text = '{"a":"b"}';
    expect(quoteJsonNumbers(text)).toBe(text);
  });
});

describe('parseInboundBody / sniffFormat', () => {
  it('parses each format and guesses it from the first character', () => {
    expect(parseInboundBody('<xml><A>1</A></xml>', 'xml')).toEqual({ A: '1' });
    expect(parseInboundBody(Buffer.from('{"A":1}'), 'json')).toEqual({ A: '1' });
    expect(sniffFormat('  \n{"A":1}')).toBe('json');
    expect(sniffFormat(Buffer.from('\uFEFF{"A":1}'))).toBe('json');
    expect(sniffFormat('<xml></xml>')).toBe('xml');
  });

  it('applies the size bound to XML too', () => {
    expect(() => parseInboundBody('<xml><A>1</A></xml>', 'xml', 5)).toThrow(ParseError);
  });
});
