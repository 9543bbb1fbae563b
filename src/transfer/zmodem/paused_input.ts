/**
 * Input for a decoder that runs synchronously but must sometimes wait for async work (a
 * `FileTarget` opening or closing a file): while the work runs, incoming bytes are kept, up to
 * a bound, and decoded afterwards in order. `push` hands back the work's promise so the caller
 * can stop reading until it settles. Used by the ZMODEM, XMODEM and YMODEM receivers.
 *
 * @module
 */

import { ByteWriter } from "../../bytes/mod.ts";

/** What a {@linkcode PausedInput} calls back into. */
export interface PausedInputHooks {
  /** Decodes `input` from `at`; returns where it stopped (early, once it called `pause`). */
  consume(input: Uint8Array, at: number): number;
  /** False once the session is over: nothing more is decoded or run. */
  live(): boolean;
  /** Called when nothing waits any more (a good moment to re-arm timers). */
  idle?(): void;
  /** The work threw. */
  workFailed(error: unknown): void;
  /** More than the bound arrived while work ran: the caller did not await `push`. */
  overflow(): void;
}

/** How much a {@linkcode PausedInput} keeps while work runs. */
export interface PausedInputLimits {
  /** Bytes kept at most; more is an `overflow`. */
  maxStash: number;
  /** Buffer kept for the next pause once the kept bytes are decoded; a larger one is dropped. */
  retain: number;
}

/** Bytes in, decoded now or after the pending work; at most `maxStash` kept meanwhile. */
export class PausedInput {
  readonly #hooks: PausedInputHooks;
  readonly #limits: PausedInputLimits;
  readonly #stash = new ByteWriter(4096);
  #stashAt = 0;
  #work: (() => Promise<void>) | undefined;
  #busy: Promise<void> | undefined;

  /**
   * @param hooks the decoder and its session.
   * @param limits how much input is kept while work runs.
   */
  constructor(hooks: PausedInputHooks, limits: PausedInputLimits) {
    this.#hooks = hooks;
    this.#limits = limits;
  }

  /** True when work is queued: the decoder must stop and return. */
  get paused(): boolean {
    return this.#work !== undefined;
  }

  /** True while queued work (and the input kept meanwhile) is being run. */
  get busy(): boolean {
    return this.#busy !== undefined;
  }

  /** Queues `work`; decoding stops until it has run. */
  pause(work: () => Promise<void>): void {
    this.#work = work;
  }

  /** Forgets queued work (the session ended). */
  clear(): void {
    this.#work = undefined;
  }

  /** Runs work queued outside `push` (at start). */
  run(): void {
    if (this.#work && !this.#busy) this.#busy = this.#drive();
  }

  /**
   * Decodes `bytes` now, or keeps them while work runs. `bytes` is borrowed: read or copied
   * during the call. Returns a promise while work runs.
   */
  push(bytes: Uint8Array): Promise<void> | undefined {
    if (!this.#hooks.live() || bytes.length === 0) return undefined;
    if (this.#busy) {
      this.#keep(bytes, 0);
      return this.#busy;
    }
    const at = this.#hooks.consume(bytes, 0);
    if (this.#work) {
      this.#keep(bytes, at);
      this.#busy = this.#drive();
      return this.#busy;
    }
    this.#hooks.idle?.();
    return undefined;
  }

  #keep(bytes: Uint8Array, at: number): void {
    if (at >= bytes.length || !this.#hooks.live()) return;
    if (this.#stash.length - this.#stashAt + bytes.length - at > this.#limits.maxStash) {
      this.#hooks.overflow();
      return;
    }
    this.#stash.bytes(bytes.subarray(at));
  }

  /** Runs queued work, then the input kept meanwhile, until nothing waits. */
  async #drive(): Promise<void> {
    const hooks = this.#hooks;
    try {
      while (this.#work && hooks.live()) {
        const work = this.#work;
        this.#work = undefined;
        await work();
        while (!this.#work && hooks.live() && this.#stashAt < this.#stash.length) {
          this.#stashAt = hooks.consume(this.#stash.view(), this.#stashAt);
        }
        if (this.#stashAt >= this.#stash.length) {
          this.#stash.clear(this.#limits.retain);
          this.#stashAt = 0;
        }
      }
    } catch (error) {
      hooks.workFailed(error);
    } finally {
      this.#busy = undefined;
      hooks.idle?.();
    }
  }
}
