/** @module The envelope's error codes (HTTP status × 10 + a digit) and the class code each error is answered with. */

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
  WEGATE_API_PROBLEM: 'BadRequest', // Problem / ApiProblem: its own name or entry decides
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
