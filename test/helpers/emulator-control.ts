/** JSON calls to an emulator's control API (`/__emulator/…`) over HTTP. */
export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface EmulatorControl {
  get(path: string): Promise<Json>;
  post(path: string, body: unknown): Promise<Json>;
}

export function emulatorControl(baseUrl: string): EmulatorControl {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${baseUrl}/__emulator${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const json = (await res.json()) as Json;
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  return { get: (path) => call('GET', path), post: (path, body) => call('POST', path, body) };
}
