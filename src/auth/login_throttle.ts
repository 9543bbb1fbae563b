/**
 * `LoginThrottle`: slows down and then locks out repeated failed logins, per caller IP and per
 * handle, in bounded memory.
 *
 * @module
 */

/** Options for `new LoginThrottle`; every duration is in milliseconds. */
export interface LoginThrottleOptions {
  /** Delay after the first failure; it doubles with each further one. Default 500. */
  baseDelayMs?: number;
  /** Ceiling for the delay. Default 8000. */
  maxDelayMs?: number;
  /** Failures within the window that lock the IP or handle. Default 5. */
  lockAfter?: number;
  /** How long a lock lasts, from the failure that set it. Default 15 minutes. */
  lockMs?: number;
  /** A record is forgotten once this long passes without a failure. Default 15 minutes. */
  windowMs?: number;
  /** Most IPs, and most handles, remembered; the least recently failed go first. Default 10,000. */
  maxEntries?: number;
  /** The clock, for tests. Default `Date.now`. */
  now?: () => number;
}

/** Failures of one IP or one handle. */
interface Failures {
  count: number;
  last: number;
}

function checkDuration(name: string, value: number): number {
  if (!(value >= 0) || !Number.isFinite(value)) {
    throw new RangeError(`LoginThrottle ${name} must be a finite number >= 0, got ${value}`);
  }
  return value;
}

function checkCount(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`LoginThrottle ${name} must be a positive integer, got ${value}`);
  }
  return value;
}

/**
 * Counts failed logins per IP and per handle key, each in its own map, and tells how long to
 * wait before answering the next attempt and whether either is locked.
 *
 * Failures add up while each comes within `windowMs` of the one before; after `windowMs` with no
 * failure the record is dropped. A lock lasts `lockMs` from the failure that reached `lockAfter`;
 * when `lockMs < windowMs` the count survives the lock, so one more failure locks again.
 *
 * Each map keeps at most `maxEntries` keys and evicts the one whose last failure is oldest, so a
 * flood of distinct IPs or handles costs bounded memory (and can push out older records).
 *
 * @example
 * ```ts
 * const throttle = new LoginThrottle();
 * if (throttle.lockedUntil(ip, handleKey) !== undefined) return "locked";
 * await delay(throttle.delayMs(ip, handleKey));
 * if (ok) throttle.recordSuccess(ip, handleKey);
 * else throttle.recordFailure(ip, handleKey);
 * ```
 */
export class LoginThrottle {
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;
  readonly #lockAfter: number;
  readonly #lockMs: number;
  readonly #windowMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  // A Map iterates in insertion order; delete + set on each failure keeps it oldest-first.
  readonly #ips = new Map<string, Failures>();
  readonly #handles = new Map<string, Failures>();

  /** @throws {RangeError} for a negative duration or a count below 1. */
  constructor(options: LoginThrottleOptions = {}) {
    this.#baseDelayMs = checkDuration("baseDelayMs", options.baseDelayMs ?? 500);
    this.#maxDelayMs = checkDuration("maxDelayMs", options.maxDelayMs ?? 8000);
    this.#lockAfter = checkCount("lockAfter", options.lockAfter ?? 5);
    this.#lockMs = checkDuration("lockMs", options.lockMs ?? 15 * 60_000);
    this.#windowMs = checkDuration("windowMs", options.windowMs ?? 15 * 60_000);
    this.#maxEntries = checkCount("maxEntries", options.maxEntries ?? 10_000);
    this.#now = options.now ?? Date.now;
  }

  /** How many IPs and handles are remembered; expired ones linger until looked at or pushed out. */
  get size(): { ips: number; handles: number } {
    return { ips: this.#ips.size, handles: this.#handles.size };
  }

  /**
   * How long to wait before answering a login attempt: 0 with no recent failures, else
   * `baseDelayMs * 2^(failures - 1)` up to `maxDelayMs`, counting the larger of the IP's and the
   * handle's failures.
   */
  delayMs(ip: string, handleKey: string): number {
    const now = this.#now();
    const failures = Math.max(
      this.#current(this.#ips, ip, now)?.count ?? 0,
      this.#current(this.#handles, handleKey, now)?.count ?? 0,
    );
    if (failures === 0) return 0;
    // The exponent's cap keeps 2^n finite, so a zero base never gives 0 * Infinity = NaN.
    return Math.min(this.#maxDelayMs, this.#baseDelayMs * 2 ** Math.min(failures - 1, 52));
  }

  /**
   * When the IP or the handle is locked, the time (per the clock) the later lock ends; else
   * `undefined`.
   */
  lockedUntil(ip: string, handleKey: string): number | undefined {
    const now = this.#now();
    const until = Math.max(
      this.#lockEnd(this.#current(this.#ips, ip, now)),
      this.#lockEnd(this.#current(this.#handles, handleKey, now)),
    );
    return until > now ? until : undefined;
  }

  /** Counts a failed login against both the IP and the handle. */
  recordFailure(ip: string, handleKey: string): void {
    const now = this.#now();
    this.#fail(this.#ips, ip, now);
    this.#fail(this.#handles, handleKey, now);
  }

  /**
   * Forgets the failures of the handle and of the IP. Other handles tried from that IP keep
   * theirs, so logging in to one's own account does not reset a guess at someone else's.
   */
  recordSuccess(ip: string, handleKey: string): void {
    this.#ips.delete(ip);
    this.#handles.delete(handleKey);
  }

  /** The record for `key`, dropping it if its window has passed. */
  #current(map: Map<string, Failures>, key: string, now: number): Failures | undefined {
    const record = map.get(key);
    if (record !== undefined && now - record.last >= this.#windowMs) {
      map.delete(key);
      return undefined;
    }
    return record;
  }

  #lockEnd(record: Failures | undefined): number {
    return record !== undefined && record.count >= this.#lockAfter
      ? record.last + this.#lockMs
      : -Infinity;
  }

  #fail(map: Map<string, Failures>, key: string, now: number): void {
    const record = this.#current(map, key, now);
    map.delete(key);
    if (record !== undefined) {
      record.count++;
      record.last = now;
      map.set(key, record);
      return;
    }
    // The first entries are the ones that failed longest ago: drop them while expired, and the
    // very first one anyway when the map is full.
    for (const [oldest, failures] of map) {
      if (now - failures.last < this.#windowMs && map.size < this.#maxEntries) break;
      map.delete(oldest);
    }
    map.set(key, { count: 1, last: now });
  }
}
