/** @module WeChat's limits on temporary media: size and format per type, checked by extension and content. */
import type { MediaType } from './media-book.js';

export type Format = 'jpg' | 'png' | 'gif' | 'amr' | 'mp3' | 'mp4';

interface MediaRule {
  readonly maxBytes: number;
  readonly formats: readonly Format[];
}

const KB = 1024;
const MB = 1024 * KB;

/** Image 10 MB (png/jpeg/jpg/gif), voice 2 MB (amr/mp3), video 10 MB (mp4), thumb 64 KB (jpg). */
export const MEDIA_RULES: Readonly<Record<MediaType, MediaRule>> = {
  image: { maxBytes: 10 * MB, formats: ['jpg', 'png', 'gif'] },
  voice: { maxBytes: 2 * MB, formats: ['amr', 'mp3'] },
  video: { maxBytes: 10 * MB, formats: ['mp4'] },
  thumb: { maxBytes: 64 * KB, formats: ['jpg'] },
};

/** The largest upload body: the largest file plus room for the form's headers. */
export const MAX_UPLOAD_BODY_BYTES = 10 * MB + 64 * KB;

const EXTENSIONS: Readonly<Record<string, Format>> = {
  jpg: 'jpg',
  jpeg: 'jpg',
  png: 'png',
  gif: 'gif',
  amr: 'amr',
  mp3: 'mp3',
  mp4: 'mp4',
};

/** The content type WeChat serves each format with from `cgi-bin/media/get`. */
export const FORMAT_CONTENT_TYPES: Readonly<Record<Format, string>> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  amr: 'audio/amr',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
};

const startsWith = (bytes: Buffer, prefix: number[] | string, at = 0) => {
  const head = typeof prefix === 'string' ? Buffer.from(prefix, 'latin1') : Buffer.from(prefix);
  return bytes.length >= at + head.length && bytes.subarray(at, at + head.length).equals(head);
};

/** The format the bytes are in, by their signature; undefined when none of WeChat's. */
export function sniffFormat(bytes: Buffer): Format | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, 'GIF87a') || startsWith(bytes, 'GIF89a')) return 'gif';
  if (startsWith(bytes, '#!AMR')) return 'amr';
  // MP3: an ID3 tag, or an MPEG audio frame sync (11 set bits).
  if (startsWith(bytes, 'ID3') || (bytes.length > 1 && bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0))
    return 'mp3';
  if (startsWith(bytes, 'ftyp', 4)) return 'mp4';
  return undefined;
}

/** True when both the file name's extension and the content are formats `type` accepts (else 40005). */
export function acceptsFormat(type: MediaType, filename: string, bytes: Buffer): boolean {
  const extension = EXTENSIONS[filename.slice(filename.lastIndexOf('.') + 1).toLowerCase()];
  const sniffed = sniffFormat(bytes);
  const formats = MEDIA_RULES[type].formats;
  return (
    extension !== undefined &&
    sniffed !== undefined &&
    formats.includes(extension) &&
    formats.includes(sniffed)
  );
}
