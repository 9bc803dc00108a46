/** @module Which variable (or file key) each config value came from, so errors can name it. */

export interface SettingNames {
  /** Remember that the value at dotted `path` came from environment variable `name`. */
  fromEnv(path: string, name: string): void;
  /** The name to show for dotted `path` (see createSettingNames). */
  of(path: string): string;
}

export interface SettingNamesOptions {
  /** The config file's base name, e.g. `wegate.config.json`. */
  readonly label: string;
  /** The file's content, before env is applied. */
  readonly file: Record<string, unknown>;
  /** Dotted path → the environment variable that can set it. */
  readonly envNames: ReadonlyMap<string, string>;
}

function hasPath(node: unknown, keys: string[]): boolean {
  for (const key of keys) {
    if (typeof node !== 'object' || node === null || !(key in node)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}

/**
 * A value set from env (or inside a JSON value set from env) is named by its variable; one in the file by
 * `label:path`. A missing value is named by the place the user evidently configures its group in: the
 * file when the group is there and env did not touch it, else its environment variable.
 */
export function createSettingNames(options: SettingNamesOptions): SettingNames {
  const fromEnv = new Map<string, string>();
  const fileName = (path: string) => (path === '' ? options.label : `${options.label}:${path}`);
  const setByEnv = (keys: string[]): string | undefined => {
    for (let n = keys.length; n > 0; n -= 1) {
      const name = fromEnv.get(keys.slice(0, n).join('.'));
      if (name !== undefined) return name;
    }
    return undefined;
  };
  const groupFromFile = (parent: string): boolean =>
    hasPath(options.file, parent.split('.')) && ![...fromEnv.keys()].some((p) => p.startsWith(`${parent}.`));
  return {
    fromEnv: (path, name) => void fromEnv.set(path, name),
    of: (path) => {
      const keys = path.split('.');
      const env = setByEnv(keys);
      if (env !== undefined) return env;
      if (path === '' || hasPath(options.file, keys)) return fileName(path);
      const variable = options.envNames.get(path);
      if (variable === undefined || groupFromFile(keys.slice(0, -1).join('.'))) return fileName(path);
      return variable;
    },
  };
}
