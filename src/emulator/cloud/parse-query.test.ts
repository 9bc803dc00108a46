import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseQuery } from './parse-query.js';
import { TcbRejection } from './tcb-rejection.js';

interface Example {
  id: string;
  source: string;
  request_body: { query?: string };
}

function examples(path: string): Example[] {
  return JSON.parse(
    readFileSync(new URL(`../../../test/fixtures/tcb/${path}.json`, import.meta.url), 'utf8'),
  ) as Example[];
}

const lit = (value: string | number | boolean | null) => ({ type: 'literal', value });

function rejection(query: string): TcbRejection {
  try {
    parseQuery(query);
  } catch (error) {
    if (error instanceof TcbRejection) return error;
    throw error;
  }
  throw new Error(`accepted: ${query}`);
}

describe('parseQuery', () => {
  it('parses every documented tcb query example', () => {
    const all = [
      'databasequery',
      'databaseadd',
      'databaseupdate',
      'databasedelete',
      'databasecount',
      'databaseaggregate',
    ].flatMap(examples);
    expect(all.length).toBe(9);
    for (const example of all)
      expect(parseQuery(example.request_body.query ?? '').collection).toMatch(/^(geo|test_collection)$/);
  });

  it('reads the chain in source order with its arguments', () => {
    expect(parseQuery('db.collection("geo").where({done:true}).limit(10).skip(1).get()')).toEqual({
      collection: 'geo',
      calls: [
        { method: 'where', args: [{ type: 'object', entries: [['done', lit(true)]] }] },
        { method: 'limit', args: [lit(10)] },
        { method: 'skip', args: [lit(1)] },
        { method: 'get', args: [] },
      ],
    });
  });

  it('accepts single quotes and whitespace as the WxJava form writes them', () => {
    const ast = parseQuery(
      "db.collection('c').where({a: 'x'}).orderBy('f', 'desc').skip(0).limit(100).get()",
    );
    expect(ast.calls[1]).toEqual({ method: 'orderBy', args: [lit('f'), lit('desc')] });
  });

  it('parses dates in both documented forms to the same instant', () => {
    const a = parseQuery('db.collection("x").where({d:new Date("2019-09-09")}).get()');
    const b = parseQuery(`db.collection("x").where({d:new Date(${Date.UTC(2019, 8, 9)})}).get()`);
    expect(a).toEqual(b);
    expect(a.calls[0]?.args[0]).toEqual({
      type: 'object',
      entries: [['d', { type: 'date', ms: Date.UTC(2019, 8, 9) }]],
    });
  });

  it('parses db.RegExp, geo points, negative numbers and escaped strings', () => {
    const ast = parseQuery(
      'db.collection("x").add({data:{r:1,p:new db.Geo.Point(113, -23.5),s:"a\\"b\\\\c\\u0041"}})',
    );
    const data = ast.calls[0]?.args[0];
    expect(data).toEqual({
      type: 'object',
      entries: [
        [
          'data',
          {
            type: 'object',
            entries: [
              ['r', lit(1)],
              ['p', { type: 'geoPoint', longitude: 113, latitude: -23.5 }],
              ['s', lit('a"b\\cA')],
            ],
          },
        ],
      ],
    });
    const re = parseQuery('db.collection("x").where({n:db.RegExp({regexp:"^a.c",options:"i"})}).get()');
    expect(re.calls[0]?.args[0]).toEqual({
      type: 'object',
      entries: [['n', { type: 'regexp', pattern: '^a.c', options: 'i' }]],
    });
  });

  it('parses _ and db.command operators alike, and $ / db.command.aggregate accumulators alike', () => {
    const short = parseQuery('db.collection("x").where({a:_.gt(1),b:_.in([1,2])}).get()');
    const long = parseQuery('db.collection("x").where({a:db.command.gt(1),b:db.command.in([1,2])}).get()');
    expect(short).toEqual(long);
    const acc = parseQuery('db.collection("x").aggregate().group({_id:"$k",n:$.sum(1)}).end()');
    const accLong = parseQuery(
      'db.collection("x").aggregate().group({_id:"$k",n:db.command.aggregate.sum(1)}).end()',
    );
    expect(acc).toEqual(accLong);
    expect(acc.calls[1]?.args[0]).toEqual({
      type: 'object',
      entries: [
        ['_id', lit('$k')],
        ['n', { type: 'accumulator', name: 'sum', args: [lit(1)] }],
      ],
    });
  });

  it.each([
    ['an unknown method', 'db.collection("x").where({}).drop()', /unsupported method "drop"/],
    ['an unknown command', 'db.collection("x").where({a:_.where("1")}).get()', /unsupported command "where"/],
    [
      'an unknown accumulator',
      'db.collection("x").aggregate().group({_id:null,a:$.push("$a")}).end()',
      /unsupported accumulator/,
    ],
    ['a comment', 'db.collection("x").get()//', /unexpected character "\/"/],
    ['a function expression', 'db.collection("x").where({a:function(){}}).get()', /unknown name "function"/],
    ['an arrow function', 'db.collection("x").where({a:()=>1}).get()', /unexpected/],
    [
      'a second statement',
      'db.collection("x").get(); db.collection("y").remove()',
      /unexpected character ";"/,
    ],
    ['an unterminated string', 'db.collection("x).get()', /unterminated string/],
    ['another root object', 'process.exit()', /expected "db"/],
    ['a computed member', 'db.collection("x")["remove"]()', /expected "\."/],
    ['a duplicate key', 'db.collection("x").where({a:1,a:2}).get()', /duplicate or reserved key/],
    ['a __proto__ key', 'db.collection("x").where({__proto__:1}).get()', /duplicate or reserved key/],
    [
      'a bad RegExp option',
      'db.collection("x").where({a:db.RegExp({regexp:"a",options:"g"})}).get()',
      /options/,
    ],
    [
      'an invalid pattern',
      'db.collection("x").where({a:db.RegExp({regexp:"(",options:""})}).get()',
      /not a valid regular expression/,
    ],
    ['an invalid date', 'db.collection("x").where({a:new Date("never")}).get()', /invalid date/],
    ['template literals', 'db.collection(`x`).get()', /unexpected character "`"/],
    [
      'deep nesting',
      `db.collection("x").where(${'{a:'.repeat(80)}1${'}'.repeat(80)}).get()`,
      /nested too deeply/,
    ],
  ])('rejects %s with the bad-query errcode', (_name, query, message) => {
    const error = rejection(query);
    expect(error.errcode).toBe(-501007);
    expect(error.message).toMatch(message);
  });
});
