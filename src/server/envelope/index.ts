/** @module The server's HTTP envelope: error codes and statuses, ApiProblem, and the mapping of any error. */
export { CLASS_CODE_PROBLEMS, ErrorCodes, type ErrorCodeEntry, type ErrorCodeName } from './error-codes.js';
export { ApiProblem, type ApiProblemOptions } from './api-problem.js';
export { problemFromError, type ProblemAnswer } from './problem-from-error.js';
export { isApiProblem } from '../../kernel/errors/problem.js';
