/** @module The apps the emulator knows (appid, secret, callback token, EncodingAESKey, push mode). */

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
}

export interface AppRegistry {
  /** Add or replace the app with this appid. */
  put(app: EmulatorApp): void;
  get(appid: string): EmulatorApp | undefined;
  list(): EmulatorApp[];
  clear(): void;
}

export function createAppRegistry(initial: readonly EmulatorApp[] = []): AppRegistry {
  const apps = new Map<string, EmulatorApp>();
  for (const app of initial) apps.set(app.appid, app);
  return {
    put: (app) => {
      apps.set(app.appid, app);
    },
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
  };
}
