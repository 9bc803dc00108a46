/** @module problemFromError(): any thrown value → the envelope's HTTP status and `{code, message, data?}`. */
import {
  isApiProblem,
  isProblem,
  isWeChatError,
  type PayApiError,
  type Problem,
  type WeChatApiError,
  type WeChatError,
} from '../../kernel/errors/index.js';
import { CLASS_CODE_PROBLEMS, ErrorCodes, type ErrorCodeName } from './error-codes.js';

/** What the server answers for an error: the HTTP status and the envelope body. */
export interface ProblemAnswer {
  readonly status: number;
  readonly body: { code: number; message: string; data?: unknown };
}

function answer(name: ErrorCodeName, message?: string, data?: unknown): ProblemAnswer {
  const entry = ErrorCodes[name];
  const body = { code: entry.code, message: message ?? entry.message };
  return { status: entry.status, body: data === undefined ? body : { ...body, data } };
}

const isErrorCodeName = (name: unknown): name is ErrorCodeName =>
  typeof name === 'string' && Object.hasOwn(ErrorCodes, name);

/** A Problem thrown by a product names an entry; a name the envelope does not know is our bug (500). */
function fromProblem(e: Problem<unknown>): ProblemAnswer {
  if (isApiProblem(e)) {
    const body = { code: e.apiCode, message: e.message };
    return { status: e.status, body: e.details === undefined ? body : { ...body, data: e.details } };
  }
  if (!isErrorCodeName(e.problem)) return answer('Internal');
  return answer(e.problem, e.callerMessage, e.details);
}

function isTimeout(e: unknown, depth = 0): boolean {
  if (typeof e !== 'object' || e === null || depth > 5) return false;
  const { name, code, cause } = e as { name?: unknown; code?: unknown; cause?: unknown };
  if (/timeout/i.test(String(name)) || /TIMEOUT/.test(String(code))) return true;
  return isTimeout(cause, depth + 1);
}

// Only the caller's own input is echoed (ParseError); other class messages may describe our secrets' use.
function fromWeChatError(e: WeChatError): ProblemAnswer {
  switch (e.code) {
    case 'WEGATE_API_ERRCODE': {
      const { errcode, errmsg } = e as WeChatApiError;
      return answer('WeChatErrcode', `WeChat API error ${errcode}`, { errcode, errmsg });
    }
    case 'WEGATE_HTTP_ERROR':
      return answer(isTimeout(e) ? 'WeChatTimeout' : 'WeChatUnreachable');
    case 'WEGATE_PAY_API_ERROR': {
      const { status, payCode } = e as PayApiError;
      return answer('WeChatPayFailed', `WeChat Pay error ${payCode}`, { status, code: payCode });
    }
    case 'WEGATE_PARSE_FAILED':
      return answer('ParseFailed', e.message);
    default: {
      const name = (CLASS_CODE_PROBLEMS as Record<string, ErrorCodeName>)[e.code] ?? 'Internal';
      return answer(name);
    }
  }
}

const STATUS_PROBLEMS: Readonly<Record<number, ErrorCodeName>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  429: 'RateLimited',
  503: 'ServiceUnavailable',
  504: 'WeChatTimeout',
};

interface HttpErrorLike {
  statusCode: number;
  code?: unknown;
  message?: unknown;
  validation?: unknown;
}

function isHttpErrorLike(e: unknown): e is HttpErrorLike {
  const status = (e as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && Number.isInteger(status) && status >= 400 && status <= 599;
}

/** Fastify's own errors (validation, body parsing, limits) and any `{statusCode}` error. */
function fromHttpError(e: HttpErrorLike): ProblemAnswer {
  if (e.statusCode >= 500) return answer(STATUS_PROBLEMS[e.statusCode] ?? 'Internal');
  const message = typeof e.message === 'string' && e.message !== '' ? e.message : undefined;
  if (Array.isArray(e.validation)) {
    const issues = (e.validation as { instancePath?: unknown; message?: unknown }[]).map((v) => ({
      path: typeof v.instancePath === 'string' ? v.instancePath : '',
      message: typeof v.message === 'string' ? v.message : 'invalid',
    }));
    return answer('ValidationFailed', message, { issues });
  }
  if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return answer('ParseFailed', message);
  }
  return answer(STATUS_PROBLEMS[e.statusCode] ?? 'BadRequest', message);
}

/** Map any thrown value to our envelope; unknown errors become a generic 500 (no message, no stack). */
export function problemFromError(e: unknown): ProblemAnswer {
  if (isProblem(e)) return fromProblem(e);
  if (isWeChatError(e)) return fromWeChatError(e);
  if (isHttpErrorLike(e)) return fromHttpError(e);
  return answer('Internal');
}
