/** @module officialAccount.media: temporary media (临时素材), kept by WeChat for 3 days. */
import { buildMultipartForm, type ApiClient } from '../../kernel/http/index.js';

export type MediaType = 'image' | 'voice' | 'video' | 'thumb';

export interface MediaFile {
  readonly filename: string;
  readonly data: Buffer;
  /** Default: from the file name's extension. */
  readonly contentType?: string;
}

export interface MediaUploadResult {
  readonly type: MediaType;
  readonly media_id: string;
  /** Seconds since the epoch. */
  readonly created_at: number;
}

/** A video is not answered as bytes but as a download URL. */
export interface VideoMedia {
  readonly video_url: string;
}

export interface MediaApi {
  /**
   * Uploads a temporary media file (新增临时素材): image 10 MB (png/jpg/gif), voice 2 MB (amr/mp3),
   * video 10 MB (mp4), thumb 64 KB (jpg). `POST /cgi-bin/media/upload` (form field `media`). Never retried.
   * @see https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/New_temporary_materials.html
   */
  upload(type: MediaType, file: MediaFile): Promise<MediaUploadResult>;
  /**
   * A temporary media file's bytes, or a video's URL (获取临时素材). `GET /cgi-bin/media/get`.
   * @see https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Get_temporary_materials.html
   */
  get(mediaId: string): Promise<Buffer | VideoMedia>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  amr: 'audio/amr',
  mp3: 'audio/mpeg',
  mp4: 'video/mp4',
};

const contentTypeOf = (filename: string) =>
  CONTENT_TYPES[filename.slice(filename.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream';

export function createMedia(deps: { api: ApiClient }): MediaApi {
  return {
    upload: (type, file) =>
      deps.api.request<MediaUploadResult>({
        method: 'POST',
        path: '/cgi-bin/media/upload',
        query: { type },
        payload: buildMultipartForm({
          file: { ...file, name: 'media', contentType: file.contentType ?? contentTypeOf(file.filename) },
        }),
      }),
    get: (mediaId) => deps.api.get<Buffer | VideoMedia>('/cgi-bin/media/get', { media_id: mediaId }),
  };
}
