/** @module Our API envelope error codes, ApiProblem, and problemFromError() mapping any error to the envelope. */
import { isWeChatError, WeChatError, type WeChatApiError, type WeChatErrorOptions } from './wechat-error.js';
import type { PayApiError } from './wechat-error.js';

export interface ErrorCodeEntry {
  /** Stable, non-zero; listed in docs/errors.md (drift-tested). */
  readonly code: number;
  /** HTTP status answered with it. */
  readonly status: number;
  /** Default message sent to the caller. */
  readonly message: string;
}

/** Envelope codes are the HTTP status times ten plus a sequence, so 4013 reads as "a 401". */
export const ErrorCodes = {
  BadRequest: { code: 4000, status: 400, message: 'bad request' },
  ValidationFailed: { code: 4001, status: 400, message: 'request validation failed' },
  ParseFailed: { code: 4002, status: 400, message: 'malformed request body' },
  DecryptFailed: { code: 4003, status: 400, message: 'decryption failed' },
  LoginCodeInvalid: { code: 4004, status: 400, message: 'login code is invalid or expired' },
  LoginCodeUsed: { code: 4005, status: 400, message: 'login code was already used' },
  PhoneCodeInvalid: { code: 4006, status: 400, message: 'phone number code is invalid, expired or used' },
  OAuthCodeInvalid: { code: 4007, status: 400, message: 'web authorization code is invalid or expired' },
  OAuthCodeUsed: { code: 4008, status: 400, message: 'web authorization code was already used' },
  OAuthRedirectInvalid: { code: 4009, status: 400, message: 'redirect must be a path on this server' },
  Unauthorized: { code: 4010, status: 401, message: 'authentication required' },
  TokenMissing: { code: 4011, status: 401, message: 'missing bearer token' },
  TokenInvalid: { code: 4012, status: 401, message: 'invalid token' },
  TokenExpired: { code: 4013, status: 401, message: 'token expired' },
  TokenRevoked: { code: 4014, status: 401, message: 'token revoked' },
  GatewayKeyInvalid: { code: 4015, status: 401, message: 'missing or invalid gateway key' },
  BadSignature: { code: 4016, status: 401, message: 'signature verification failed' },
  AdminKeyInvalid: { code: 4017, status: 401, message: 'missing or invalid admin key' },
  Forbidden: { code: 4030, status: 403, message: 'forbidden' },
  LoginBlocked: { code: 4031, status: 403, message: 'login refused by WeChat for this user (risk control)' },
  OAuthStateMissing: { code: 4032, status: 403, message: 'web authorization state or its cookie is missing' },
  OAuthStateMismatch: {
    code: 4033,
    status: 403,
    message: 'web authorization state belongs to another browser',
  },
  OAuthStateInvalid: {
    code: 4034,
    status: 403,
    message: 'web authorization state is unknown, expired or used',
  },
  OAuthDenied: { code: 4035, status: 403, message: 'the user refused web authorization' },
  NotFound: { code: 4040, status: 404, message: 'not found' },
  MethodNotAllowed: { code: 4050, status: 405, message: 'method not allowed' },
  Conflict: { code: 4090, status: 409, message: 'conflict' },
  PayloadTooLarge: { code: 4130, status: 413, message: 'payload too large' },
  UnsupportedMediaType: { code: 4150, status: 415, message: 'unsupported media type' },
  FileTypeActive: {
    code: 4151,
    status: 415,
    message: 'active content (SVG, HTML, XML, scripts) is not accepted',
  },
  RateLimited: { code: 4290, status: 429, message: 'too many requests' },
  LoginTooFrequent: { code: 4291, status: 429, message: 'too many logins for this user; retry next minute' },
  Internal: { code: 5000, status: 500, message: 'internal error' },
  ConfigInvalid: { code: 5001, status: 500, message: 'server misconfigured' },
  WeChatErrcode: { code: 5020, status: 502, message: 'WeChat API returned an error' },
  WeChatPayFailed: { code: 5021, status: 502, message: 'WeChat Pay API returned an error' },
  WeChatUnreachable: { code: 5022, status: 502, message: 'WeChat unreachable' },
  ServiceUnavailable: { code: 5030, status: 503, message: 'service temporarily unavailable' },
  WeChatTimeout: { code: 5040, status: 504, message: 'WeChat did not answer in time' },
} as const satisfies Record<string, ErrorCodeEntry>;

export type ErrorCodeName = keyof typeof ErrorCodes;

/** Every WeChatError class code and the envelope entry it is answered with (docs/errors.md lists both). */
export const CLASS_CODE_PROBLEMS = {
  WEGATE_API_PROBLEM: 'BadRequest', // ApiProblem: its own name decides
  WEGATE_API_ERRCODE: 'WeChatErrcode',
  WEGATE_HTTP_ERROR: 'WeChatUnreachable', // WeChatTimeout when the cause is a timeout
  WEGATE_BAD_SIGNATURE: 'BadSignature',
  WEGATE_DECRYPT_FAILED: 'DecryptFailed',
  WEGATE_PARSE_FAILED: 'ParseFailed',
  WEGATE_CONFIG_INVALID: 'ConfigInvalid',
  WEGATE_PAY_API_ERROR: 'WeChatPayFailed',
  WEGATE_TOKEN_UNAVAILABLE: 'ServiceUnavailable',
  WEGATE_FORCE_REFRESH_RATIONED: 'ServiceUnavailable',
  WEGATE_JOB_RETRY_LATER: 'Internal',
  WEGATE_JOB_PERMANENT: 'Internal',
  WEGATE_MIGRATION_FAILED: 'Internal',
  WEGATE_CLOUD_QUERY_INVALID: 'ValidationFailed',
} as const satisfies Record<string, ErrorCodeName>;

