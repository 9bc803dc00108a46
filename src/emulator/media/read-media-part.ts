/** @module readMediaPart: the `media` file part of an upload form, read from the buffered body. */
import { formBoundary, MalformedFormError, readCosForm } from '../cloud-storage/read-cos-form.js';

export interface MediaPart {
  readonly filename: string;
  readonly contentType?: string;
  readonly bytes: Buffer;
}

async function* once(body: Buffer): AsyncGenerator<Buffer> {
  yield body;
}

/** The `media` part, or undefined when the body is not a form with one (WeChat's 41005). */
export async function readMediaPart(
  contentType: string | undefined,
  body: unknown,
): Promise<MediaPart | undefined> {
  const boundary = formBoundary(contentType);
  if (boundary === undefined || !Buffer.isBuffer(body)) return undefined;
  try {
    const form = await readCosForm(once(body), boundary);
    if (form.name !== 'media') return undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of form.file) chunks.push(chunk);
    return { filename: form.filename, contentType: form.contentType, bytes: Buffer.concat(chunks) };
  } catch (error) {
    if (error instanceof MalformedFormError) return undefined;
    throw error;
  }
}
