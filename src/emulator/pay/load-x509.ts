/** @module Loads @peculiar/x509 with node's webcrypto, providing the metadata API its injector expects. */
import { webcrypto } from 'node:crypto';

type X509Module = typeof import('@peculiar/x509');
type Target = object;

interface MetadataReflect {
  getMetadata?: (key: unknown, target: Target, property?: PropertyKey) => unknown;
  getOwnMetadata?: (key: unknown, target: Target, property?: PropertyKey) => unknown;
  defineMetadata?: (key: unknown, value: unknown, target: Target, property?: PropertyKey) => void;
}

// The library's dependency injector (tsyringe) refuses to load without Reflect.getMetadata, and no
// reflect polyfill is installed; the injector only needs these three functions, backed by a WeakMap.
function ensureReflectMetadata(): void {
  const reflect = Reflect as unknown as MetadataReflect;
  if (reflect.getMetadata) return;
  const store = new WeakMap<Target, Map<string, Map<unknown, unknown>>>();
  const bag = (target: Target, property?: PropertyKey) => {
    let byProperty = store.get(target);
    if (!byProperty) store.set(target, (byProperty = new Map()));
    const name = String(property);
    let entries = byProperty.get(name);
    if (!entries) byProperty.set(name, (entries = new Map()));
    return entries;
  };
  reflect.defineMetadata = (key, value, target, property) => void bag(target, property).set(key, value);
  reflect.getOwnMetadata = (key, target, property) => store.get(target)?.get(String(property))?.get(key);
  reflect.getMetadata = (key, target, property) => {
    for (let o: Target | null = target; o; o = Object.getPrototypeOf(o) as Target | null) {
      const value = reflect.getOwnMetadata?.(key, o, property);
      if (value !== undefined) return value;
    }
    return undefined;
  };
}

let loading: Promise<X509Module> | undefined;

/** The x509 module, configured once with node's webcrypto. */
export function loadX509(): Promise<X509Module> {
  loading ??= (async () => {
    ensureReflectMetadata();
    const x509 = await import('@peculiar/x509');
    x509.cryptoProvider.set(webcrypto as unknown as Parameters<X509Module['cryptoProvider']['set']>[0]);
    return x509;
  })();
  return loading;
}
