/** @module Type-check the merged raw config against RawConfigSchema; the first problem becomes a ConfigError. */
import { Value } from 'typebox/value';
import { ConfigError } from './config-error.js';
import { RawConfigSchema, type RawConfig } from './config-schema.js';
import type { SettingNames } from './setting-names.js';

interface SchemaIssue {
  readonly keyword: string;
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly message: string;
  readonly params: Record<string, unknown>;
}

const toDotted = (pointer: string): string => pointer.split('/').slice(1).join('.');

function valueAt(raw: unknown, dotted: string): unknown {
  return dotted
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], raw);
}

/** One readable reason; numbers are echoed (never secret), strings are not. */
function describeIssue(issue: SchemaIssue, all: SchemaIssue[], value: unknown): string {
  if (issue.keyword === 'boolean' && issue.schemaPath.endsWith('additionalProperties')) {
    return 'is not a known setting';
  }
  if (issue.keyword === 'const' || issue.keyword === 'anyOf') {
    const allowed = all
      .filter((i) => i.instancePath === issue.instancePath && i.keyword === 'const')
      .map((i) => String(i.params.allowedValue));
    return `must be one of ${allowed.join(', ')}, got "${String(value)}"`;
  }
  if (issue.keyword === 'minimum' || issue.keyword === 'maximum') {
    return `${issue.message}, got ${String(value)}`;
  }
  if (issue.keyword === 'minLength') return 'must not be empty';
  return issue.message;
}

/** Assert `raw` has the config file's shape and types. */
export function validateSchema(raw: unknown, names: SettingNames): asserts raw is RawConfig {
  const issues = [...Value.Errors(RawConfigSchema, raw)] as unknown as SchemaIssue[];
  const first = issues[0];
  if (!first) return;
  const path = toDotted(first.instancePath);
  const reason = describeIssue(first, issues, valueAt(raw, path));
  throw new ConfigError(names.of(path), reason);
}
