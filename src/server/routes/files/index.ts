/** @module The `/api/files` routes: streamed uploads into cloud storage, owner-checked ranged downloads. */
export { fileRoutes } from './file-routes.js';
export { createFileRecords, type FileRecord, type FileRecords } from '../../../cloud/storage/file-records.js';
export * from './file-routes.types.js';
export { multipartBoundary, readUploadForm, type UploadForm } from './read-upload-form.js';
export { registerFiles } from './register-files.js';
