/** @module The cloud errcodes the emulator's tcb routes answer, and the rejection that carries one. */

/**
 * tcb errcodes: 40101/40097 come from the tcb endpoint tables; the negative ones are the cloud
 * environment's own codes (-501xxx resource, -502xxx database) as the cloud errCode list gives them.
 */
export const TcbErrcode = {
  MissingParameter: 40101,
  InvalidParameter: 40097,
  InvalidEnv: -501005,
  InvalidQuery: -501007,
  DatabaseRequestFailed: -502001,
  CollectionNotExists: -502005,
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
