/**
 * Byte buffers for protocol code: `ByteWriter` appends into one reusable, growable buffer.
 *
 * @module
 */
export { ByteWriter } from "./byte_writer.ts";
