import { Writable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { LazyChildLogger } from './lazy-child-logger.js';

function parentLogger(level = 'info') {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write: (chunk: Buffer, _e, done) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const logger = pino({ level, redact: ['token', '*.token'] }, sink) as unknown as FastifyBaseLogger;
  return { logger, lines };
}

const lazy = (parent: FastifyBaseLogger, level?: string) =>
  new LazyChildLogger(parent, { reqId: 'req-1' }, level ? { level } : {});

describe('LazyChildLogger', () => {
  it('writes nothing for calls below its level', () => {
    const { logger, lines } = parentLogger('info');
    const log = lazy(logger, 'warn');
    log.info('incoming request');
    log.debug({ a: 1 }, 'details');
    expect(lines).toEqual([]);
    expect(log.level).toBe('warn');
    expect(log.isLevelEnabled('info')).toBe(false);
    expect(log.isLevelEnabled('error')).toBe(true);
  });

  it('writes at its level with the request bindings and the parent redaction', () => {
    const { logger, lines } = parentLogger('info');
    const log = lazy(logger, 'warn');
    log.warn({ token: 's3cret', app: 'oa' }, 'callback rejected');
    log.error('second');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 40, reqId: 'req-1', app: 'oa', msg: 'callback rejected' });
    expect(lines[0]?.token).toBe('[Redacted]');
    expect(lines[1]).toMatchObject({ level: 50, reqId: 'req-1', msg: 'second' });
  });

  it('inherits the parent level when none is given, and follows a level set later', () => {
    const { logger, lines } = parentLogger('info');
    const log = lazy(logger);
    log.info('kept');
    log.debug('dropped');
    log.level = 'debug';
    log.debug('now kept');
    expect(lines.map((l) => l.msg)).toEqual(['kept', 'now kept']);
    expect(log.isLevelEnabled('debug')).toBe(true);
  });

  it('gives children both its bindings and theirs', () => {
    const { logger, lines } = parentLogger('info');
    const log = new LazyChildLogger(logger, { reqId: 'req-2' }, {});
    log.child({ app: 'mp' }).info({ session: { token: 'x' } }, 'from a handler');
    expect(lines[0]).toMatchObject({ reqId: 'req-2', app: 'mp', session: { token: '[Redacted]' } });
  });
});
