/**
 * XMODEM and YMODEM file transfer (Chuck Forsberg's "XMODEM/YMODEM Protocol Reference",
 * ymodem.txt) as codecs without I/O, tested against lrzsz's `sx`/`rx` and `sb`/`rb`.
 *
 * - {@linkcode XmodemSender} and {@linkcode XmodemReceiver}: one file, in checksum, CRC-16 or
 *   1k-block mode ({@linkcode XmodemMode}). XMODEM carries no name and no length, so a
 *   receiver keeps the last block's SUB padding unless it is told the size.
 * - {@linkcode YmodemSender} and {@linkcode YmodemReceiver}: batches with names, exact
 *   lengths (padding dropped) and dates; YMODEM-g streaming when the receiver asks for it.
 *
 * They are driven like the ZMODEM codecs and share their types (re-exported here): files come
 * from a {@linkcode FileSource} and go to a {@linkcode FileTarget} (which must answer
 * `{ resumeAt: 0 }`: no resume in these protocols), bytes go out through a
 * {@linkcode ZmodemSink}, timeouts run on {@linkcode ZmodemTimers}, and `start()` settles with
 * a {@linkcode TransferReport} that never rejects (an abort carries a `CarrierError`
 * "TRANSFER_ABORTED" and the reason). Peer bytes go in through `push`, which never throws;
 * names from a YMODEM header reach the report through `safeFileName`.
 *
 * Both protocols are stop-and-wait: one block (at most 1 KiB), then a round trip for its ACK,
 * so throughput is bound by latency, not by the codec (see `xmodem_bench.ts`). Over telnet,
 * the telnet layer doubles IAC (0xFF) in the codec's output as in any data.
 *
 * @example
 * ```ts
 * const sender = new YmodemSender({ sink: { write: (b) => session.write(b) }, files: [file] });
 * const done = sender.start();
 * for (let n; (n = await conn.read(buf)) !== null;) sender.push(buf.subarray(0, n));
 * const report = await done;
 * if (!report.ok) log.info(report.error?.message);
 * ```
 *
 * @module
 */

export type {
  FileOutcome,
  FileSource,
  FileTarget,
  TransferReport,
  ZmodemFileInfo,
  ZmodemSink,
  ZmodemTimers,
} from "../zmodem/mod.ts";
export {
  type XmodemMode,
  XmodemReceiver,
  type XmodemReceiverOptions,
  XmodemSender,
  type XmodemSenderOptions,
} from "./xmodem.ts";
export {
  YmodemReceiver,
  type YmodemReceiverOptions,
  YmodemSender,
  type YmodemSenderOptions,
} from "./ymodem.ts";
