/** @module The shape of wegate.config.json (and of env once mapped onto it), as a TypeBox schema. */
import { Type, type Static } from 'typebox';

const Str = Type.String({ minLength: 1 });
const Port = Type.Integer({ minimum: 1, maximum: 65535 });
const NonNegative = Type.Integer({ minimum: 0 });

const AppSchema = Type.Object(
  {
    type: Type.Optional(Type.Union([Type.Literal('official-account'), Type.Literal('mini-program')])),
    appid: Type.Optional(Str),
    secret: Type.Optional(Str),
    token: Type.Optional(Str),
    aesKey: Type.Optional(Str),
    tokenMode: Type.Optional(Type.Union([Type.Literal('stable'), Type.Literal('classic')])),
    msgMode: Type.Optional(
      Type.Union([Type.Literal('plain'), Type.Literal('compatible'), Type.Literal('safe')]),
    ),
    pushFormat: Type.Optional(Type.Union([Type.Literal('xml'), Type.Literal('json')])),
  },
  { additionalProperties: false },
);

const PaySchema = Type.Object(
  {
    mchid: Type.Optional(Str),
    apiv3Key: Type.Optional(Str),
    privateKeyPath: Type.Optional(Str),
    certSerial: Type.Optional(Str),
    publicKeyPath: Type.Optional(Str),
    publicKeyId: Type.Optional(Str),
    notifyUrl: Type.Optional(Str),
  },
  { additionalProperties: false },
);

const SecretsSchema = Type.Object(
  {
    jwtSecret: Type.Optional(Str),
    fieldKeys: Type.Optional(Type.Record(Type.String(), Type.String())),
    gatewayKey: Type.Optional(Str),
    adminKey: Type.Optional(Str),
  },
  { additionalProperties: false },
);

const CallbackSchema = Type.Object(
  {
    maxSkewS: Type.Optional(NonNegative),
    deadlineMs: Type.Optional(Type.Integer({ minimum: 1 })),
    maxBodyBytes: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

const GatewaySchema = Type.Object(
  {
    ratePerSecond: Type.Optional(Type.Integer({ minimum: 1 })),
    maxBodyBytes: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);

const RealtimeSchema = Type.Object(
  {
    deflateAboveBytes: Type.Optional(Type.Integer({ minimum: 1 })),
    heartbeatMs: Type.Optional(Type.Integer({ minimum: 1000 })),
    maxBufferedBytes: Type.Optional(Type.Integer({ minimum: 65_536 })),
  },
  { additionalProperties: false },
);

const Positive = Type.Integer({ minimum: 1 });

const NetworkSchema = Type.Object(
  {
    /** Comma-separated addresses/CIDRs, as in WEGATE_TRUST_PROXY. */
    trustProxy: Type.Optional(Type.String()),
    requestTimeoutMs: Type.Optional(Positive),
    headersTimeoutMs: Type.Optional(Positive),
    keepAliveTimeoutMs: Type.Optional(Positive),
    maxConnections: Type.Optional(Positive),
  },
  { additionalProperties: false },
);

const OAuthSchema = Type.Object(
  { redirectPaths: Type.Optional(Type.Array(Str, { minItems: 1, maxItems: 64 })) },
  { additionalProperties: false },
);

const HostsSchema = Type.Object(
  {
    api: Type.Optional(Str),
    payApi: Type.Optional(Str),
    open: Type.Optional(Str),
    mpWeb: Type.Optional(Str),
  },
  { additionalProperties: false },
);

const AlertRuleSchema = Type.Object(
  {
    errcode: Type.Optional(Type.Union([Type.Integer(), Str])),
    event: Type.Optional(Str),
    threshold: Type.Optional(Type.Integer({ minimum: 1 })),
    windowS: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const AlertsSchema = Type.Object(
  {
    webhook: Type.Optional(Str),
    format: Type.Optional(
      Type.Union([
        Type.Literal('wecom'),
        Type.Literal('dingtalk'),
        Type.Literal('feishu'),
        Type.Literal('generic'),
      ]),
    ),
    groupMs: Type.Optional(NonNegative),
    rate: Type.Optional(
      Type.Object(
        {
          max: Type.Optional(Type.Integer({ minimum: 1 })),
          perS: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
        },
        { additionalProperties: false },
      ),
    ),
    maxQueue: Type.Optional(Type.Integer({ minimum: 1 })),
    timeoutMs: Type.Optional(Type.Integer({ minimum: 1 })),
    rules: Type.Optional(Type.Record(Type.String(), AlertRuleSchema)),
  },
  { additionalProperties: false },
);

const LimitWindowSchema = Type.Object(
  {
    max: Type.Integer({ minimum: 1 }),
    windowS: Type.Integer({ minimum: 1, maximum: 86_400 }),
  },
  { additionalProperties: false },
);

/** `"limits"`: per route class (`auth.login`, `shop.order`…), a sliding window per user and per IP. */
export const LimitsSchema = Type.Record(
  Type.String({ pattern: '^[a-z][a-z0-9_.-]{0,63}$' }),
  Type.Object(
    { perUser: Type.Optional(LimitWindowSchema), perIp: Type.Optional(LimitWindowSchema) },
    { additionalProperties: false },
  ),
);

const AuditSchema = Type.Object(
  { retentionDays: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);

/** Days, fractions allowed (0.01 is 14.4 minutes, for trying retention out). */
const Days = Type.Number({ exclusiveMinimum: 0, maximum: 36_500 });

/** `"retention"`: days kept by default and per kind of row, how often the pruner runs, its batch size. */
const RetentionSchema = Type.Object(
  {
    days: Type.Optional(Days),
    jobs: Type.Optional(Days),
    deadLetters: Type.Optional(Days),
    outbox: Type.Optional(Days),
    payNotifications: Type.Optional(Days),
    refreshTokens: Type.Optional(Days),
    intervalMinutes: Type.Optional(Type.Number({ minimum: 0.05, maximum: 1_440 })),
    batchSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  },
  { additionalProperties: false },
);

/** Everything optional: defaults and the sandbox fill the gaps after validation. */
export const RawConfigSchema = Type.Object(
  {
    sandbox: Type.Optional(Type.Boolean()),
    port: Type.Optional(Port),
    host: Type.Optional(Str),
    dataDir: Type.Optional(Str),
    databaseUrl: Type.Optional(Str),
    redisUrl: Type.Optional(Str),
    redisPrefix: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_.-]{1,32}$' })),
    cloudEnv: Type.Optional(Str),
    serverUrl: Type.Optional(Str),
    apps: Type.Optional(Type.Record(Type.String(), AppSchema)),
    pay: Type.Optional(PaySchema),
    secrets: Type.Optional(SecretsSchema),
    callback: Type.Optional(CallbackSchema),
    gateway: Type.Optional(GatewaySchema),
    hosts: Type.Optional(HostsSchema),
    oauth: Type.Optional(OAuthSchema),
    network: Type.Optional(NetworkSchema),
    emulatorPublic: Type.Optional(Type.Boolean()),
    plugins: Type.Optional(Type.Array(Str, { maxItems: 64 })),
    logFormat: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('pretty')])),
    realtime: Type.Optional(RealtimeSchema),
    alerts: Type.Optional(AlertsSchema),
    limits: Type.Optional(LimitsSchema),
    limitsFailMode: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
    audit: Type.Optional(AuditSchema),
    retention: Type.Optional(RetentionSchema),
  },
  { additionalProperties: false },
);

export type RawConfig = Static<typeof RawConfigSchema>;
export type RawApp = Static<typeof AppSchema>;
