/** @module createPathLabels: bounded label values for WeChat API paths (the gateway forwards any path). */

/** The label of every path past the bound, and of paths WeChat did not recognise. */
export const OTHER_PATH = 'other';

// 40066 "invalid url" and HTTP 404 are WeChat saying the path is not one of its APIs.
const INVALID_URL = 40066;

export interface PathOutcome {
  readonly errcode?: number;
  readonly status?: number;
}

/**
 * A path keeps its own label value once WeChat has answered it as one of its APIs, up to `max`
 * distinct paths; unknown paths and anything past the bound share `other`, so a caller cannot grow
 * the metric series without limit.
 */
export function createPathLabels(max = 200): (path: string, outcome: PathOutcome) => string {
  const known = new Set<string>();
  return (path, outcome) => {
    if (known.has(path)) return path;
    const recognised = outcome.errcode !== INVALID_URL && outcome.status !== 404;
    if (!recognised || known.size >= max) return OTHER_PATH;
    known.add(path);
    return path;
  };
}
