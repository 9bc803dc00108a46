/** @module buildEmulatorApp: the standalone emulator as a Fastify instance (no listen). */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { emulatorPlugin } from './plugin.js';
import { createWorld, type World } from './world/world.js';

export interface BuildEmulatorAppOptions {
  readonly world?: World;
  /** A pino-compatible logger, or false (default) for none. */
  readonly logger?: FastifyBaseLogger | false;
  /** Control API under `/__emulator/`; on by default, it is a development tool. */
  readonly control?: boolean;
  /** The control API answers every peer, not only loopback ones (default false). */
  readonly publicControl?: boolean;
}

const SECRET_QUERY = /([?&](?:access_token|secret|appsecret|ticket|code)=)[^&]*/gi;

/** The URL with credential-bearing query values masked, for logs. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1***');
}

/** Builds the app; plugins load on `ready()`, `inject()` or `listen()`. */
export function buildEmulatorApp(options: BuildEmulatorAppOptions = {}): FastifyInstance {
  const world = options.world ?? createWorld();
  // Fastify's own request log prints the raw URL, which carries access_token and secret.
  const app = options.logger
    ? Fastify({
        loggerInstance: options.logger,
        logController: new LogController({ disableRequestLogging: true }),
      })
    : Fastify({ logger: false });
  if (options.logger) {
    app.addHook('onResponse', async (request, reply) => {
      request.log.info(
        {
          method: request.method,
          url: redactUrl(request.url),
          statusCode: reply.statusCode,
          ms: reply.elapsedTime,
        },
        'emulator request',
      );
    });
  }
  void app.register(emulatorPlugin, {
    world,
    control: options.control ?? true,
    publicControl: options.publicControl ?? false,
  });
  return app;
}
