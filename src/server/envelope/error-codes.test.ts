import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DecryptError,
  ParseError,
  PayApiError,
  Problem,
  SignatureError,
  WeChatApiError,
  WeChatError,
  WeChatHttpError,
} from '../../kernel/errors/index.js';
import { ApiProblem, CLASS_CODE_PROBLEMS, ErrorCodes, isApiProblem, problemFromError } from './index.js';

const DOC = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');

/** Rows of the first Markdown table under the `## heading`, as arrays of trimmed cells. */
function tableUnder(heading: string): string[][] {
  const section = DOC.split(/^## /m).find((s) => s.startsWith(heading));
  if (!section) throw new Error(`docs/errors.md has no "## ${heading}" section`);
  const lines = section.split('\n').filter((l) => l.startsWith('|'));
  return lines.slice(2).map((l) =>
    l
      .slice(1, -1)
      .split('|')
      .map((c) => c.trim()),
  );
}

const sorted = (rows: string[]) => [...rows].sort();

describe('docs/errors.md matches the code', () => {
  it('lists exactly the envelope codes, names and statuses of ErrorCodes', () => {
    const documented = tableUnder('Envelope error codes').map(
      ([code, name, status]) => `${code} ${name} ${status}`,
    );
    const actual = Object.entries(ErrorCodes).map(([name, e]) => `${e.code} ${name} ${e.status}`);
    expect(sorted(documented)).toEqual(sorted(actual));
  });

  it('lists exactly the class codes of CLASS_CODE_PROBLEMS and the entry each maps to', () => {
    const documented = tableUnder('Error classes').map(([code, , name]) => `${code} ${name}`);
    const actual = Object.entries(CLASS_CODE_PROBLEMS).map(([code, name]) => `${code} ${name}`);
    expect(sorted(documented)).toEqual(sorted(actual));
  });

  it("maps every class code raised anywhere in src/ (super('WEGATE_…')) to a catalogue entry", () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const raised = new Set<string>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
          for (const m of readFileSync(path, 'utf8').matchAll(/super\(\s*'(WEGATE_[A-Z0-9_]+)'/g))
            raised.add(m[1]!);
        }
      }
    };
    walk(root);
    expect(raised.size).toBeGreaterThan(5);
    const unmapped = [...raised].filter((code) => !(code in CLASS_CODE_PROBLEMS));
    expect(unmapped).toEqual([]);
  });
});

describe('ErrorCodes', () => {
  it('has unique non-zero codes whose leading digits are their HTTP status', () => {
    const codes = Object.values(ErrorCodes).map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const e of Object.values(ErrorCodes)) {
      expect(e.code).not.toBe(0);
      expect(Math.floor(e.code / 10)).toBe(e.status);
    }
  });

  it('maps every class code of the built-in error classes to an existing entry', () => {
    const errors: WeChatError[] = [
      new ApiProblem('NotFound'),
      new WeChatApiError(40001, 'invalid credential', '/cgi-bin/menu/get'),
      new WeChatHttpError('socket hang up', '/cgi-bin/token'),
      new SignatureError('bad'),
      new DecryptError('bad'),
      new ParseError('bad'),
      new ConfigError('X', 'bad'),
      new PayApiError(400, 'PARAM_ERROR', 'bad'),
    ];
    for (const e of errors) {
      const name = (CLASS_CODE_PROBLEMS as Record<string, keyof typeof ErrorCodes>)[e.code];
      expect(name, e.code).toBeDefined();
      expect(ErrorCodes[name as keyof typeof ErrorCodes]).toBeDefined();
    }
  });
});