export interface ApiProblemOptions extends WeChatErrorOptions {
  /** Sent to the caller as `data`; must be safe to show. */
  details?: unknown;
}

/**
 * A rejection meant for the caller: its message and details are sent as they are. `problem` names an entry
 * of ErrorCodes, or is an entry of the caller's own (a plugin's codes, e.g. `{ code: 4091, status: 409,
 * message: 'out of stock' }`): its code must be the status times ten plus one digit, like ours.
 */
export class ApiProblem extends WeChatError {
  readonly problem: ErrorCodeName | ErrorCodeEntry;
  readonly status: number;
  readonly apiCode: number;
  readonly details?: unknown;

  constructor(problem: ErrorCodeName | ErrorCodeEntry, message?: string, options: ApiProblemOptions = {}) {
    const entry = typeof problem === 'string' ? ErrorCodes[problem] : checkedEntry(problem);
    super('WEGATE_API_PROBLEM', message ?? entry.message, options);
    this.problem = problem;
    this.status = entry.status;
    this.apiCode = entry.code;
    if (options.details !== undefined) this.details = options.details;
  }
}

function checkedEntry(entry: ErrorCodeEntry): ErrorCodeEntry {
  const { code, status } = entry;
  const fits = Number.isInteger(status) && status >= 400 && status <= 599 && Math.floor(code / 10) === status;
  if (!Number.isInteger(code) || !fits) {
    throw new TypeError(
      `error code ${code} must be its HTTP status ${status} (400-599) times ten plus one digit`,
    );
  }
  return entry;
}

export function isApiProblem(e: unknown): e is ApiProblem {
  return isWeChatError(e) && e.code === 'WEGATE_API_PROBLEM';
}

export interface Problem {
  readonly status: number;
  readonly body: { code: number; message: string; data?: unknown };
}

function problem(name: ErrorCodeName, message?: string, data?: unknown): Problem {
  const entry = ErrorCodes[name];
  const body = { code: entry.code, message: message ?? entry.message };
  return { status: entry.status, body: data === undefined ? body : { ...body, data } };
}

function problemOf(e: ApiProblem): Problem {
  const body = { code: e.apiCode, message: e.message };
  return { status: e.status, body: e.details === undefined ? body : { ...body, data: e.details } };
}

function isTimeout(e: unknown, depth = 0): boolean {
  if (typeof e !== 'object' || e === null || depth > 5) return false;
  const { name, code, cause } = e as { name?: unknown; code?: unknown; cause?: unknown };
  if (/timeout/i.test(String(name)) || /TIMEOUT/.test(String(code))) return true;
  return isTimeout(cause, depth + 1);
}

// Only the caller's own input is echoed (ParseError); other class messages may describe our secrets' use.
function fromWeChatError(e: WeChatError): Problem {
  switch (e.code) {
    case 'WEGATE_API_ERRCODE': {
      const { errcode, errmsg } = e as WeChatApiError;
      return problem('WeChatErrcode', `WeChat API error ${errcode}`, { errcode, errmsg });
    }
    case 'WEGATE_HTTP_ERROR':
      return problem(isTimeout(e) ? 'WeChatTimeout' : 'WeChatUnreachable');
    case 'WEGATE_PAY_API_ERROR': {
      const { status, payCode } = e as PayApiError;
      return problem('WeChatPayFailed', `WeChat Pay error ${payCode}`, { status, code: payCode });
    }
    case 'WEGATE_PARSE_FAILED':
      return problem('ParseFailed', e.message);
    default: {
      const name = (CLASS_CODE_PROBLEMS as Record<string, ErrorCodeName>)[e.code] ?? 'Internal';
      return problem(name);
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
function fromHttpError(e: HttpErrorLike): Problem {
  if (e.statusCode >= 500) return problem(STATUS_PROBLEMS[e.statusCode] ?? 'Internal');
  const message = typeof e.message === 'string' && e.message !== '' ? e.message : undefined;
  if (Array.isArray(e.validation)) {
    const issues = (e.validation as { instancePath?: unknown; message?: unknown }[]).map((v) => ({
      path: typeof v.instancePath === 'string' ? v.instancePath : '',
      message: typeof v.message === 'string' ? v.message : 'invalid',
    }));
    return problem('ValidationFailed', message, { issues });
  }
  if (e.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || e.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return problem('ParseFailed', message);
  }
  return problem(STATUS_PROBLEMS[e.statusCode] ?? 'BadRequest', message);
}

/** Map any thrown value to our envelope; unknown errors become a generic 500 (no message, no stack). */
export function problemFromError(e: unknown): Problem {
  if (isApiProblem(e)) return problemOf(e);
  if (isWeChatError(e)) return fromWeChatError(e);
  if (isHttpErrorLike(e)) return fromHttpError(e);
  return problem('Internal');
}
