/** @module The cloud errcodes the emulator's tcb routes answer, and the rejection that carries one. */
import { WxErrcode } from '../errcodes.js';

/** Names the tcb database routes use, all from the one table (`WxErrcode` in ../errcodes.ts). */
export const TcbErrcode = {
  MissingParameter: WxErrcode.MissingParameter,
  InvalidParameter: WxErrcode.InvalidArgs,
  InvalidEnv: WxErrcode.CloudInvalidEnv,
  InvalidQuery: WxErrcode.CloudInvalidQuery,
  DatabaseRequestFailed: WxErrcode.CloudDatabaseRequestFailed,
  CollectionNotExists: WxErrcode.CloudCollectionNotExists,
} as const;

/** A tcb call the cloud refuses; routes turn it into `{errcode, errmsg}`. */
export class TcbRejection extends Error {
  constructor(
    readonly errcode: number,
    message: string,
  ) {
    super(message);
    this.name = 'TcbRejection';
  }
}

/** Rejects a query outside the supported language subset. */
export function badQuery(message: string): TcbRejection {
  return new TcbRejection(TcbErrcode.InvalidQuery, `invalid query: ${message}`);
}
