/**
 * Telnet option negotiation by the RFC 1143 "Q method", which never loops, whatever the peer
 * answers.
 *
 * @module
 */

import { DO, DONT, WILL, WONT } from "./constants.ts";

/** Where {@linkcode TelnetOptions} sends its replies and reports option changes. */
export interface OptionSink {
  /** Send `IAC <verb> <option>` to the peer (e.g. with `writeCommand`). */
  send(verb: number, option: number): void;
  /**
   * An option took effect or stopped: `side` is `"local"` for ours (WILL/WONT), `"remote"` for
   * the peer's (DO/DONT). Called exactly when `isLocal`/`isRemote` changes, after any reply.
   */
  changed(option: number, side: "local" | "remote", enabled: boolean): void;
}

/** Which options may be enabled when the peer asks for them. */
export interface OptionPolicy {
  /** Options we agree to enable on our side when the peer sends DO. */
  local: Iterable<number>;
  /** Options we agree to let the peer enable when it sends WILL. */
  remote: Iterable<number>;
}

// RFC 1143 section 7: per option and side, a state in the low two bits…
const NO = 0;
const YES = 1;
const WANTNO = 2;
const WANTYES = 3;
const STATE = 3;
// …and the queue bit, EMPTY (0) or OPPOSITE, meaningful only in WANTNO/WANTYES.
const OPPOSITE = 4;

const LOCAL = 0;
const REMOTE = 1;
type Side = typeof LOCAL | typeof REMOTE;
const SIDE_NAMES = ["local", "remote"] as const;

/** Policy tables by policy object, so sessions sharing one policy share one table. */
const policyTables = new WeakMap<OptionPolicy, Uint8Array>();

function policyTable(policy: OptionPolicy): Uint8Array {
  let table = policyTables.get(policy);
  if (!table) {
    table = new Uint8Array(256);
    for (const option of policy.local) table[checkOption(option)]! |= 1 << LOCAL;
    for (const option of policy.remote) table[checkOption(option)]! |= 1 << REMOTE;
    policyTables.set(policy, table);
  }
  return table;
} /** Verbs we send per side: [side][enable ? 1 : 0]. Ours is WILL/WONT, the peer's DO/DONT. */
const SEND_VERBS = [[WONT, WILL], [DONT, DO]] as const;

/**
 * Answers to the peer's own requests per option and side, for the life of the connection. A
 * compliant peer needs one per change of its mind (two per client-driven BINARY transfer), so
 * this is far above real use; a peer that keeps flipping, or repeats a refused offer, meets
 * silence after it, having cost us at most 64 * 3 bytes per option and side.
 */
const MAX_ANSWERS = 64;

/**
 * Negotiates telnet options with one peer per RFC 1143 section 7 (the Q method), tracking our
 * side ("us") and the peer's side ("him") of every option 0..255.
 *
 * Requests made while a negotiation is in flight are queued (at most one, the OPPOSITE bit),
 * confirmations are never answered, and each received command causes at most one reply.
 *
 * Beyond RFC 1143, which trusts a peer to stop on its own: the peer's requests to enable an
 * option (WILL/DO arriving in state NO) are answered at most 64 times per option and side; later
 * ones are ignored and counted in `ignoredRequests`. A request to disable an enabled option is
 * always obeyed and answered, as RFC 1143 section 2 requires. So a peer that flips its answers
 * forever, or a random stream of commands, gets a bounded number of bytes back.
 *
 * @example
 * ```ts
 * const options = new TelnetOptions(
 *   { local: [ECHO, SGA], remote: [NAWS, TTYPE, SGA] },
 *   { send: (verb, option) => writeCommand(out, verb, option), changed: onOptionChanged },
 * );
 * options.enableLocal(ECHO);
 * options.enableRemote(NAWS);
 * // and from the decoder: negotiate: (verb, option) => options.receive(verb, option)
 * ```
 */
