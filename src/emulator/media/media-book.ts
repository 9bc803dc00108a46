/** @module The emulator's temporary media (临时素材): uploads kept in memory for 3 days of emulator time. */
import { randomBytes } from 'node:crypto';

export const MEDIA_TYPES = ['image', 'voice', 'video', 'thumb'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

export interface MediaEntry {
  readonly appid: string;
  readonly mediaId: string;
  readonly type: MediaType;
  readonly filename: string;
  readonly contentType: string;
  readonly bytes: Buffer;
  /** Emulator time (epoch ms) of the upload. */
  readonly createdAt: number;
}

/** What the control API shows of a media item: everything but the bytes. */
export type MediaView = Omit<MediaEntry, 'bytes'> & { readonly size: number; readonly expired: boolean };

export interface MediaBook {
  put(entry: Omit<MediaEntry, 'mediaId' | 'createdAt'>): MediaEntry;
  /** The app's media item; undefined when unknown, another app's, or older than 3 days (WeChat's 40007). */
  get(appid: string, mediaId: string): MediaEntry | undefined;
  /** Any app's live media item (the download URL of a video carries no access_token). */
  byId(mediaId: string): MediaEntry | undefined;
  list(appid?: string): MediaView[];
  reset(): void;
}

/** WeChat keeps temporary media for 3 days; the media_id is invalid afterwards. */
export const MEDIA_TTL_MS = 3 * 24 * 3600_000;
/** Bytes kept across all apps; the oldest uploads are forgotten beyond it. */
export const MAX_MEDIA_BYTES = 256 * 1024 * 1024;

export function isMediaType(value: unknown): value is MediaType {
  return typeof value === 'string' && (MEDIA_TYPES as readonly string[]).includes(value);
}

export function createMediaBook(deps: { now: () => number }, maxBytes = MAX_MEDIA_BYTES): MediaBook {
  const items = new Map<string, MediaEntry>();
  let total = 0;
  const expired = (entry: MediaEntry) => deps.now() - entry.createdAt >= MEDIA_TTL_MS;
  const evict = () => {
    for (const [id, entry] of items) {
      if (total <= maxBytes) return;
      items.delete(id);
      total -= entry.bytes.length;
    }
  };
  return {
    put(input) {
      // WeChat's temporary media ids are 64 URL-safe characters.
      const entry: MediaEntry = {
        ...input,
        mediaId: randomBytes(48).toString('base64url'),
        createdAt: deps.now(),
      };
      items.set(entry.mediaId, entry);
      total += entry.bytes.length;
      evict();
      return entry;
    },
    get(appid, mediaId) {
      const entry = items.get(mediaId);
      return entry && entry.appid === appid && !expired(entry) ? entry : undefined;
    },
    byId(mediaId) {
      const entry = items.get(mediaId);
      return entry && !expired(entry) ? entry : undefined;
    },
    list: (appid) =>
      [...items.values()]
        .filter((entry) => appid === undefined || entry.appid === appid)
        .map(({ bytes, ...rest }) => ({ ...rest, size: bytes.length, expired: expired({ ...rest, bytes }) })),
    reset() {
      items.clear();
      total = 0;
    },
  };
}
