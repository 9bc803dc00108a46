/** @module buildApp(config, deps): the Fastify server, ready for inject() or listen(). */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { WegateConfig } from '../config/config.types.js';
import { createFrontDoor } from './fast-path/front-door.js';
import { installEnvelope } from './plugins/envelope.js';
import { registerBrokerMetrics } from './plugins/broker-metrics.js';
import { installHttpMetrics } from './plugins/metrics.js';
import { genRequestId } from './plugins/request-id.js';
import { registerMetrics } from './routes/metrics.js';
import { registerPing } from './routes/ping.js';
import { registerOperations } from './routes/health/register-operations.js';
import { registerPay } from './routes/pay/register-pay.js';
import { registerWechat } from './routes/wechat.js';
import { registerAuthRoutes } from './routes/auth/index.js';
import { registerMessages } from './routes/messages/index.js';
import { registerFiles } from './routes/files/index.js';
import { registerJsSdk } from './routes/jssdk/register-jssdk.js';
import { registerOAuth } from './routes/oauth/register-oauth.js';
import { registerDemo } from './routes/demo/register-demo.js';
import { registerStartPage } from './routes/start-page/register-start-page.js';
import { registerGateway } from './routes/gateway/index.js';
import { lazyChildLoggerFactory } from './fast-path/lazy-child-logger.js';
import { registerPlugins } from './register-plugins.js';
import { withPlatformServices } from './platform-services.js';
import { appRealtime, registerRealtime } from './routes/realtime/index.js';
import type { ServerDeps } from './server-deps.types.js';
import { VERSION } from './version.js';

export interface BuildAppOptions {
  /** Runs when the app has closed, after every worker the app started has stopped (e.g. the runtime's close). */
  onClose?: () => Promise<void>;
}

export async function buildApp(
  config: WegateConfig,
  deps: ServerDeps,
  options: BuildAppOptions = {},
): Promise<FastifyInstance> {
  // The front door lets the callback route answer from node:http on a listening server.
  const door = createFrontDoor(config.network);
  const app = Fastify({
    serverFactory: door.serverFactory,
    loggerInstance: deps.logger as FastifyBaseLogger,
    genReqId: genRequestId,
    requestIdHeader: false,
    bodyLimit: config.callback.maxBodyBytes,
    // X-Forwarded-* is believed only from the configured proxies (WEGATE_TRUST_PROXY); none by default.
    trustProxy: config.network.trustProxy.length > 0 ? [...config.network.trustProxy] : false,
    return503OnClosing: true,
  });
  // onClose hooks run last-added first: this one, added first, runs after the workers have stopped.
  const { onClose } = options;
  if (onClose) app.addHook('onClose', async () => onClose());
  // Per-request loggers are built only when a line at their level is written (most requests log none).
  app.setChildLoggerFactory(lazyChildLoggerFactory);
  // While closing, requests go to Fastify, which answers 503 (return503OnClosing).
  app.addHook('preClose', async () => door.close());
  // Set as the request arrives, so every answer carries it (errors, 404s, hijacked replies); callback
  // style, since an async hook costs a promise on every request.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    done();
  });
  installEnvelope(app);
  deps = withPlatformServices(app, config, deps);
  installHttpMetrics(app, deps.metrics);
  registerPing(app, { sandbox: config.sandbox, version: VERSION });
  registerOperations(app, config, deps);
  registerBrokerMetrics(deps.metrics, deps.apps);
  registerMetrics(app, deps.metrics);
  await registerWechat(app, config, deps, door);
  await registerPay(app, config, deps);
  const auth = registerAuthRoutes(app, config, deps);
  await registerMessages(app, config, deps);
  await registerFiles(app, config, deps, deps.fileRoutes ?? {});
  registerJsSdk(app, deps, door);
  registerOAuth(app, config, deps, auth.services);
  await registerGateway(app, config, deps);
  const realtime = appRealtime(app, deps);
  await registerRealtime(app, { realtime, requireUser: auth.requireUser, ...config.realtime });
  await registerPlugins(app, config, { ...deps, realtime }, auth.requireUser);
  if (deps.emulator) {
    registerDemo(app);
    registerStartPage(app, config);
    await app.register(deps.emulator);
  }
  return app;
}
