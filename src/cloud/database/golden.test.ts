import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../emulator/cloud/parse-query.js';
import type { ApiClient, ApiRequest } from '../../kernel/http/api-client.types.js';
import { createCloudDatabase, type CloudDatabase } from './create-cloud-database.js';

interface Example {
  id: string;
  source: string;
  request_body: { env: string; query: string };
  response?: Record<string, unknown>;
}

const fixtures = (path: string): Example[] =>
  JSON.parse(
    readFileSync(new URL(`../../../test/fixtures/tcb/${path}.json`, import.meta.url), 'utf8'),
  ) as Example[];
const example = (path: string, id: string): Example => {
  const found = fixtures(path).find((e) => e.id === id);
  if (!found) throw new Error(`no fixture ${id}`);
  return found;
};

/** Whitespace outside string literals removed (quotes of either kind; escapes kept). */
function stripWhitespace(query: string): string {
  return query.replace(
    /("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|\s+/g,
    (_m, literal: string | undefined) => literal ?? '',
  );
}

interface Sent {
  path: string;
  body: { env: string; query: string };
  retry: boolean | undefined;
}

function recordingApi(answer: Record<string, unknown>): { api: ApiClient; sent: Sent[] } {
  const sent: Sent[] = [];
  const request = async <T>(req: ApiRequest): Promise<T> => {
    sent.push({ path: req.path, body: req.body as Sent['body'], retry: req.retry });
    return answer as T;
  };
  const api: ApiClient = {
    request,
    get: (path, query, opts) => request({ method: 'GET', path, query, ...opts }),
    post: (path, body, opts) => request({ method: 'POST', path, body, ...opts }),
    close: async () => undefined,
  };
  return { api, sent };
}

async function sentFor(
  path: string,
  id: string,
  call: (db: CloudDatabase) => Promise<unknown>,
): Promise<{ ex: Example; sent: Sent }> {
  const ex = example(path, id);
  const { api, sent } = recordingApi(
    ex.response ?? { errcode: 0, errmsg: 'ok', matched: 0, modified: 0, id: '' },
  );
  await call(createCloudDatabase({ env: ex.request_body.env }, { api }));
  expect(sent).toHaveLength(1);
  return { ex, sent: sent[0] as Sent };
}

const CASES: Array<[string, string, string, (db: CloudDatabase) => Promise<unknown>, boolean]> = [
  [
    'databasequery',
    'tcb-databasequery',
    '/tcb/databasequery',
    (db) => db.collection('geo').where({ done: true }).limit(10).skip(1).get(),
    true,
  ],
  [
    'databaseupdate',
    'tcb-databaseupdate-collection',
    '/tcb/databaseupdate',
    (db) =>
      db
        .collection('geo')
        .where({ age: 14 })
        .update({ age: db.command.inc(1) }),
    false,
  ],
  [
    'databaseupdate',
    'tcb-databaseupdate-doc',
    '/tcb/databaseupdate',
    (db) => db.collection('geo').doc('56abd6d5-9daf-4fc7-af05-eca13933f1aa').update({ age: 10 }),
    false,
  ],
  [
    'databaseupdate',
    'tcb-databaseupdate-set',
    '/tcb/databaseupdate',
    (db) =>
      db
        .collection('geo')
        .doc('be62d9c4-43ec-4dc6-8ca1-30b206eeed24')
        .set({ description: 'set', done: true }),
    false,
  ],
  [
    'databasedelete',
    'tcb-databasedelete-collection',
    '/tcb/databasedelete',
    (db) => db.collection('geo').where({ done: false }).remove(),
    false,
  ],
  [
    'databasedelete',
    'tcb-databasedelete-doc',
    '/tcb/databasedelete',
    (db) => db.collection('geo').doc('be62d9c4-43ec-4dc6-8ca1-30b206eeed24').remove(),
    false,
  ],
  [
    'databasecount',
    'tcb-databasecount',
    '/tcb/databasecount',
    (db) => db.collection('geo').where({ done: true }).count(),
    true,
  ],
  [
    'databaseaggregate',
    'tcb-databaseaggregate',
    '/tcb/databaseaggregate',
    (db) => db.collection('test_collection').aggregate().match({ tags: 'cloud' }).limit(10).end(),
    true,
  ],
];

describe('golden: builder output against the documented tcb queries', () => {
  it.each(CASES)(
    '%s %s: same query once whitespace is removed, same tree in the emulator',
    async (path, id, wechatPath, call, retry) => {
      const { ex, sent } = await sentFor(path, id, call);
      expect(sent.path).toBe(wechatPath);
      expect(sent.body.env).toBe(ex.request_body.env);
      expect(stripWhitespace(sent.body.query)).toBe(stripWhitespace(ex.request_body.query));
      expect(parseQuery(sent.body.query)).toEqual(parseQuery(ex.request_body.query));
      // Reads may be retried by the client; writes never are.
      expect(sent.retry).toBe(retry);
    },
  );

  it('strips whitespace only outside string literals', () => {
    expect(stripWhitespace('db.collection("a b") .where({ x : "c  d" })')).toBe(
      'db.collection("a b").where({x:"c  d"})',
    );
  });

  it('decodes the documented databasequery answer: JSON-string records and the pager', async () => {
    const { api } = recordingApi(example('databasequery', 'tcb-databasequery').response ?? {});
    const result = await createCloudDatabase({ env: 'e' }, { api })
      .collection<{ done: boolean; name: string }>('geo')
      .get();
    expect(result).toEqual({
      pager: { Offset: 1, Limit: 10, Total: 2 },
      data: [{ _id: 'b15498af-1a5a-40b4-a4e7-b3fc4a1df482', done: true, name: 'test' }],
    });
  });

  it('decodes the documented aggregate answer, Extended JSON numbers included', async () => {
    const { api } = recordingApi(example('databaseaggregate', 'tcb-databaseaggregate').response ?? {});
    const [row] = await createCloudDatabase({ env: 'e' }, { api })
      .collection('test_collection')
      .aggregate()
      .end();
    expect(row?.['location']).toEqual({ type: 'Point', coordinates: [113, 23] });
  });

  it('returns the documented add, count, update and delete answers with their wire names', async () => {
    const answers = {
      add: example('databaseadd', 'tcb-databaseadd').response ?? {},
      count: example('databasecount', 'tcb-databasecount').response ?? {},
      del: example('databasedelete', 'tcb-databasedelete-collection').response ?? {},
    };
    const db = (answer: Record<string, unknown>) =>
      createCloudDatabase({ env: 'e' }, { api: recordingApi(answer).api });
    expect(
      await db(answers.add)
        .collection('geo')
        .add([{ a: 1 }, { a: 2 }]),
    ).toMatchObject({
      id_list: ['be62d9c4-43ec-4dc6-8ca1-30b206eeed24', '0f4b8add5cdd728a003bf5c83ed99dff'],
    });
    expect(await db(answers.count).collection('geo').count()).toBe(3);
    expect(await db(answers.del).collection('geo').where({ done: false }).remove()).toMatchObject({
      deleted: 2,
    });
  });
});
