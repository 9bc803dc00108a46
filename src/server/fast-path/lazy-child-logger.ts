/** @module Request loggers for the callback routes that build their pino child only when a line is written. */
import type { FastifyBaseLogger } from 'fastify';

type LevelName = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
type LogFn = (...args: unknown[]) => void;
type Bindings = Record<string, unknown>;
type ChildOptions = Record<string, unknown> & { level?: string };

const DEFAULT_VALUES: Readonly<Record<string, number>> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Infinity,
};

function levelValue(parent: FastifyBaseLogger, level: string): number {
  const values = (parent as unknown as { levels?: { values?: Record<string, number> } }).levels?.values;
  return values?.[level] ?? DEFAULT_VALUES[level] ?? DEFAULT_VALUES.info!;
}

/**
 * Stands in for `parent.child(bindings, options)`: a pino child with redaction and its own level
 * costs several microseconds per request, and on the callback path almost no request logs a line.
 * Calls below the level return at once; the first call at or above it builds the real child
 * (same bindings, redaction and serializers) and every later call goes to it.
 */
export class LazyChildLogger {
  private real: FastifyBaseLogger | undefined;
  private readonly threshold: number;
  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: ChildOptions,
  ) {
    this.threshold = levelValue(parent, options.level ?? parent.level);
  }

  get level(): string {
    return this.real?.level ?? this.options.level ?? this.parent.level;
  }

  set level(level: string) {
    this.materialize().level = level;
  }

  /** True when this logger would write a line at `level`. */
  isLevelEnabled(level: string): boolean {
    const value = levelValue(this.parent, level);
    return value >= (this.real ? levelValue(this.parent, this.real.level) : this.threshold);
  }

  child(bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    return this.materialize().child(bindings, options);
  }

  fatal(...args: unknown[]): void {
    this.write('fatal', 60, args);
  }
  error(...args: unknown[]): void {
    this.write('error', 50, args);
  }
  warn(...args: unknown[]): void {
    this.write('warn', 40, args);
  }
  info(...args: unknown[]): void {
    this.write('info', 30, args);
  }
  debug(...args: unknown[]): void {
    this.write('debug', 20, args);
  }
  trace(...args: unknown[]): void {
    this.write('trace', 10, args);
  }
  silent(): void {}

  private write(level: LevelName, value: number, args: unknown[]): void {
    if (this.real === undefined && value < this.threshold) return;
    (this.materialize()[level] as LogFn).apply(this.real, args);
  }

  private materialize(): FastifyBaseLogger {
    this.real ??= this.parent.child(this.bindings, this.options);
    return this.real;
  }
}

/** A child logger factory for `scope.setChildLoggerFactory`, producing LazyChildLogger instances. */
export function lazyChildLoggerFactory(
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: object,
): FastifyBaseLogger {
  return new LazyChildLogger(logger, bindings, options as ChildOptions) as unknown as FastifyBaseLogger;
}
