/** @module The cloud storage and cloud function errcodes, named from the emulator's one table (../errcodes.ts). */
import { WxErrcode } from '../errcodes.js';

/** Names the cloud storage and function calls use, all from the one table (`WxErrcode`). */
export const StorageErrcode = {
  MissingParameter: WxErrcode.MissingParameter,
  InvalidParameter: WxErrcode.InvalidArgs,
  InvalidEnv: WxErrcode.CloudInvalidEnv,
  FunctionNotFound: WxErrcode.CloudFunctionNotFound,
  FileNotExists: WxErrcode.CloudFileNotExists,
  FunctionExecuteFail: WxErrcode.CloudFunctionExecuteFail,
} as const;

/** batchdownloadfile / batchdeletefile take at most 50 files per call. */
export const MAX_BATCH_FILES = 50;
