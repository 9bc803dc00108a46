/** @module A consumer project of the packed wegate: what it imports, how it is type-checked and run. */

export interface SubpathSurface {
  /** Values: imported in the type check and found (not undefined) at run time. */
  readonly values: readonly string[];
  /** Types: imported with `type` in the type check only; a generic one with its arguments (`Router<unknown>`). */
  readonly types: readonly string[];
}

/** Every subpath of package.json `exports` and the names README.md and the docs promise from it. */
export const PUBLIC_SURFACE: Readonly<Record<string, SubpathSurface>> = {
  wegate: {
    values: [
      'createAccessTokenBroker',
      'createJsapiTicketBroker',
      'createApiClient',
      'withRetry',
      'isWeChatApiError',
      'WeChatApiError',
      'loadConfig',
      'createMemoryCache',
      'createMemoryLock',
      'createOfficialAccount',
      'createFieldCipher',
    ],
    types: ['WegateConfig', 'Cache', 'Lock', 'Queue', 'Store', 'ApiClient', 'AccessTokenBroker'],
  },
  'wegate/kernel': {
    values: ['createApiClient', 'createAccessTokenBroker', 'isWeChatApiError', 'createLogger'],
    types: ['Cache', 'Lock', 'RateLimiter', 'Queue', 'Store', 'Clock'],
  },
  'wegate/callback': {
    values: [
      'createRouter',
      'openPush',
      'verifyInbound',
      'parseMessage',
      'renderReply',
      'createCallbackInbox',
      'keepDoneFor',
      'createCallbackHandler',
      'createMemoryInboxStore',
      'createCacheInboxStore',
    ],
    types: [
      'Router<unknown>',
      'InboundMessage',
      'Reply',
      'CallbackInbox',
      'CallbackInboxOptions',
      'CallbackHandler',
      'CallbackHandlerDeps',
      'CallbackContext',
      'InboxStore',
    ],
  },
  'wegate/official-account': {
    values: ['createOfficialAccount', 'createOfficialAccountOAuth'],
    types: ['OfficialAccount', 'OfficialAccountDeps', 'OfficialAccountOAuth'],
  },
  'wegate/mini-program': {
    values: [
      'createMiniProgram',
      'createSessionService',
      'createUserStore',
      'createPhoneBook',
      'createMiniProgramAuth',
    ],
    types: ['MiniProgram', 'MiniProgramOptions', 'Code2SessionResult', 'SessionService', 'AuthUser'],
  },
  'wegate/pay': {
    values: [
      'createPayClient',
      'createPayOrders',
      'handlePayNotification',
      'verifyPaySignature',
      'buildRequestPayment',
      'createReconciler',
    ],
    types: ['PayClient', 'PayClientConfig', 'PayOrders', 'NotifyAnswer', 'JsapiOrderInput'],
  },
  'wegate/cloud': {
    values: ['createCloudDatabase', 'createCloudStorage', 'createCloudFunctions'],
    types: ['CloudDatabase', 'CloudStorage', 'CloudFunctions'],
  },
  'wegate/outbox': {
    values: ['createOutbox', 'classifySendError', 'OUTBOX_SEND_JOB'],
    types: ['Outbox'],
  },
  'wegate/realtime': {
    values: ['createRealtime', 'createTopicAccess', 'openConnection', 'userTopic', 'START_OFFSET'],
    types: ['Realtime', 'RealtimeService', 'RealtimeEvent', 'DeliveredEvent', 'TopicAuthorizer'],
  },
  'wegate/adapters': {
    values: [
      'createMemoryCache',
      'createMemoryLock',
      'createMemoryRateLimiter',
      'createRedisCache',
      'createRedisLock',
      'createRedisRateLimiter',
      'connectRedis',
      'closeRedis',
      'createSqliteStore',
      'createPostgresStore',
      'connectStore',
      'createSqlQueue',
      'createBullmqQueue',
    ],
    types: ['RedisCacheOptions', 'SqliteStoreOptions', 'PostgresStoreOptions', 'SqlQueue', 'BullmqQueue'],
  },
  'wegate/server': {
    values: ['main', 'createServer', 'definePlugin', 'buildApp', 'createRuntime', 'ok'],
    types: ['CallbackContext', 'WegatePlugin', 'PluginContext', 'PluginCloud', 'ServerDeps', 'Runtime'],
  },
  'wegate/emulator': {
    values: ['startEmulator', 'createEmulatorHarness', 'buildEmulatorApp', 'createWorld'],
    types: ['RunningEmulator', 'World'],
  },
};

const alias = (subpath: string, name: string) => `${subpath.replace(/\W/g, '_')}__${name}`;
const bare = (type: string) => type.replace(/<.*$/, '');

