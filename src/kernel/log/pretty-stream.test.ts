import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.js';
import { formatLogLine } from './pretty-stream.js';

function prettyLogger(): { logger: ReturnType<typeof createLogger>; lines: string[] } {
  const lines: string[] = [];
  const destination = { write: (text: string) => void lines.push(text) };
  return { logger: createLogger({ format: 'pretty', destination }), lines };
}

describe('pretty log lines', () => {
  it('writes one line an entry: time, level, message and the fields', () => {
    const { logger, lines } = prettyLogger();
    logger.info({ url: 'http://127.0.0.1:8080', sandbox: true }, 'wegate listening');
    logger.warn({ app: 'oa', attempt: 2 }, 'token refresh retried');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} INFO  wegate listening url=http:\/\/127\.0\.0\.1:8080 sandbox=true\n$/,
    );
    expect(lines[1]).toMatch(/ WARN  token refresh retried app=oa attempt=2\n$/);
  });

  it('keeps secrets redacted, at the top level, nested and in URLs', () => {
    const { logger, lines } = prettyLogger();
    logger.info(
      {
        secret: 'top-secret-1',
        app: { aesKey: 'nested-secret-2' },
        url: '/cgi-bin/x?access_token=tok-secret-3',
      },
      'configured',
    );
    const [line] = lines;
    for (const secret of ['top-secret-1', 'nested-secret-2', 'tok-secret-3'])
      expect(line).not.toContain(secret);
    expect(line).toContain('secret=[redacted]');
  });

  it('shows an error by its type, code and message on the same line', () => {
    const { logger, lines } = prettyLogger();
    const err = Object.assign(new Error('errcode 40001: invalid credential'), { code: 'WECHAT_API' });
    logger.error({ err }, 'call failed');
    expect(lines[0]).toContain('ERROR call failed Error(WECHAT_API): errcode 40001: invalid credential');
    expect(lines[0]?.split('\n')).toHaveLength(2);
  });

  it('shortens long values and counts fields it leaves out', () => {
    const entry = { level: 30, time: 0, msg: 'm', a: 'x'.repeat(200), b: 1, c: 2, d: 3, e: 4, f: 5, g: 6 };
    const line = formatLogLine(JSON.stringify(entry));
    expect(line).toMatch(/^00:00:00\.000 INFO  m a=x{79}… b=1 c=2 d=3 e=4 f=5 \(\+1\)\n$/);
  });

  it('passes a line that is not JSON through unchanged', () => {
    expect(formatLogLine('plain text')).toBe('plain text\n');
  });
});

describe('json log lines', () => {
  it('stay one JSON object a line when json is asked for', () => {
    const lines: string[] = [];
    const logger = createLogger({
      format: 'json',
      destination: { write: (t: string) => void lines.push(t) },
    });
    logger.info({ token: 'tok-secret' }, 'hello');
    const entry = JSON.parse(lines[0] ?? '') as Record<string, unknown>;
    expect(entry).toMatchObject({ msg: 'hello', token: '[redacted]', level: 30 });
  });
});
