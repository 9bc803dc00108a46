import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../plugins/metrics.js';
import type { ServerDeps } from '../../server-deps.types.js';
import { createJsSdkLane } from './jssdk-lane.js';

const TICKET = 'sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg';
const metrics = createMetrics({ defaultMetrics: false });
let held: string | undefined = TICKET;
const app = (type: string, appid: string) => ({
  config: { type, appid },
  tickets: { peek: () => held },
});
const deps = {
  apps: { oa: app('official-account', 'wxoa000000000001'), mp: app('mini-program', 'wxmp000000000001') },
  metrics,
} as unknown as Pick<ServerDeps, 'apps' | 'metrics'>;
const lane = createJsSdkLane(deps);

function call(url: string, method = 'GET') {
  const written: { status?: number; headers?: Record<string, unknown>; body?: string } = {};
  const res = {
    writeHead: (status: number, headers: Record<string, unknown>) =>
      Object.assign(written, { status, headers }),
    end: (body: string) => Object.assign(written, { body }),
  } as unknown as ServerResponse;
  const taken = lane({ method, url, headers: {}, rawHeaders: [] } as unknown as IncomingMessage, res);
  return { taken, ...written };
}

const q = (url: string) => `/jssdk/config?url=${encodeURIComponent(url)}`;

describe('the JS-SDK lane', () => {
  it('answers a plain request with the envelope, signed over the page URL without its fragment', async () => {
    const page = 'https://shop.example.com/item?id=7&q=%E4%BD%A0';
    const answer = call(q(`${page}#top`));
    expect(answer.taken).toBe(true);
    expect(answer.status).toBe(200);
    expect(answer.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(answer.body!),
      'x-request-id': expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    const body = JSON.parse(answer.body!) as { code: number; message: string; data: Record<string, string> };
    expect(body).toMatchObject({ code: 0, message: 'ok', data: { appId: 'wxoa000000000001' } });
    const { nonceStr, timestamp, signature } = body.data;
    const string1 = `jsapi_ticket=${TICKET}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${page}`;
    expect(signature).toBe(createHash('sha1').update(string1).digest('hex'));
    expect(await metrics.registry.metrics()).toMatch(
      /wegate_http_request_duration_seconds_count\{method="GET",route="\/jssdk\/config",status="200"\} 1/,
    );
  });

  it.each([
    ['a POST', q('https://a.example.com/'), 'POST'],
    ['a relative url (origin from proxy headers)', q('/h5/page'), 'GET'],
    ['no url (Referer fallback)', '/jssdk/config?app=oa', 'GET'],
    ['an unknown parameter', `${q('https://a.example.com/')}&x=1`, 'GET'],
    ['a repeated url', `${q('https://a.example.com/')}&url=b`, 'GET'],
    ['a malformed app name', `${q('https://a.example.com/')}&app=OA!`, 'GET'],
    ['an unknown app', `${q('https://a.example.com/')}&app=shop`, 'GET'],
    ['a Mini Program', `${q('https://a.example.com/')}&app=mp`, 'GET'],
    ['a url with whitespace', q('https://a.example.com/a b'), 'GET'],
    ['another path', '/jssdk/configx?url=https%3A%2F%2Fa.example.com%2F', 'GET'],
    ['a malformed escape', '/jssdk/config?url=https%3A%2F%2Fa.example.com%2F%E4%BD', 'GET'],
    ['a space written as +', '/jssdk/config?url=https%3A%2F%2Fa.example.com%2Fa+b', 'GET'],
    ['an encoded parameter name', `${q('https://a.example.com/')}&%61pp=oa`, 'GET'],
  ])('leaves %s to the Fastify route, untouched', (_name, url, method) => {
    expect(call(url, method)).toEqual({ taken: false });
  });

  it('leaves the request to the Fastify route while the ticket is still to be fetched', () => {
    held = undefined;
    try {
      expect(call(q('https://a.example.com/'))).toEqual({ taken: false });
    } finally {
      held = TICKET;
    }
  });
});
