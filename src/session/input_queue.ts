/**
 * Type-ahead for one caller: decoded keys wait here until a prompt reads them.
 *
 * @module
 */

import type { InputItem } from "./keys.ts";

/**
 * A bounded FIFO of text runs and keys with one waiting reader. Input beyond `limit` characters
 * of type-ahead is dropped (and counted), so a flood never grows memory.
 */
export class InputQueue {
  #items: InputItem[] = [];
  #head = 0;
  #chars = 0;
  #wake: (() => void) | undefined;
  #fail: ((error: Error) => void) | undefined;
  #closed: Error | undefined;
  readonly #limit: number;
  /** Characters dropped because the type-ahead was full. */
  dropped = 0;

  /** @param limit most characters of type-ahead kept */
  constructor(limit = 4096) {
    this.#limit = limit;
  }

  /** Queues an item and wakes the waiting reader. */
  push(item: InputItem): void {
    if (this.#closed) return;
    const size = typeof item === "string" ? item.length : 1;
    if (this.#chars + size > this.#limit) {
      this.dropped += size;
      return;
    }
    this.#chars += size;
    this.#items.push(item);
    const wake = this.#wake;
    if (wake) {
      this.#wake = this.#fail = undefined;
      wake();
    }
  }

  /** The oldest item, or `undefined` when none waits. */
  take(): InputItem | undefined {
    if (this.#head === this.#items.length) return undefined;
    const item = this.#items[this.#head]!;
    this.#items[this.#head++] = "";
    this.#chars -= typeof item === "string" ? item.length : 1;
    if (this.#head === this.#items.length) {
      this.#items.length = 0;
      this.#head = 0;
    }
    return item;
  }

  /** Puts the unread rest of a text run back at the front. */
  putBack(text: string): void {
    if (text.length === 0) return;
    this.#chars += text.length;
    if (this.#head > 0) this.#items[--this.#head] = text;
    else this.#items.unshift(text);
  }

  /** Drops all type-ahead (before a prompt that must not take stale keys). */
  clear(): void {
    this.#items.length = 0;
    this.#head = 0;
    this.#chars = 0;
  }

  /**
   * Resolves when an item can be taken; rejects with the close reason once closed.
   */
  wait(): Promise<void> {
    if (this.#closed) return Promise.reject(this.#closed);
    if (this.#head < this.#items.length) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#wake = resolve;
      this.#fail = reject;
    });
  }

  /** Ends input: the waiting reader and every later `wait` reject with `reason`. */
  close(reason: Error): void {
    if (this.#closed) return;
    this.#closed = reason;
    const fail = this.#fail;
    this.#wake = this.#fail = undefined;
    fail?.(reason);
  }
}
