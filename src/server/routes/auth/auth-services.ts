/** @module The services behind `/api/auth/*`, built on first use so a server without secrets still starts. */
import type { WegateConfig } from '../../../config/config.types.js';
import { createFieldCipher } from '../../../kernel/crypto/sm4-field.js';
import { ConfigError } from '../../../kernel/errors/wechat-error.js';
import { createMiniProgramAuth, createMiniProgramPhone } from '../../../mini-program/api/index.js';
import type { MiniProgramAuth, MiniProgramPhone } from '../../../mini-program/api/index.js';
import { createPhoneBook, type PhoneBook } from '../../../mini-program/session/phone-book.js';
import {
  createSessionService,
  type SessionOptions,
  type SessionService,
} from '../../../mini-program/session/session-service.js';
import { createUserStore, type UserStore } from '../../../mini-program/session/user-store.js';
import type { ServerDeps } from '../../server-deps.types.js';

export interface MiniProgramClient {
  readonly appid: string;
  readonly auth: MiniProgramAuth;
  readonly phone: MiniProgramPhone;
}

export interface AuthServices {
  readonly users: UserStore;
  readonly sessions: SessionService;
  readonly phones: PhoneBook;
  /** The Mini Program app by config name, or by appid (tokens carry the appid). */
  app(nameOrAppid: string): MiniProgramClient | undefined;
}

export interface AuthServiceOptions {
  readonly session?: Omit<SessionOptions, 'jwtSecret'>;
  /** Reject encryptedData whose watermark is older than this; default 300 s (a client decrypts at once). */
  readonly decryptMaxAgeS?: number;
}

function build(config: WegateConfig, deps: ServerDeps, options: AuthServiceOptions): AuthServices {
  const secret = config.secrets.jwtSecret;
  if (secret === undefined || secret.length < 16) {
    throw new ConfigError('WEGATE_JWT_SECRET', 'must be set (at least 32 characters) for /api/auth');
  }
  const cipher = createFieldCipher({ keys: { ...config.secrets.fieldKeys } });
  const users = createUserStore({ store: deps.store, cipher });
  const sessions = createSessionService(
    { ...options.session, jwtSecret: secret },
    { store: deps.store, users },
  );
  const clients = new Map<string, MiniProgramClient>();
  for (const [name, app] of Object.entries(deps.apps)) {
    if (app.config.type !== 'mini-program') continue;
    const { appid, secret: appSecret } = app.config;
    const client = {
      appid,
      auth: createMiniProgramAuth({ appid, secret: appSecret }, app),
      phone: createMiniProgramPhone(app),
    };
    clients.set(name, client);
    clients.set(appid, client);
  }
  return {
    users,
    sessions,
    phones: createPhoneBook({ store: deps.store, cipher, ...(deps.audit ? { audit: deps.audit } : {}) }),
    app: (key) => clients.get(key),
  };
}

/** A getter that builds once and rethrows the ConfigError (answered as ConfigInvalid) while misconfigured. */
export function lazyAuthServices(
  config: WegateConfig,
  deps: ServerDeps,
  options: AuthServiceOptions = {},
): () => AuthServices {
  let services: AuthServices | undefined;
  return () => (services ??= build(config, deps, options));
}