/** A .ts file importing every name of every subpath, and using a few the way README.md does. */
export function consumerSource(): string {
  const lines: string[] = [];
  const uses: string[] = [];
  for (const [subpath, { values, types }] of Object.entries(PUBLIC_SURFACE)) {
    const names = [
      ...values.map((n) => `${n} as ${alias(subpath, n)}`),
      ...types.map((t) => `type ${bare(t)} as ${alias(subpath, bare(t))}`),
    ];
    lines.push(`import { ${names.join(', ')} } from '${subpath}';`);
    for (const n of values) uses.push(alias(subpath, n));
    for (const t of types)
      uses.push(`undefined as unknown as ${alias(subpath, bare(t))}${t.slice(bare(t).length)}`);
  }
  return `${lines.join('\n')}
import { createAccessTokenBroker, createApiClient, createMemoryCache, createMemoryLock, type Cache } from 'wegate';
import { createMiniProgram, type MiniProgram } from 'wegate/mini-program';
import { createOfficialAccount, type OfficialAccount } from 'wegate/official-account';

export const everything: unknown[] = [
  ${uses.join(',\n  ')},
];

const baseUrl = 'http://127.0.0.1:8081';
const cache: Cache = createMemoryCache();
const tokens = createAccessTokenBroker({ appid: 'wx1', secret: 's', baseUrl }, { cache, lock: createMemoryLock() });
const api = createApiClient({ baseUrl }, { tokens });
export const oa: OfficialAccount = createOfficialAccount({ api });
export const mp: MiniProgram = createMiniProgram({ api, appid: 'wx1', secret: 's' });
export async function login(code: string): Promise<string> {
  const { openid } = await mp.auth.code2Session(code);
  return openid;
}
`;
}

/** The module setting each resolution comes with: `node` as NestJS, Egg and Midway projects set it up. */
const MODULE_OF = { node16: 'node16', node: 'commonjs', bundler: 'es2022' } as const;

/** tsconfig.json of the consumer under one moduleResolution. */
export function consumerTsconfig(moduleResolution: 'node16' | 'node' | 'bundler'): string {
  const module = MODULE_OF[moduleResolution];
  return JSON.stringify({
    compilerOptions: {
      target: 'es2022',
      module,
      moduleResolution,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
    },
    files: ['consumer.ts'],
  });
}

/** An ESM script: every value of every subpath exists, then a small library session against an emulator. */
export function consumerScript(): string {
  const imports = Object.keys(PUBLIC_SURFACE)
    .map((subpath, i) => `import * as m${i} from '${subpath}';`)
    .join('\n');
  const checks = Object.entries(PUBLIC_SURFACE)
    .map(([subpath, { values }], i) => `[${JSON.stringify(subpath)}, m${i}, ${JSON.stringify(values)}]`)
    .join(',\n  ');
  return `${imports}
import { createAccessTokenBroker, createApiClient } from 'wegate';
import { createMemoryCache, createMemoryLock, createSqliteStore } from 'wegate/adapters';
import { createOfficialAccount } from 'wegate/official-account';
import { createMiniProgram } from 'wegate/mini-program';
import { createWorld, startEmulator } from 'wegate/emulator';

const missing = [];
for (const [subpath, mod, names] of [
  ${checks},
]) for (const name of names) if (mod[name] === undefined) missing.push(subpath + ' ' + name);

const oaApp = { appid: 'wx0000000000tarball', secret: 'oa-secret', type: 'official-account' };
const mpApp = { appid: 'wx00000000mptarball', secret: 'mp-secret', type: 'mini-program' };
const emulator = await startEmulator({ port: 0, host: '127.0.0.1', world: createWorld({ apps: [oaApp, mpApp] }) });
const client = (app) => {
  const tokens = createAccessTokenBroker(
    { appid: app.appid, secret: app.secret, baseUrl: emulator.url },
    { cache: createMemoryCache(), lock: createMemoryLock() },
  );
  return createApiClient({ baseUrl: emulator.url }, { tokens });
};
const oaApi = client(oaApp);
const mpApi = client(mpApp);
const oa = createOfficialAccount({ api: oaApi });
await oa.menu.create({ button: [{ type: 'click', name: 'Hello', key: 'HELLO' }] });
const menu = await oa.menu.get();
const mp = createMiniProgram({ api: mpApi, appid: mpApp.appid, secret: mpApp.secret });
const { code, openid } = emulator.world.miniProgram.login(mpApp.appid, 'alice');
const session = await mp.auth.code2Session(code);
const store = createSqliteStore({ file: ':memory:' });
await store.migrate();
const tables = await store.db.introspection.getTables();
await store.close();
await oaApi.close();
await mpApi.close();
await emulator.close();
console.log(JSON.stringify({
  missing,
  menuKey: menu.menu.button[0].key,
  sameOpenid: session.openid === openid,
  jobsTable: tables.some((t) => t.name === 'wegate_jobs'),
}));
`;
}

/** A CommonJS script (what a `module: commonjs` project compiles to): require() of every subpath. */
export function consumerRequireScript(): string {
  return `const surface = ${JSON.stringify(
    Object.fromEntries(Object.entries(PUBLIC_SURFACE).map(([subpath, { values }]) => [subpath, values])),
  )};
const missing = [];
for (const [subpath, names] of Object.entries(surface)) {
  const mod = require(subpath);
  for (const name of names) if (mod[name] === undefined) missing.push(subpath + ' ' + name);
}
console.log(JSON.stringify({ missing }));
`;
}

/**
 * The names README.md's "Using the library" table promises per subpath: identifiers in backticks (not
 * `auth.code2Session` or `request()`, which are methods).
 */
export function readmeSurface(readme: string): Record<string, string[]> {
  const rows = readme.matchAll(/^\| `(wegate(?:\/[a-z-]+)?)` \| (.*) \|$/gm);
  return Object.fromEntries(
    [...rows].map(([, subpath, text]) => [
      subpath as string,
      [...(text as string).matchAll(/`([A-Za-z_][A-Za-z0-9_]*)`/g)].map((m) => m[1] as string),
    ]),
  );
}