describe('ApiProblem', () => {
  it('carries its catalogue entry, message, details and cause', () => {
    const cause = new Error('row missing');
    const p = new ApiProblem('NotFound', 'message 42 not found', { cause, details: { id: '42' } });
    expect(p).toBeInstanceOf(WeChatError);
    expect(isApiProblem(p)).toBe(true);
    expect(isApiProblem(new ParseError('x'))).toBe(false);
    expect(p).toMatchObject({
      problem: 'NotFound',
      status: 404,
      apiCode: 4040,
      code: 'WEGATE_API_PROBLEM',
      cause,
    });
    expect(problemFromError(p)).toEqual({
      status: 404,
      body: { code: 4040, message: 'message 42 not found', data: { id: '42' } },
    });
  });

  it('answers an entry of the caller’s own, and refuses a code that is not its status times ten plus one digit', () => {
    const outOfStock = { code: 4091, status: 409, message: 'out of stock' };
    expect(problemFromError(new ApiProblem(outOfStock, undefined, { details: { productId: 'p1' } }))).toEqual(
      {
        status: 409,
        body: { code: 4091, message: 'out of stock', data: { productId: 'p1' } },
      },
    );
    expect(problemFromError(new ApiProblem(outOfStock, 'only 2 left')).body.message).toBe('only 2 left');
    for (const [code, status] of [
      [4191, 409],
      [409, 409],
      [40910, 409],
      [3001, 300],
      [4091.5, 409],
    ]) {
      expect(() => new ApiProblem({ code: code!, status: status!, message: 'x' })).toThrow(TypeError);
    }
  });

  it('uses the catalogue message when none is given', () => {
    expect(problemFromError(new ApiProblem('TokenExpired'))).toEqual({
      status: 401,
      body: { code: 4013, message: 'token expired' },
    });
  });
});

