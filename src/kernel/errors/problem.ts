/** @module Problem: a rejection meant for the caller, named without knowing how the server answers it. */
import { isWeChatError, WeChatError, type WeChatErrorOptions } from './wechat-error.js';

export interface ProblemOptions extends WeChatErrorOptions {
  /** Sent to the caller as `data`; must be safe to show. */
  details?: unknown;
}

/**
 * A rejection meant for the caller (`TokenExpired`, `NotFound`…): a product throws it by name and the
 * server maps the name to its envelope code and HTTP status (docs/errors.md). Its message, when given,
 * and its details are shown to the caller as they are.
 */
export class Problem<Name = string> extends WeChatError {
  readonly problem: Name;
  /** The message for the caller when the thrower gave one; otherwise the server's default for the name. */
  readonly callerMessage?: string;
  readonly details?: unknown;

  constructor(problem: Name, message?: string, options: ProblemOptions = {}) {
    super('WEGATE_API_PROBLEM', message ?? `problem ${String(problem)}`, options);
    this.problem = problem;
    if (message !== undefined) this.callerMessage = message;
    if (options.details !== undefined) this.details = options.details;
  }
}

/** A Problem the server has resolved to its envelope code and HTTP status (`ApiProblem`, wegate/server). */
export interface ResolvedProblem<Name = unknown> extends Problem<Name> {
  readonly status: number;
  readonly apiCode: number;
}

/** True for any Problem (ApiProblem included), from any copy of the package. */
export function isProblem(e: unknown): e is Problem<unknown> {
  return isWeChatError(e) && e.code === 'WEGATE_API_PROBLEM';
}

/** True for a Problem that carries its envelope code and status (an `ApiProblem`). */
export function isApiProblem(e: unknown): e is ResolvedProblem {
  if (!isProblem(e)) return false;
  const { status, apiCode } = e as Partial<ResolvedProblem>;
  return typeof status === 'number' && typeof apiCode === 'number';
}
