import { describe, expect, it } from 'vitest';
import { isWeChatError } from '../../kernel/errors/wechat-error.js';
import { command as _ } from './command.js';
import { serializeValue } from './serialize-value.js';

const rejectionOf = (run: () => unknown): { code: string; message: string } => {
  try {
    run();
  } catch (error) {
    if (isWeChatError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('accepted');
};

describe('serializeValue', () => {
  it('writes strings as JSON string literals, escaping quotes, backslashes and line breaks', () => {
    expect(serializeValue('"}).remove()//', 'data')).toBe('"\\"}).remove()//"');
    expect(serializeValue("a'b\\c\n\u2028", 'data')).toBe('"a\'b\\\\c\\n\\u2028"');
  });

  it('writes numbers, booleans, null, arrays and nested objects in literal form', () => {
    expect(serializeValue({ a: -1.5, b: [true, null, 1e21], c: { d: 'x' } }, 'data')).toBe(
      '{a:-1.5,b:[true,null,1e+21],c:{d:"x"}}',
    );
  });

  it('quotes keys that are not plain identifiers', () => {
    expect(serializeValue({ 'a.b': 1, $where: 2, 'q"k': 3, ok_1: 4 }, 'data')).toBe(
      '{"a.b":1,"$where":2,"q\\"k":3,ok_1:4}',
    );
  });

  it('writes dates as new Date(<ms>) and regular expressions as db.RegExp', () => {
    expect(serializeValue(new Date(Date.UTC(2019, 8, 9)), 'data')).toBe('new Date(1567987200000)');
    expect(serializeValue(/^a"b/i, 'where')).toBe('db.RegExp({regexp:"^a\\"b",options:"i"})');
  });

  it('writes commands as _.name(…) and accumulators as $.name(…)', () => {
    expect(serializeValue({ age: _.and(_.gt(1), _.lt(9)), tag: _.in(['a']) }, 'where')).toBe(
      '{age:_.and([_.gt(1),_.lt(9)]),tag:_.in(["a"])}',
    );
    expect(serializeValue({ n: _.inc(1), l: _.pull(_.in([1])), r: _.remove() }, 'update')).toBe(
      '{n:_.inc(1),l:_.pull(_.in([1])),r:_.remove()}',
    );
    expect(serializeValue({ _id: '$k', t: _.aggregate.sum('$v') }, 'group')).toBe('{_id:"$k",t:$.sum("$v")}');
  });

  it('omits undefined object fields', () => {
    expect(serializeValue({ a: 1, b: undefined }, 'data')).toBe('{a:1}');
  });

  it.each([
    ['a function', () => serializeValue({ f: () => 1 }, 'data'), /function cannot be stored/],
    ['a symbol', () => serializeValue(Symbol('s'), 'data'), /symbol cannot be stored/],
    ['a bigint', () => serializeValue(1n, 'data'), /bigint cannot be stored/],
    ['NaN', () => serializeValue({ n: NaN }, 'data'), /NaN is not a storable number/],
    ['Infinity', () => serializeValue([Infinity], 'data'), /Infinity is not a storable number/],
    ['undefined in an array', () => serializeValue([1, undefined], 'data'), /array item 1 is undefined/],
    ['a hole in an array', () => serializeValue([1, , 2], 'data'), /array item 1 is undefined/],
    ['a class instance', () => serializeValue(new Map(), 'data'), /Map is not plain data/],
    ['a symbol key', () => serializeValue({ [Symbol('k')]: 1 }, 'data'), /not plain data/],
    ['a __proto__ key', () => serializeValue(JSON.parse('{"__proto__":1}'), 'data'), /__proto__/],
    ['an invalid date', () => serializeValue(new Date('x'), 'data'), /invalid Date/],
    ['a g flag', () => serializeValue(/a/g, 'where'), /flags "g"/],
    [
      'a query command in data',
      () => serializeValue({ a: _.gt(1) }, 'data'),
      /_.gt\(\) cannot be used in stored data/,
    ],
    [
      'an update command in where',
      () => serializeValue({ a: _.inc(1) }, 'where'),
      /_.inc\(\) cannot be used in where/,
    ],
    [
      'a query command in update',
      () => serializeValue({ a: _.gt(1) }, 'update'),
      /_.gt\(\) cannot be used in update/,
    ],
    [
      'an accumulator in where',
      () => serializeValue({ a: _.aggregate.sum(1) }, 'where'),
      /\$.sum\(\) cannot be used/,
    ],
  ])('rejects %s with CloudQueryError', (_name, run, message) => {
    const error = rejectionOf(run);
    expect(error.code).toBe('WEGATE_CLOUD_QUERY_INVALID');
    expect(error.message).toMatch(message);
  });

  it('rejects circular values instead of looping', () => {
    const a: Record<string, unknown> = {};
    a['self'] = a;
    expect(rejectionOf(() => serializeValue(a, 'data')).message).toMatch(/nested too deeply/);
  });
});
