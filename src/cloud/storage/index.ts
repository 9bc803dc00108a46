/** @module Cloud storage (云存储): upload through the tcb ticket and the storage form, temporary URLs, delete. */
export { createCloudStorage, type CloudStorage } from './create-cloud-storage.js';
export { buildUploadForm, type UploadForm, type UploadFormFile } from './build-upload-form.js';
export * from './storage.types.js';
export type * from './file-tables.js';
