/** @module ApiProblem: a Problem resolved to the envelope, by one of our names or by a plugin's own entry. */
import { Problem, type ProblemOptions } from '../../kernel/errors/problem.js';
import { ErrorCodes, type ErrorCodeEntry, type ErrorCodeName } from './error-codes.js';

export type ApiProblemOptions = ProblemOptions;

/**
 * A rejection meant for the caller: its message and details are sent as they are. `problem` names an entry
 * of ErrorCodes, or is an entry of the caller's own (a plugin's codes, e.g. `{ code: 4091, status: 409,
 * message: 'out of stock' }`): its code must be the status times ten plus one digit, like ours.
 */
export class ApiProblem extends Problem<ErrorCodeName | ErrorCodeEntry> {
  readonly status: number;
  readonly apiCode: number;

  constructor(problem: ErrorCodeName | ErrorCodeEntry, message?: string, options: ApiProblemOptions = {}) {
    const entry = typeof problem === 'string' ? ErrorCodes[problem] : checkedEntry(problem);
    super(problem, message ?? entry.message, options);
    this.status = entry.status;
    this.apiCode = entry.code;
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
