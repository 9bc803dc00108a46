/** @module createCloudBook: the emulator's cloud environments, each a set of document collections. */
import type { Doc } from './field-path.js';
import { TcbErrcode, TcbRejection } from './tcb-rejection.js';

export interface CloudEnvironment {
  readonly id: string;
  /** The Mini Program the environment belongs to; undefined lets any app use it. */
  readonly appid?: string;
  readonly collections: Map<string, Map<string, Doc>>;
}

export interface CloudEnvSeed {
  readonly env: string;
  readonly appid?: string;
}

export interface CloudBook {
  /** Creates (or empties) an environment. */
  createEnv(env: string, options?: { readonly appid?: string }): CloudEnvironment;
  /** The environment `env` as `appid` may use it: 40101 when missing, the invalid-env errcode when unknown. */
  env(env: unknown, appid: string): CloudEnvironment;
  /** The documents of a collection: the collection-not-exists errcode when there is none. */
  collection(env: CloudEnvironment, name: string): Map<string, Doc>;
  list(): string[];
  /** Drops every document and collection; seeded environments come back empty. */
  reset(): void;
}

export function createCloudBook(seeds: readonly CloudEnvSeed[] = []): CloudBook {
  const envs = new Map<string, CloudEnvironment>();
  const createEnv = (env: string, options: { readonly appid?: string } = {}) => {
    const created: CloudEnvironment = { id: env, appid: options.appid, collections: new Map() };
    envs.set(env, created);
    return created;
  };
  const seed = () => seeds.forEach((s) => createEnv(s.env, { appid: s.appid }));
  seed();
  return {
    createEnv,
    env: (env, appid) => {
      if (typeof env !== 'string' || env === '')
        throw new TcbRejection(TcbErrcode.MissingParameter, 'missing env');
      const found = envs.get(env);
      if (!found || (found.appid !== undefined && found.appid !== appid)) {
        throw new TcbRejection(TcbErrcode.InvalidEnv, `env not exists: ${env}`);
      }
      return found;
    },
    collection: (env, name) => {
      const docs = env.collections.get(name);
      if (!docs)
        throw new TcbRejection(TcbErrcode.CollectionNotExists, `database collection not exists: ${name}`);
      return docs;
    },
    list: () => [...envs.keys()],
    reset: () => {
      envs.clear();
      seed();
    },
  };
}
