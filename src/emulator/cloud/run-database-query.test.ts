import { beforeEach, describe, expect, it } from 'vitest';
import { createCloudBook, type CloudBook } from './cloud-book.js';
import type { OperationKind } from './plan-query.js';
import { runDatabaseQuery } from './run-database-query.js';
import { TcbRejection } from './tcb-rejection.js';

const APPID = 'wxcloudtest0000mp';
const ENV = 'test-env-1a2b3c';

describe('runDatabaseQuery', () => {
  let store: CloudBook;
  const run = (kind: OperationKind | OperationKind[], query: string) =>
    runDatabaseQuery(store, { appid: APPID, body: { env: ENV, query } }, kind) as Record<string, unknown>;
  const docs = (query: string) =>
    (run('get', query)['data'] as string[]).map((s) => JSON.parse(s) as Record<string, unknown>);
  const names = (where: string) =>
    docs(`db.collection("p").where(${where}).orderBy("name","asc").limit(100).get()`).map((d) => d['name']);
  const errcodeOf = (kind: OperationKind, query: string) => {
    try {
      run(kind, query);
    } catch (error) {
      if (error instanceof TcbRejection) return error.errcode;
      throw error;
    }
    return 0;
  };

  beforeEach(() => {
    store = createCloudBook([{ env: ENV, appid: APPID }]);
    store.env(ENV, APPID).collections.set('p', new Map());
    run(
      'add',
      `db.collection("p").add({data:[
        {_id:"a",name:"ann",age:30,tags:["x","y"],born:new Date("1990-01-01"),pets:[{kind:"cat",n:2}],addr:{city:"gz"}},
        {_id:"b",name:"bob",age:20,tags:["y"],born:new Date("2000-01-01"),pets:[{kind:"dog",n:1}],addr:{city:"sz"}},
        {_id:"c",name:"cid",age:40,tags:[],nick:null}
      ]})`,
    );
  });

  it('matches plain values, array membership and nested objects', () => {
    expect(names('{age:30}')).toEqual(['ann']);
    expect(names('{tags:"y"}')).toEqual(['ann', 'bob']);
    expect(names('{addr:{city:"sz"}}')).toEqual(['bob']);
    expect(names('{"addr.city":"gz"}')).toEqual(['ann']);
  });

  it.each([
    ['eq', '{age:_.eq(20)}', ['bob']],
    ['neq', '{age:_.neq(20)}', ['ann', 'cid']],
    ['lt', '{age:_.lt(30)}', ['bob']],
    ['lte', '{age:_.lte(30)}', ['ann', 'bob']],
    ['gt', '{age:_.gt(30)}', ['cid']],
    ['gte', '{age:_.gte(30)}', ['ann', 'cid']],
    ['gt on dates', '{born:_.gt(new Date("1995-01-01"))}', ['bob']],
    ['in', '{name:_.in(["ann","cid","zed"])}', ['ann', 'cid']],
    ['nin', '{name:_.nin(["ann"])}', ['bob', 'cid']],
    ['field and', '{age:_.and([_.gt(10),_.lt(35)])}', ['ann', 'bob']],
    ['field or', '{age:_.or(_.lt(25),_.gt(35))}', ['bob', 'cid']],
    ['top-level and', '_.and([{tags:"y"},{age:_.gt(25)}])', ['ann']],
    ['top-level or', '_.or([{name:"bob"},{age:40}])', ['bob', 'cid']],
    ['exists true', '{nick:_.exists(true)}', ['cid']],
    ['exists false', '{addr:_.exists(false)}', ['cid']],
    ['elemMatch', '{pets:_.elemMatch({kind:"cat",n:_.gte(2)})}', ['ann']],
    ['regexp', '{name:db.RegExp({regexp:"^B",options:"i"})}', ['bob']],
  ])('evaluates %s', (_name, where, expected) => {
    expect(names(where)).toEqual(expected);
  });

  it('orders, skips, limits and projects, with the pager the API reports', () => {
    const page = run(
      'get',
      'db.collection("p").where({}).orderBy("age","desc").skip(1).limit(1).field({name:true}).get()',
    );
    expect(page['pager']).toEqual({ Offset: 1, Limit: 1, Total: 3 });
    expect((page['data'] as string[]).map((s) => JSON.parse(s))).toEqual([{ _id: 'a', name: 'ann' }]);
  });

  it('defaults to 10 documents and never returns more than 1000', () => {
    for (let i = 0; i < 12; i += 1) run('add', `db.collection("p").add({data:{i:${i}}})`);
    expect(run('get', 'db.collection("p").get()')['pager']).toEqual({ Offset: 0, Limit: 10, Total: 15 });
    expect(run('get', 'db.collection("p").limit(5000).get()')['pager']).toEqual({
      Offset: 0,
      Limit: 1000,
      Total: 15,
    });
  });

  it('encodes dates as Extended JSON and gives added documents 32-hex ids without _openid', () => {
    expect(docs('db.collection("p").doc("a").get()')[0]?.['born']).toEqual({
      $date: '1990-01-01T00:00:00.000Z',
    });
    const { id_list } = run('add', 'db.collection("p").add({data:{name:"dan"}})') as { id_list: string[] };
    expect(id_list[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(docs(`db.collection("p").doc("${id_list[0]}").get()`)).toEqual([{ _id: id_list[0], name: 'dan' }]);
  });

  it('applies set, inc, mul, remove, push and pull and reports matched/modified', () => {
    const result = run(
      'update',
      'db.collection("p").where({name:"ann"}).update({data:{age:_.inc(2),score:_.mul(3),addr:_.set({zip:"510"}),nick:_.remove(),tags:_.push(["z"]),pets:_.pull({kind:"cat",n:2})}})',
    );
    expect(result).toEqual({ matched: 1, modified: 1, id: '' });
    expect(docs('db.collection("p").doc("a").get()')[0]).toMatchObject({
      age: 32,
      score: 0,
      addr: { zip: '510' },
      tags: ['x', 'y', 'z'],
      pets: [],
    });
    run('update', 'db.collection("p").where({tags:"y"}).update({data:{tags:_.pull(_.in(["y"]))}})');
    expect(names('{tags:"y"}')).toEqual([]);
  });

  it('updates nested objects field by field and counts unchanged documents as not modified', () => {
    expect(run('update', 'db.collection("p").doc("b").update({data:{addr:{zip:"518"}}})')).toMatchObject({
      matched: 1,
      modified: 1,
    });
    expect(docs('db.collection("p").doc("b").get()')[0]?.['addr']).toEqual({ city: 'sz', zip: '518' });
    expect(run('update', 'db.collection("p").doc("b").update({data:{age:20}})')).toMatchObject({
      matched: 1,
      modified: 0,
    });
  });

  it('set() replaces a document, or inserts it and reports its id', () => {
    expect(run(['update', 'set'], 'db.collection("p").doc("a").set({data:{name:"ann2"}})')).toEqual({
      matched: 1,
      modified: 1,
      id: '',
    });
    expect(docs('db.collection("p").doc("a").get()')).toEqual([{ _id: 'a', name: 'ann2' }]);
    expect(run(['update', 'set'], 'db.collection("p").doc("new").set({data:{name:"neo"}})')).toEqual({
      matched: 0,
      modified: 0,
      id: 'new',
    });
  });

  it('counts and removes what where() selects', () => {
    expect(run('count', 'db.collection("p").where({age:_.gte(30)}).count()')).toEqual({ count: 2 });
    expect(run('remove', 'db.collection("p").where({age:_.gte(30)}).remove()')).toEqual({ deleted: 2 });
    expect(run('count', 'db.collection("p").count()')).toEqual({ count: 1 });
  });

  it('runs aggregate pipelines: match, unwind, group, sort, project, skip, limit, lookup', () => {
    store.env(ENV, APPID).collections.set('o', new Map());
    run('add', 'db.collection("o").add({data:[{who:"a",amount:5},{who:"a",amount:7},{who:"b",amount:1}]})');
    const grouped = run(
      'aggregate',
      'db.collection("o").aggregate().group({_id:"$who",total:$.sum("$amount"),avg:$.avg("$amount"),lo:$.min("$amount"),hi:$.max("$amount"),f:$.first("$amount"),l:$.last("$amount"),n:$.sum(1)}).sort({total:-1}).end()',
    );
    expect((grouped['data'] as string[]).map((s) => JSON.parse(s))).toEqual([
      { _id: 'a', total: 12, avg: 6, lo: 5, hi: 7, f: 5, l: 7, n: 2 },
      { _id: 'b', total: 1, avg: 1, lo: 1, hi: 1, f: 1, l: 1, n: 1 },
    ]);
    const joined = run(
      'aggregate',
      'db.collection("p").aggregate().match({age:_.lt(35)}).lookup({from:"o",localField:"_id",foreignField:"who",as:"orders"}).unwind("$tags").project({name:1,tag:"$tags",orders:1}).sort({name:1,tag:1}).skip(1).limit(2).end()',
    );
    const rows = (joined['data'] as string[]).map((s) => JSON.parse(s) as Record<string, unknown>);
    expect(rows.map((r) => [r['name'], r['tag'], (r['orders'] as unknown[]).length])).toEqual([
      ['ann', 'y', 2],
      ['bob', 'y', 1],
    ]);
  });

  it('answers the cloud errcodes for unknown env, missing env, unknown collection and bad queries', () => {
    expect(() =>
      runDatabaseQuery(store, { appid: APPID, body: { query: 'db.collection("p").get()' } }, 'get'),
    ).toThrow(expect.objectContaining({ errcode: 40101 }));
    expect(() =>
      runDatabaseQuery(
        store,
        { appid: APPID, body: { env: 'nope', query: 'db.collection("p").get()' } },
        'get',
      ),
    ).toThrow(expect.objectContaining({ errcode: -501005 }));
    expect(() =>
      runDatabaseQuery(
        store,
        { appid: 'wxother', body: { env: ENV, query: 'db.collection("p").get()' } },
        'get',
      ),
    ).toThrow(expect.objectContaining({ errcode: -501005 }));
    expect(errcodeOf('get', 'db.collection("missing").get()')).toBe(-502005);
    expect(errcodeOf('add', 'db.collection("missing").add({data:{a:1}})')).toBe(-502005);
    expect(errcodeOf('get', 'db.collection("p").remove()')).toBe(-501007);
    expect(errcodeOf('remove', 'db.collection("p").remove()')).toBe(-501007);
    expect(errcodeOf('get', 'db.collection("p").where({age:_.inc(1)}).get()')).toBe(-501007);
    expect(errcodeOf('update', 'db.collection("p").where({}).update({data:{age:_.gt(1)}})')).toBe(-501007);
    expect(errcodeOf('update', 'db.collection("p").doc("a").update({data:{_id:"z"}})')).toBe(-501007);
    expect(errcodeOf('add', 'db.collection("p").add({data:{a:_.gt(1)}})')).toBe(-501007);
    expect(errcodeOf('aggregate', 'db.collection("p").aggregate().out("x").end()')).toBe(-501007);
    expect(errcodeOf('add', 'db.collection("p").add({data:[{_id:"n1"},{_id:"a"}]})')).toBe(-502001);
    expect(names('{}')).toHaveLength(3);
  });
});
