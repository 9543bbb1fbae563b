/**
 * The one error class for domain conditions a caller of Carrier's code can catch and act on.
 *
 * Misuse of an API throws `TypeError`/`RangeError`; malformed configuration throws `SyntaxError`.
 * Bytes from a peer never throw out of a codec.
 *
 * @module
 */

/** Every condition a `CarrierError` can carry. */
export type ErrorCode =
  | "CONFIG_INVALID"
  | "STORE_UNAVAILABLE"
  | "STORE_CONFLICT"
  | "STORE_FAILED"
  | "MIGRATION_FAILED"
  | "HANDLE_TAKEN"
  | "HANDLE_INVALID"
  | "USER_NOT_FOUND"
  | "PASSWORD_INVALID"
  | "AUTH_LOCKED"
  | "HANGUP"
  | "OUTPUT_OVERFLOW"
  | "TRANSFER_ABORTED"
  | "FILE_NOT_FOUND"
  | "FILE_NAME_TAKEN"
  | "UPLOAD_REFUSED"
  | "UPLOAD_INCOMPLETE"
  | "SHUTDOWN";

/**
 * A domain error with a stable `code`.
 *
 * @example
 * ```ts
 * throw new CarrierError("HANDLE_TAKEN", `Cannot create user "Sysop": the handle is taken`);
 * ```
 */
export class CarrierError extends Error {
  /** What went wrong, for code that branches on it. */
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "CarrierError";
    this.code = code;
  }
}

/** True when `error` is a `CarrierError` with the given code. */
export function isCarrierError(error: unknown, code?: ErrorCode): error is CarrierError {
  return error instanceof CarrierError && (code === undefined || error.code === code);
}
