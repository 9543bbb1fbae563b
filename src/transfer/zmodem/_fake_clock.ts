/**
 * Test support: a clock whose time moves only when a test says so.
 *
 * @module
 */

import type { ZmodemTimers } from "./outbox.ts";

/** Timers that fire during `advance`, in time order, never on their own. */
export class FakeClock implements ZmodemTimers {
  #now = 0;
  #timers: { at: number; callback: () => void; live: boolean }[] = [];

  schedule(callback: () => void, ms: number): () => void {
    const timer = { at: this.#now + ms, callback, live: true };
    this.#timers.push(timer);
    return () => {
      timer.live = false;
    };
  }

  /** Timers scheduled and not yet fired or cancelled. */
  get pending(): number {
    return this.#timers.filter((t) => t.live).length;
  }

  /** Moves time forward by `ms`, firing due timers; awaits a macrotask after each. */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      await settle();
      const due = this.#timers.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      due.live = false;
      this.#now = due.at;
      due.callback();
    }
    this.#now = end;
    this.#timers = this.#timers.filter((t) => t.live);
    await settle();
  }
}

/** Lets pending promise callbacks run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
}
