/** @module createCloudFunctionBook: cloud functions (云函数) registered as JS handlers, per environment. */

/** What a function sees besides its event (the HTTP API passes no OPENID). */
export interface CloudFunctionContext {
  readonly env: string;
  readonly function_name: string;
  readonly appid: string;
  readonly request_id: string;
}

export type CloudFunctionHandler = (event: unknown, context: CloudFunctionContext) => unknown;

export interface CloudFunctionBook {
  /** Deploys (or replaces) `name` in `env`. */
  register(env: string, name: string, handler: CloudFunctionHandler): void;
  unregister(env: string, name: string): boolean;
  get(env: string, name: string): CloudFunctionHandler | undefined;
  list(env: string): string[];
}

/** Functions are code, not data: a world reset keeps them, like the apps. */
export function createCloudFunctionBook(): CloudFunctionBook {
  const envs = new Map<string, Map<string, CloudFunctionHandler>>();
  return {
    register: (env, name, handler) => {
      const functions = envs.get(env) ?? new Map<string, CloudFunctionHandler>();
      functions.set(name, handler);
      envs.set(env, functions);
    },
    unregister: (env, name) => envs.get(env)?.delete(name) ?? false,
    get: (env, name) => envs.get(env)?.get(name),
    list: (env) => [...(envs.get(env)?.keys() ?? [])],
  };
}
