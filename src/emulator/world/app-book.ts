/** @module The apps the emulator knows (appid, secret, callback token, EncodingAESKey, push mode). */
import { randomBytes } from 'node:crypto';

export type EmulatorAppType = 'official-account' | 'mini-program';

export interface EmulatorApp {
  readonly appid: string;
  readonly secret: string;
  readonly type: EmulatorAppType;
  /** Name in the config (`oa`, `mp`…); informational. */
  readonly name?: string;
  /** Callback token used to sign pushes. */
  readonly token?: string;
  /** EncodingAESKey (43 characters) for safe/compatible pushes. */
  readonly aesKey?: string;
  readonly msgMode?: 'plain' | 'compatible' | 'safe';
  readonly pushFormat?: 'xml' | 'json';
  /** Original id (原始ID, `gh_` + 12 hex), the `ToUserName` of pushes; generated when seeded unless given. */
  readonly originalId?: string;
  /** Where pushes go; default `<serverUrl>/wechat/<name>`. */
  readonly callbackUrl?: string;
}

/** What the control API may show: never the secret, the callback token or the AES key. */
export interface EmulatorAppView {
  readonly appid: string;
  readonly type: EmulatorAppType;
  readonly name?: string;
  readonly msgMode?: string;
  readonly pushFormat?: string;
  readonly hasToken: boolean;
  readonly hasAesKey: boolean;
  readonly originalId?: string;
  readonly callbackUrl?: string;
}

export interface AppBook {
  /** Add or replace the app with this appid; returns it with its original id filled in. */
  put(app: EmulatorApp): EmulatorApp;
  get(appid: string): EmulatorApp | undefined;
  list(): EmulatorApp[];
  clear(): void;
}

/** A fresh original id shaped like WeChat's: `gh_` and 12 lower-case hex digits. */
export function mintOriginalId(): string {
  return `gh_${randomBytes(6).toString('hex')}`;
}

export function createAppBook(initial: readonly EmulatorApp[] = []): AppBook {
  const apps = new Map<string, EmulatorApp>();
  const put = (app: EmulatorApp): EmulatorApp => {
    // Replacing an app (new secret, new mode) keeps its original id, as the account stays the same.
    const originalId = app.originalId ?? apps.get(app.appid)?.originalId ?? mintOriginalId();
    const stored = { ...app, originalId };
    apps.set(app.appid, stored);
    return stored;
  };
  for (const app of initial) put(app);
  return {
    put,
    get: (appid) => apps.get(appid),
    list: () => [...apps.values()],
    clear: () => apps.clear(),
  };
}

export function viewApp(app: EmulatorApp): EmulatorAppView {
  return {
    appid: app.appid,
    type: app.type,
    ...(app.name !== undefined ? { name: app.name } : {}),
    ...(app.msgMode !== undefined ? { msgMode: app.msgMode } : {}),
    ...(app.pushFormat !== undefined ? { pushFormat: app.pushFormat } : {}),
    hasToken: app.token !== undefined && app.token !== '',
    hasAesKey: app.aesKey !== undefined && app.aesKey !== '',
    ...(app.originalId !== undefined ? { originalId: app.originalId } : {}),
    ...(app.callbackUrl !== undefined ? { callbackUrl: app.callbackUrl } : {}),
  };
}
