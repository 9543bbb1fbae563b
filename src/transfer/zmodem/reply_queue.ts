/**
 * The sender's mailbox: headers from the receiver wait here until the sending loop takes
 * them, with a timeout for silence and a stop that wakes every wait.
 *
 * @module
 */

import type { ZmodemTimers } from "./outbox.ts";
import type { TransferStop } from "./stop.ts";

/** A header from the receiver: its frame type and P0..P3 as one number. */
export interface Reply {
  /** Frame type (ZRPOS, ZACK, …). */
  type: number;
  /** P0..P3, P0 lowest. */
  value: number;
}

/** Headers kept at most; a receiver flooding headers loses its oldest ones. */
export const MAX_QUEUED = 64;

/**
 * A bounded queue of {@linkcode Reply}s (a fixed ring, no `shift`), with `next()` to wait
 * for one and `until()` to wait for anything else, both cut short by `stop()`.
 */
export class ReplyQueue {
  readonly #timers: ZmodemTimers;
  readonly #timeoutMs: number;
  readonly #stopped = Promise.withResolvers<void>();
  readonly #ring: (Reply | undefined)[] = new Array(MAX_QUEUED).fill(undefined);
  #head = 0;
  #count = 0;
  #wake: (() => void) | undefined;
  #stop: TransferStop | undefined;

  /** @param timers clock for `next()`; `timeoutMs` is how long silence may last. */
  constructor(timers: ZmodemTimers, timeoutMs: number) {
    this.#timers = timers;
    this.#timeoutMs = timeoutMs;
  }

  /** The stop, once there is one. */
  get stopped(): TransferStop | undefined {
    return this.#stop;
  }

  /** Headers held, waiting to be taken: never more than {@linkcode MAX_QUEUED}. */
  get held(): number {
    return this.#count;
  }

  /** Adds a header from the receiver; when full, the oldest one waiting is dropped. */
  post(type: number, value: number): void {
    if (this.#count === MAX_QUEUED) this.take();
    this.#ring[(this.#head + this.#count++) % MAX_QUEUED] = { type, value };
    this.#wake?.();
  }

  /** The oldest header not yet taken, if any. */
  take(): Reply | undefined {
    if (this.#count === 0) return undefined;
    const reply = this.#ring[this.#head];
    this.#ring[this.#head] = undefined;
    this.#head = (this.#head + 1) % MAX_QUEUED;
    this.#count--;
    return reply;
  }

  /** Ends the transfer: the first stop wins; every wait throws it. */
  stop(stop: TransferStop): void {
    this.#stop ??= stop;
    this.#wake?.();
    this.#stopped.resolve();
  }

  /** Throws the stop, if there is one. */
  check(): void {
    if (this.#stop) throw this.#stop;
  }

  /** The next header, or undefined after `timeoutMs` of silence. */
  async next(): Promise<Reply | undefined> {
    this.check();
    const ready = this.take();
    if (ready) return ready;
    let cancelTimer = (): void => {};
    await new Promise<void>((resolve) => {
      this.#wake = resolve;
      cancelTimer = this.#timers.schedule(resolve, this.#timeoutMs);
    });
    cancelTimer();
    this.#wake = undefined;
    this.check();
    return this.take();
  }

  /** Awaits `promise` unless the transfer stops first; then throws the stop. */
  async until<T>(promise: Promise<T>): Promise<T> {
    const result = await Promise.race([promise, this.#stopped.promise]);
    this.check();
    return result as T;
  }
}