describe('problemFromError', () => {
  it('answers a WeChat errcode as 502 carrying errcode and errmsg', () => {
    const e = new WeChatApiError(45009, 'reach max api daily quota limit', '/cgi-bin/message/custom/send');
    expect(problemFromError(e)).toEqual({
      status: 502,
      body: {
        code: 5020,
        message: 'WeChat API error 45009',
        data: { errcode: 45009, errmsg: 'reach max api daily quota limit' },
      },
    });
  });

  it('answers a transport failure as 502 and a timeout as 504', () => {
    const refused = new WeChatHttpError('connect ECONNREFUSED', '/cgi-bin/token', undefined, {
      cause: { code: 'ECONNREFUSED' },
    });
    expect(problemFromError(refused)).toEqual({
      status: 502,
      body: { code: 5022, message: 'WeChat unreachable' },
    });
    const cause = Object.assign(new Error('Headers Timeout Error'), {
      name: 'HeadersTimeoutError',
      code: 'UND_ERR_HEADERS_TIMEOUT',
    });
    const slow = new WeChatHttpError('timed out', '/cgi-bin/token', undefined, { cause });
    expect(problemFromError(slow).status).toBe(504);
    expect(problemFromError(slow).body.code).toBe(5040);
  });

  it('answers WeChat Pay failures as 502 with the pay code', () => {
    expect(problemFromError(new PayApiError(403, 'NO_AUTH', 'no permission'))).toEqual({
      status: 502,
      body: { code: 5021, message: 'WeChat Pay error NO_AUTH', data: { status: 403, code: 'NO_AUTH' } },
    });
  });

  it('answers signature, decrypt and config errors with catalogue messages only', () => {
    expect(problemFromError(new SignatureError('expected 0f3a… got 99aa…'))).toEqual({
      status: 401,
      body: { code: 4016, message: 'signature verification failed' },
    });
    expect(problemFromError(new DecryptError('appid wx1 does not match'))).toEqual({
      status: 400,
      body: { code: 4003, message: 'decryption failed' },
    });
    expect(problemFromError(new ConfigError('WEGATE_JWT_SECRET', 'is required'))).toEqual({
      status: 500,
      body: { code: 5001, message: 'server misconfigured' },
    });
  });

  it('passes a parse error message on (it describes the caller input)', () => {
    expect(problemFromError(new ParseError('XML with DOCTYPE is not accepted'))).toEqual({
      status: 400,
      body: { code: 4002, message: 'XML with DOCTYPE is not accepted' },
    });
  });

  it('maps other wegate class codes and unknown ones', () => {
    expect(problemFromError(new WeChatError('WEGATE_TOKEN_UNAVAILABLE', 'lock busy')).status).toBe(503);
    expect(problemFromError(new WeChatError('WEGATE_SOMETHING_NEW', 'secret detail'))).toEqual({
      status: 500,
      body: { code: 5000, message: 'internal error' },
    });
  });

  it('maps fastify validation errors with their issues', () => {
    const e = Object.assign(new Error("body must have required property 'code'"), {
      statusCode: 400,
      code: 'FST_ERR_VALIDATION',
      validation: [{ instancePath: '', message: "must have required property 'code'", keyword: 'required' }],
    });
    expect(problemFromError(e)).toEqual({
      status: 400,
      body: {
        code: 4001,
        message: "body must have required property 'code'",
        data: { issues: [{ path: '', message: "must have required property 'code'" }] },
      },
    });
  });

  it.each([
    [
      { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY', message: 'Body is not valid JSON' },
      400,
      4002,
    ],
    [
      { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE', message: 'Request body is too large' },
      413,
      4130,
    ],
    [
      { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', message: 'Unsupported Media Type' },
      415,
      4150,
    ],
    [{ statusCode: 404, message: 'no route GET /nope' }, 404, 4040],
    [{ statusCode: 405, message: 'Method Not Allowed' }, 405, 4050],
    [{ statusCode: 429, message: 'Rate limit exceeded' }, 429, 4290],
    [{ statusCode: 418, message: "I'm a teapot" }, 400, 4000],
    [{ statusCode: 503, message: 'pool exhausted at db.internal' }, 503, 5030],
  ])('maps %j to %i / %i', (error, status, code) => {
    const problem = problemFromError(error);
    expect(problem.status).toBe(status);
    expect(problem.body.code).toBe(code);
  });

  it('never shows the message or stack of a 5xx or unknown error', () => {
    const leaky = [
      new Error('password=hunter2 at db'),
      Object.assign(new Error('password=hunter2'), { statusCode: 500 }),
      Object.assign(new Error('password=hunter2'), { statusCode: 503 }),
      'password=hunter2',
      null,
      { statusCode: 'x', message: 'password=hunter2' },
    ];
    for (const e of leaky) {
      const problem = problemFromError(e);
      expect(problem.status).toBeGreaterThanOrEqual(500);
      expect(JSON.stringify(problem)).not.toMatch(/hunter2|at db|\n\s+at /);
    }
    expect(problemFromError(new Error('x'))).toEqual({
      status: 500,
      body: { code: 5000, message: 'internal error' },
    });
  });
});

describe('Problem (thrown by products, by name)', () => {
  it('answers with the named entry, the thrower’s message and details, or the entry’s message', () => {
    expect(problemFromError(new Problem('TokenRevoked'))).toEqual({
      status: 401,
      body: { code: 4014, message: 'token revoked' },
    });
    const expired = new Problem('TokenExpired', 'refresh token expired', { details: { at: 1 } });
    expect(isApiProblem(expired)).toBe(false);
    expect(problemFromError(expired)).toEqual({
      status: 401,
      body: { code: 4013, message: 'refresh token expired', data: { at: 1 } },
    });
  });

  it('answers a name the envelope does not know as a generic 500', () => {
    expect(problemFromError(new Problem('NoSuchEntry', 'secret detail'))).toEqual({
      status: 500,
      body: { code: 5000, message: 'internal error' },
    });
  });

  it('knows every name a product throws (new Problem / rejected(…) with a literal name)', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const names = new Set<string>();
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
          const source = readFileSync(path, 'utf8');
          if (!/\bProblem\b/.test(source) || /ApiProblem/.test(source)) continue;
          for (const m of source.matchAll(/(?:new Problem(?:<[^>]*>)?|rejected)\(\s*'([A-Za-z]+)'/g))
            names.add(m[1]!);
        }
      }
    };
    walk(root);
    expect(names.size).toBeGreaterThanOrEqual(3);
    expect([...names].filter((name) => !(name in ErrorCodes))).toEqual([]);
  });
});
