/**
 * ZMODEM file transfer (Chuck Forsberg's zmodem.txt) as codecs without I/O, tested against
 * lrzsz.
 *
 * - {@linkcode ZmodemSender} sends files (a caller's download) from {@linkcode FileSource}s.
 * - {@linkcode ZmodemReceiver} receives files (a caller's upload) into a {@linkcode FileTarget},
 *   with resume, skip and bounded memory.
 * - {@linkcode ZmodemDetector} spots a caller's `sz` or `rz` starting in ordinary input.
 * - {@linkcode safeFileName} makes a peer's raw file name safe to store.
 *
 * Both codecs take peer bytes through `push`, write frames to a {@linkcode ZmodemSink}, set
 * timers through {@linkcode ZmodemTimers}, and settle `start()`'s promise with a
 * {@linkcode TransferReport} that never rejects.
 *
 * Over telnet: the telnet layer doubles IAC (0xFF) in the codec's output as in any data. A
 * sender made with `escapeIac: true` sends 0xFF as ZDLE ZRUB1 instead, so its stream holds no
 * IAC at all (every ZMODEM receiver decodes ZRUB1; about 8% more CPU, 0.4% more bytes on
 * random data). Incoming data still needs the telnet layer's IAC IAC undoubling.
 *
 * Memory is bounded whatever the file size: the sender keeps one 64 KiB read buffer and at
 * most two ~32 KiB output batches, and runs at most `window` (256 KiB) ahead of the receiver's
 * last ZACK; the receiver holds at most two 64 KiB buffers for the target and one 8 KiB
 * subpacket, and `push` returns a promise to await while the target catches up.
 *
 * @example
 * ```ts
 * const sender = new ZmodemSender({
 *   sink: { write: (bytes) => session.write(bytes) },
 *   files: [{ name: "CARRIER.ZIP", size, read: (offset, into) => file.read(offset, into) }],
 *   escapeIac: true,
 * });
 * const report = await sender.start();
 * if (!report.ok) log.info(report.error?.message);
 * ```
 *
 * @module
 */

export { loadNativeCrc32 } from "./crc.ts";
export { ZmodemDetector, type ZmodemStart } from "./detect.ts";
export { safeFileName, type ZmodemFileInfo } from "./file_info.ts";
export {
  type FileOutcome,
  systemTimers,
  type TransferReport,
  type ZmodemSink,
  type ZmodemTimers,
} from "./outbox.ts";
export { type FileTarget, ZmodemReceiver, type ZmodemReceiverOptions } from "./receiver.ts";
export { type FileSource, ZmodemSender, type ZmodemSenderOptions } from "./sender.ts";
