/** @module One POST to /wechat[/:app] from parsed input to answer: open, run, render, measure, log. */
import { renderReply } from '../../../callback/index.js';
import type { CallbackApp } from './callback-apps.js';
import { CallbackRejection } from './callback-rejection.js';
import type { CallbackAnswer, CallbackInput, CallbackShared } from './callback-shared.types.js';
import { openCallback } from './open-callback.js';
import { runCallback } from './run-callback.js';

export const TEXT = 'text/plain; charset=utf-8';

/** Outside debug, one answered callback in this many is logged at info, starting with the first. */
export const ANSWER_LOG_EVERY = 1000;

function logAnswer(shared: CallbackShared, input: CallbackInput, fields: Record<string, unknown>): void {
  if (shared.debug) return input.log.debug(fields, 'callback answered');
  shared.untilSample -= 1;
  if (shared.untilSample > 0) return;
  shared.untilSample = ANSWER_LOG_EVERY;
  // The route's own logger stays at warn; the sample goes to the server logger with the request id.
  shared.logger.info(
    { reqId: input.requestId, ...fields, sampledEvery: ANSWER_LOG_EVERY },
    'callback answered',
  );
}

export function callbackAppOf(shared: CallbackShared, name: string): CallbackApp {
  const app = shared.apps.get(name);
  if (!app) throw new CallbackRejection('unknown-app', 404, 'unknown app');
  if (app.token === undefined) throw new CallbackRejection('not-configured', 404, 'callback not configured');
  return app;
}

/** Logs the refusal once, counts it by reason, and answers it in plain text. */
export function rejectionAnswer(
  shared: CallbackShared,
  input: Pick<CallbackInput, 'appName' | 'log' | 'elapsedMs'>,
  rejection: CallbackRejection,
): CallbackAnswer {
  const { appName: app } = input;
  input.log.warn({ app, reason: rejection.reason, status: rejection.status }, 'callback rejected');
  // Which check failed stays out of the warn line (one reason for all); debug names it for operators.
  if (rejection.check) input.log.debug({ app, check: rejection.check }, 'callback refusal detail');
  const seconds = input.elapsedMs() / 1000;
  shared.metrics.observe(app, rejection.mode ?? 'unknown', 'rejected', rejection.reason, seconds);
  return { status: rejection.status, contentType: TEXT, body: rejection.body };
}

async function answer(shared: CallbackShared, input: CallbackInput): Promise<CallbackAnswer> {
  const now = shared.clock.now();
  const app = callbackAppOf(shared, input.appName);
  const { query, body, log } = input;
  const { maxSkewS, maxBytes } = shared;
  const opened = openCallback({ app, query, body, maxSkewS, maxBytes, now });
  const result = await runCallback(shared.run, app, opened.message, log, now);
  let rendered;
  try {
    rendered = renderReply(result.reply, {
      mode: opened.mode,
      format: opened.format,
      cipher: app.cipher,
      token: app.token as string,
      nonce: opened.nonce,
      timestamp: Math.floor(shared.clock.now() / 1000),
    });
  } catch (err) {
    log.error({ err, app: app.name }, 'callback reply cannot be rendered; answering success');
    rendered = { contentType: TEXT, body: 'success' };
  }
  const ms = input.elapsedMs();
  shared.metrics.observe(app.name, opened.mode, result.outcome, '', ms / 1000);
  logAnswer(shared, input, { app: app.name, mode: opened.mode, outcome: result.outcome, ms });
  return { status: 200, contentType: rendered.contentType, body: rendered.body };
}

/** The answer to one push; refusals are answers too (logged and counted), anything else throws. */
export async function answerCallback(shared: CallbackShared, input: CallbackInput): Promise<CallbackAnswer> {
  try {
    return await answer(shared, input);
  } catch (error) {
    if (error instanceof CallbackRejection) return rejectionAnswer(shared, input, error);
    throw error;
  }
}
