/** @module Which variable (or file key) each config value came from, so errors can name it. */

export interface SettingNames {
  /** Remember that the value at dotted `path` came from environment variable `name`. */
  fromEnv(path: string, name: string): void;
  /** The name to show for dotted `path`: its environment variable, else its place in the file. */
  of(path: string): string;
}

/** `fileLabel` is the config file's base name, e.g. `wegate.config.json`. */
export function createSettingNames(fileLabel: string): SettingNames {
  const env = new Map<string, string>();
  return {
    fromEnv: (path, name) => void env.set(path, name),
    of: (path) => env.get(path) ?? (path === '' ? fileLabel : `${fileLabel}:${path}`),
  };
}
