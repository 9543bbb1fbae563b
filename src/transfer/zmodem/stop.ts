/**
 * Ending a transfer early, shared by the ZMODEM, XMODEM and YMODEM senders: the stop their
 * sending loops throw, the cancel sequence sent to the peer, and file reads a stop cuts short.
 *
 * @module
 */

import { CANCEL_SEQUENCE } from "./constants.ts";
import type { Outbox, ZmodemTimers } from "./outbox.ts";
import type { FileSource } from "./sender.ts";

/** Why a transfer ends early; thrown inside the sending loop, never out of the codec. */
export class TransferStop extends Error {
  /**
   * @param reason what the report will say.
   * @param notifyPeer send the cancel sequence before ending.
   * @param cause the error behind it, if any.
   */
  constructor(readonly reason: string, readonly notifyPeer: boolean, cause?: unknown) {
    super(reason, cause === undefined ? {} : { cause });
  }
}

/** Awaits a promise unless the transfer stops first; then throws the {@linkcode TransferStop}. */
export type UntilStopped = <T>(promise: Promise<T>) => Promise<T>;

/**
 * Fills `into` from `file` at `offset`, in as many reads as it takes; returns how many bytes,
 * fewer only at the end of the file. Each read is awaited through `until`, so a stop ends the
 * wait; a read that fails becomes a stop that tells the peer.
 */
export async function readFully(
  file: FileSource,
  offset: number,
  into: Uint8Array,
  until: UntilStopped,
): Promise<number> {
  let got = 0;
  while (got < into.length) {
    let n: number;
    try {
      n = await until(file.read(offset + got, into.subarray(got)));
    } catch (error) {
      if (error instanceof TransferStop) throw error;
      throw new TransferStop(`cannot read "${file.name}": ${String(error)}`, true, error);
    }
    if (!(n > 0)) break;
    got += n;
  }
  return got;
}

/**
 * Drops the output not yet sent, sends the cancel sequence (CAN×8, BS×10) and waits for it to
 * go out, or `timeoutMs` at most.
 */
export async function sendCancel(
  outbox: Outbox,
  timers: ZmodemTimers,
  timeoutMs: number,
): Promise<void> {
  outbox.discard();
  outbox.out.bytes(CANCEL_SEQUENCE);
  let cancelTimer = (): void => {};
  await Promise.race([
    outbox.drain(),
    new Promise<void>((resolve) => cancelTimer = timers.schedule(resolve, timeoutMs)),
  ]);
  cancelTimer();
}