export class TelnetOptions {
  readonly #sink: OptionSink;
  /**
   * Every caller holds one of these, so the per-option tables are kept small: `#states` at
   * `side * 256 + option` holds the state and queue bit; `#answers` (made on the peer's first
   * request) the answers sent to its requests, saturating at MAX_ANSWERS; `#policy`, shared by
   * every negotiator made from the same policy object, bit (1 << side) when the peer may enable
   * that side of the option.
   */
  readonly #states = new Uint8Array(512);
  #answers: Uint8Array | undefined;
  readonly #policy: Uint8Array;
  #pending = 0;
  #ignored = 0;

  /**
   * @param policy which options the peer may enable, on our side (`local`) or its own (`remote`).
   * @param sink where replies go and where option changes are reported.
   * @throws {RangeError} when the policy names something other than an option 0..255.
   */
  constructor(policy: OptionPolicy, sink: OptionSink) {
    this.#policy = policyTable(policy);
    this.#sink = sink;
  }

  /** True when `option` is enabled on our side (state YES). */
  isLocal(option: number): boolean {
    return (this.#states[option]! & STATE) === YES;
  }

  /** True when `option` is enabled on the peer's side (state YES). */
  isRemote(option: number): boolean {
    return (this.#states[256 + option]! & STATE) === YES;
  }

  /** True while any option on either side waits for the peer's answer (WANTYES or WANTNO). */
  pending(): boolean {
    return this.#pending > 0;
  }

  /** True while either side of `option` waits for the peer's answer. */
  negotiating(option: number): boolean {
    return ((this.#states[option]! | this.#states[256 + option]!) & WANTNO) !== 0;
  }

  /** Peer requests ignored because their option ran out of answers (for a log line). */
  get ignoredRequests(): number {
    return this.#ignored;
  }

  /** Offers `option` on our side: sends WILL unless already enabled or asked for. */
  enableLocal(option: number): void {
    this.#request(LOCAL, checkOption(option), true);
  }

  /** Stops `option` on our side: sends WONT unless already disabled or asked for. */
  disableLocal(option: number): void {
    this.#request(LOCAL, checkOption(option), false);
  }

  /** Asks the peer to enable `option` on its side: sends DO unless enabled or asked for. */
  enableRemote(option: number): void {
    this.#request(REMOTE, checkOption(option), true);
  }

  /** Asks the peer to stop `option` on its side: sends DONT unless disabled or asked for. */
  disableRemote(option: number): void {
    this.#request(REMOTE, checkOption(option), false);
  }

  /**
   * Handles `IAC <verb> <option>` from the peer, as the decoder's `negotiate` event delivers it.
   *
   * @throws {RangeError} when `verb` is not WILL, WONT, DO or DONT or `option` is not 0..255
   * (a caller's mistake; the decoder never delivers either).
   */
  receive(verb: number, option: number): void {
    checkOption(option);
    let side: Side;
    let positive: boolean;
    if (verb === WILL || verb === WONT) {
      side = REMOTE;
      positive = verb === WILL;
    } else if (verb === DO || verb === DONT) {
      side = LOCAL;
      positive = verb === DO;
    } else {
      throw new RangeError(`Telnet verb ${verb} is not WILL, WONT, DO or DONT`);
    }
    const before = this.#states[side * 256 + option]!;
    this.#receiveStep(side, option, positive, before);
    this.#report(side, option, before);
  }

  #request(side: Side, option: number, enable: boolean): void {
    const before = this.#states[side * 256 + option]!;
    this.#requestStep(side, option, enable, before);
    this.#report(side, option, before);
  }

  // RFC 1143 section 7, "If we decide to ask him to enable" / "…to disable" (the same for us).
  // A request already satisfied or already queued changes nothing: the RFC calls those errors,
  // but to a caller they are harmless repeats.
  //
  //   enable:  NO -> WANTYES, send WILL/DO   disable: YES -> WANTNO, send WONT/DONT
  //            WANTNO  EMPTY -> OPPOSITE              WANTYES EMPTY -> OPPOSITE
  //            WANTYES OPPOSITE -> EMPTY              WANTNO  OPPOSITE -> EMPTY
  #requestStep(side: Side, option: number, enable: boolean, q: number): void {
    const state = q & STATE;
    const toward = enable ? WANTYES : WANTNO;
    if (state === (enable ? NO : YES)) {
      this.#set(side, option, toward);
      this.#send(side, option, enable);
    } else if (state === toward) {
      // Already asked: only cancels a queued opposite request.
      this.#set(side, option, toward);
    } else if (state !== (enable ? YES : NO)) {
      // Negotiating the other way: queue this request for when that answer arrives.
      this.#set(side, option, state | OPPOSITE);
    }
  }

  // RFC 1143 section 7, "Upon receipt of WILL" (him) / "Upon receipt of DO" (us):
  //   NO               agree: YES, send DO/WILL; refuse: send DONT/WONT
  //   YES              ignore
  //   WANTNO  EMPTY    error (DONT answered by WILL): NO
  //           OPPOSITE error (DONT answered by WILL): YES, queue EMPTY
  //   WANTYES EMPTY    YES
  //           OPPOSITE WANTNO, queue EMPTY, send DONT/WONT
  //
  // "Upon receipt of WONT" (him) / "Upon receipt of DONT" (us):
  //   NO               ignore
  //   YES              NO, send DONT/WONT
  //   WANTNO  EMPTY    NO
  //           OPPOSITE WANTYES, queue EMPTY, send DO/WILL
  //   WANTYES EMPTY    NO
  //           OPPOSITE NO, queue EMPTY
  #receiveStep(side: Side, option: number, positive: boolean, q: number): void {
    const queued = (q & OPPOSITE) !== 0;
    switch (q & STATE) {
      case NO: {
        if (!positive) return;
        const answers = this.#answers ??= new Uint8Array(512);
        const at = side * 256 + option;
        const n = answers[at]!;
        if (n >= MAX_ANSWERS) {
          this.#ignored++;
          return;
        }
        answers[at] = n + 1;
        const agree = (this.#policy[option]! & (1 << side)) !== 0;
        if (agree) this.#set(side, option, YES);
        this.#send(side, option, agree);
        return;
      }
      case YES: {
        if (positive) return;
        // Obeyed and answered even past the budget (RFC 1143 section 2 MUST); reaching YES
        // again takes an answer from the budget or a request of ours.
        const answers = this.#answers ??= new Uint8Array(512);
        const at = side * 256 + option;
        if (answers[at]! < MAX_ANSWERS) answers[at]!++;
        this.#set(side, option, NO);
        this.#send(side, option, false);
        return;
      }
      case WANTNO:
        if (positive) {
          this.#set(side, option, queued ? YES : NO);
        } else if (queued) {
          this.#set(side, option, WANTYES);
          this.#send(side, option, true);
        } else {
          this.#set(side, option, NO);
        }
        return;
      default: // WANTYES
        if (positive && queued) {
          this.#set(side, option, WANTNO);
          this.#send(side, option, false);
        } else {
          this.#set(side, option, positive ? YES : NO);
        }
    }
  }

  #send(side: Side, option: number, enable: boolean): void {
    this.#sink.send(SEND_VERBS[side][enable ? 1 : 0], option);
  }

  /** Stores a new state and queue bit, keeping the count of pending negotiations. */
  #set(side: Side, option: number, next: number): void {
    const at = side * 256 + option;
    const before = this.#states[at]!;
    this.#states[at] = next;
    // WANTNO and WANTYES both have bit 1 set; NO and YES do not.
    this.#pending += ((next & WANTNO) >> 1) - ((before & WANTNO) >> 1);
  }

  /** Tells the sink when a step moved the option into or out of YES; runs after any reply. */
  #report(side: Side, option: number, before: number): void {
    const isYes = (this.#states[side * 256 + option]! & STATE) === YES;
    if (((before & STATE) === YES) !== isYes) this.#sink.changed(option, SIDE_NAMES[side], isYes);
  }
}

function checkOption(option: number): number {
  if ((option & 0xff) !== option) throw new RangeError(`Telnet option ${option} is not 0..255`);
  return option;
}
