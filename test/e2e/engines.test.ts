/**
 * Installing wegate on the oldest Node it supports prints no engine warning: every package of its production
 * dependency tree accepts `engines.node` of wegate's own minimum.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import semver from 'semver';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/run-cli.js';

const run = promisify(execFile);

interface Manifest {
  name: string;
  version: string;
  engines?: { node?: string };
  overrides?: Record<string, unknown>;
}

const manifest = (dir: string): Manifest =>
  JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;

describe('engines', () => {
  it('every production dependency runs on the Node version wegate says it needs', async () => {
    const minimum = semver.minVersion(manifest(ROOT).engines?.node ?? '');
    expect(minimum?.version).toMatch(/^20\./);
    const { stdout } = await run('npm', ['ls', '--omit=dev', '--all', '--parseable', '--workspaces=false'], {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
    });
    // Without the workspaces: apps/* link back to wegate itself, which would bring its dev tree along.
    const dirs = stdout.split('\n').filter((line) => line.includes('node_modules'));
    expect(dirs.length).toBeGreaterThan(50);
    const refusing = dirs
      .map(manifest)
      .filter((m) => m.engines?.node !== undefined && !semver.satisfies(minimum!, m.engines.node))
      .map((m) => `${m.name}@${m.version} wants node ${m.engines?.node}`);
    expect(refusing).toEqual([]);
    // An override holds in this repository only, never for a project installing the tarball: none may touch
    // the production tree, or this check would pass here and the warning show there.
    const production = new Set(dirs.map((dir) => manifest(dir).name));
    const overridden = Object.keys(manifest(ROOT).overrides ?? {}).filter((name) => production.has(name));
    expect(overridden).toEqual([]);
  });
});
