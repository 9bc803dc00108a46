/** @module WEGATE_PLUGINS: module specifiers resolved from the working directory, each default-exporting a plugin. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../kernel/errors/index.js';
import { pluginProblem, type WegatePlugin } from './define-plugin.js';

/** A path (`./x.js`, `/abs/x.js`) or a package name, as a URL `import()` takes. */
function resolveSpecifier(specifier: string, cwd: string): string {
  if (specifier.startsWith('.') || isAbsolute(specifier)) return pathToFileURL(resolve(cwd, specifier)).href;
  if (/^[a-z]+:/i.test(specifier)) return specifier;
  try {
    return pathToFileURL(createRequire(join(cwd, 'package.json')).resolve(specifier)).href;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') throw error;
    return importEntry(specifier, cwd) ?? specifier;
  }
}

type Exports = string | { [condition: string]: Exports | undefined } | undefined;

/** The `import` (or `default`) entry of a package whose exports `require` cannot use. */
function importEntry(name: string, cwd: string): string | undefined {
  let dir = cwd;
  for (;;) {
    const root = join(dir, 'node_modules', name);
    try {
      const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports?: Exports };
      let entry = manifest.exports;
      if (typeof entry === 'object' && entry['.'] !== undefined) entry = entry['.'];
      while (typeof entry === 'object') entry = entry['import'] ?? entry['node'] ?? entry['default'];
      return typeof entry === 'string' ? pathToFileURL(join(root, entry)).href : undefined;
    } catch {
      if (dirname(dir) === dir) return undefined;
      dir = dirname(dir);
    }
  }
}

function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}

/** Imports each module in order; the first that fails stops the start with one line naming it. */
export async function loadPlugins(specifiers: readonly string[], cwd: string): Promise<WegatePlugin[]> {
  const plugins: WegatePlugin[] = [];
  for (const specifier of specifiers) {
    let loaded: unknown;
    try {
      const module = (await import(resolveSpecifier(specifier, cwd))) as { default?: unknown };
      loaded = module.default;
    } catch (error) {
      throw new ConfigError('WEGATE_PLUGINS', `cannot load ${specifier}: ${reasonOf(error)}`, {
        cause: error,
      });
    }
    const problem = pluginProblem(loaded);
    if (problem !== undefined) {
      throw new ConfigError('WEGATE_PLUGINS', `${specifier}: its default export ${problem}`);
    }
    plugins.push(loaded as WegatePlugin);
  }
  return plugins;
}

/** The plugin `npm start` loads in sandbox mode when `WEGATE_PLUGINS` names none. */
export const SANDBOX_DEFAULT_PLUGIN = '@wegate/shop';

/**
 * The sandbox's default plugins: `@wegate/shop` when it resolves from `cwd` (this repository, or a project
 * that installed it), else none, with the reason — wegate installed alone starts without it.
 */
export async function loadSandboxDefaults(
  cwd: string,
): Promise<{ plugins: WegatePlugin[]; skipped?: string }> {
  try {
    createRequire(join(cwd, 'package.json')).resolve(`${SANDBOX_DEFAULT_PLUGIN}/package.json`);
  } catch (error) {
    return { plugins: [], skipped: `${SANDBOX_DEFAULT_PLUGIN} is not installed here (${reasonOf(error)})` };
  }
  return { plugins: await loadPlugins([SANDBOX_DEFAULT_PLUGIN], cwd) };
}
