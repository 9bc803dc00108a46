/** @module WEGATE_PLUGINS: module specifiers resolved from the working directory, each default-exporting a plugin. */
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
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
    // A package exporting only an `import` condition: let import() find it from here.
    if ((error as NodeJS.ErrnoException).code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') return specifier;
    throw error;
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
