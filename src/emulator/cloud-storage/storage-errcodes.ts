/** @module The cloud storage and cloud function errcodes the emulator answers. */

/**
 * Negative codes are the cloud's own errCode families (-501xxx resource, -503xxx storage, -504xxx
 * functions) as the cloud errCode list gives them; they are not in the shared protocol vectors, so
 * their exact values are best knowledge. 40101/40097 come from the tcb endpoint tables.
 */
export const StorageErrcode = {
  MissingParameter: 40101,
  InvalidParameter: 40097,
  InvalidEnv: -501005,
  /** `[ResourceNotFound.Function]`: no function of that name in the environment. */
  FunctionNotFound: -501000,
  /** Per file in batchdownloadfile / batchdeletefile: no such file in the environment. */
  FileNotExists: -503003,
  /** The function threw (or rejected): "functions execute fail". */
  FunctionExecuteFail: -504002,
} as const;

/** batchdownloadfile / batchdeletefile take at most 50 files per call. */
export const MAX_BATCH_FILES = 50;
