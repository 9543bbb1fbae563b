/**
 * Window size from the NAWS subnegotiation (RFC 1073).
 *
 * @module
 */

/** A terminal's size in character cells; 0 means the client does not know (RFC 1073). */
export interface WindowSize {
  /** Columns. */
  width: number;
  /** Rows. */
  height: number;
}

/**
 * Reads the payload of `IAC SB NAWS <w-hi> <w-lo> <h-hi> <h-lo> IAC SE` (RFC 1073), already
 * unescaped by the decoder.
 *
 * @returns the size, or `undefined` when the payload is not exactly 4 bytes.
 * @example
 * ```ts
 * parseNaws(new Uint8Array([0, 80, 0, 24])); // { width: 80, height: 24 }
 * ```
 */
export function parseNaws(payload: Uint8Array): WindowSize | undefined {
  if (payload.length !== 4) return undefined;
  return {
    width: (payload[0]! << 8) | payload[1]!,
    height: (payload[2]! << 8) | payload[3]!,
  };
}
