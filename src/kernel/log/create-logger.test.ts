import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, redactPaths, redactUrl } from './create-logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, destination, records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('redacts secret-ish keys at the top level and nested, keeping other fields', () => {
    const out = capture();
    const logger = createLogger({ destination: out.destination });
    logger.info(
      {
        openid: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M',
        secret: 'S1-appsecret',
        access_token: 'S2-access-token',
        session_key: 'S3-session-key',
        user: {
          sessionKey: 'S4',
          phoneNumber: '13800138000',
          profile: { refreshToken: 'S5', nickname: 'Ann' },
        },
        app: { config: { aesKey: 'S6-aes', pay: { apiv3Key: 'S7-apiv3', password: 'S8' } } },
        headers: { authorization: 'Bearer S9-jwt', cookie: 'sid=S10' },
        ticket: { jsapi_ticket: 'S11' },
        list: [{ token: 'S12' }],
      },
      'login',
    );
    const line = out.lines.join('\n');
    for (let i = 1; i <= 12; i += 1) expect(line).not.toContain(`S${i}`);
    expect(line).not.toContain('13800138000');
    const [record] = out.records();
    expect(record).toMatchObject({
      msg: 'login',
      openid: 'o6_bmjrPTlm6_2sgVt7hMZOPfL2M',
      secret: '[redacted]',
      user: { sessionKey: '[redacted]', phoneNumber: '[redacted]', profile: { nickname: 'Ann' } },
      headers: { authorization: '[redacted]' },
    });
  });

  it('keeps redacting in child loggers and honours the level', () => {
    const out = capture();
    const logger = createLogger({ destination: out.destination, level: 'warn' });
    logger.child({ app: 'oa' }).info({ secret: 'quiet' }, 'dropped');
    logger.child({ app: 'oa' }).warn({ result: { access_token: 'T-child' } }, 'kept');
    expect(out.records()).toHaveLength(1);
    expect(out.lines[0]).not.toContain('T-child');
    expect(out.records()[0]).toMatchObject({ app: 'oa', msg: 'kept' });
  });

  it('masks credential query values in logged url and req fields', () => {
    const out = capture();
    const logger = createLogger({ destination: out.destination });
    logger.info({ url: 'https://api.weixin.qq.com/cgi-bin/menu/get?access_token=ACCESS-1' }, 'call');
    logger.info(
      { req: { method: 'GET', url: '/oauth/callback?code=CODE-2&state=s', headers: { x: 1 } } },
      'in',
    );
    expect(out.lines.join('\n')).not.toMatch(/ACCESS-1|CODE-2/);
    const [call, incoming] = out.records();
    expect(call?.url).toBe('https://api.weixin.qq.com/cgi-bin/menu/get?access_token=[redacted]');
    expect(incoming?.req).toEqual({ method: 'GET', url: '/oauth/callback?code=[redacted]&state=s' });
  });

  it('serializes errors with their stable code', () => {
    const out = capture();
    const error = Object.assign(new Error('boom'), { code: 'WEGATE_HTTP_ERROR' });
    createLogger({ destination: out.destination }).error({ err: error }, 'failed');
    expect(out.records()[0]?.err).toMatchObject({
      type: 'Error',
      message: 'boom',
      code: 'WEGATE_HTTP_ERROR',
    });
  });
});

describe('redactPaths', () => {
  it('covers a key from the top level down to five levels', () => {
    expect(redactPaths(['secret'])).toEqual([
      'secret',
      '*.secret',
      '*.*.secret',
      '*.*.*.secret',
      '*.*.*.*.secret',
    ]);
  });
});

describe('redactUrl', () => {
  it.each([
    [
      'https://api.weixin.qq.com/sns/jscode2session?appid=wx4f4bc4dec97d474b&secret=SEC&js_code=JSC&grant_type=authorization_code',
      'https://api.weixin.qq.com/sns/jscode2session?appid=wx4f4bc4dec97d474b&secret=[redacted]&js_code=[redacted]&grant_type=authorization_code',
    ],
    [
      'https://api.weixin.qq.com/sns/oauth2/refresh_token?appid=wx1&grant_type=refresh_token&refresh_token=RT#frag',
      'https://api.weixin.qq.com/sns/oauth2/refresh_token?appid=wx1&grant_type=refresh_token&refresh_token=[redacted]#frag',
    ],
    [
      '/cgi-bin/ticket/getticket?ACCESS_TOKEN=AT&type=jsapi',
      '/cgi-bin/ticket/getticket?ACCESS_TOKEN=[redacted]&type=jsapi',
    ],
    ['/sns/oauth2/access_token?code=C&appid=wx1', '/sns/oauth2/access_token?code=[redacted]&appid=wx1'],
    ['/api/items?barcode=123&postcode=456', '/api/items?barcode=123&postcode=456'],
    ['/ping', '/ping'],
  ])('masks %s', (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });
});
