import assert from "node:assert/strict";
import { BINARY, DO, DONT, ECHO, NAWS, SGA, TTYPE, WILL, WONT } from "./constants.ts";
import { type OptionPolicy, TelnetOptions } from "./options.ts";
import { seededRandom } from "./_recording_handler.ts";

type Command = [verb: number, option: number];
type Change = [option: number, side: "local" | "remote", enabled: boolean];

const POLICY: OptionPolicy = { local: [ECHO, SGA, BINARY], remote: [NAWS, TTYPE, SGA, BINARY] };

/** A TelnetOptions whose sends and changes are recorded, and checked against isLocal/isRemote. */
function negotiator(policy: OptionPolicy = POLICY) {
  const sent: Command[] = [];
  const changes: Change[] = [];
  const options: TelnetOptions = new TelnetOptions(policy, {
    send: (verb, option) => void sent.push([verb, option]),
    changed: (option, side, enabled) => {
      changes.push([option, side, enabled]);
      const now = side === "local" ? options.isLocal(option) : options.isRemote(option);
      assert.equal(now, enabled, "changed reports the state isLocal/isRemote now give");
    },
  });
  return { options, sent, changes };
}

/** What a peer sends back for one command it receives. */
type Peer = (verb: number, option: number) => Command[];

/**
 * Delivers everything `options` sends to `peer` and the peer's replies back, in order, until
 * nothing is in flight or `limit` commands have crossed. Returns the commands each way.
 */
function converse(
  options: TelnetOptions,
  sent: Command[],
  peer: Peer,
  limit = 10_000,
): { ours: number; theirs: number } {
  let ours = 0;
  let theirs = 0;
  while (ours < sent.length && ours + theirs < limit) {
    const [verb, option] = sent[ours++]!;
    for (const [v, o] of peer(verb, option)) {
      theirs++;
      options.receive(v, o);
    }
  }
  return { ours, theirs };
}

Deno.test("the peer's DO of a supported option is accepted with WILL", () => {
  const { options, sent, changes } = negotiator();
  options.receive(DO, ECHO);
  assert.deepEqual(sent, [[WILL, ECHO]]);
  assert.deepEqual(changes, [[ECHO, "local", true]]);
  assert.equal(options.isLocal(ECHO), true);
  assert.equal(options.isRemote(ECHO), false);
  assert.equal(options.pending(), false);
});

Deno.test("the peer's WILL of a supported option is accepted with DO", () => {
  const { options, sent, changes } = negotiator();
  options.receive(WILL, NAWS);
  assert.deepEqual(sent, [[DO, NAWS]]);
  assert.deepEqual(changes, [[NAWS, "remote", true]]);
  assert.equal(options.isRemote(NAWS), true);
});

Deno.test("the peer's DO and WILL of unsupported options are refused with WONT and DONT", () => {
  const { options, sent, changes } = negotiator();
  options.receive(DO, NAWS);
  options.receive(WILL, ECHO);
  options.receive(WILL, 39);
  assert.deepEqual(sent, [[WONT, NAWS], [DONT, ECHO], [DONT, 39]]);
  assert.deepEqual(changes, []);
});

Deno.test("our WILL confirmed by DO takes effect with no reply", () => {
  const { options, sent, changes } = negotiator();
  options.enableLocal(ECHO);
  assert.deepEqual(sent, [[WILL, ECHO]]);
  assert.equal(options.pending(), true);
  assert.equal(options.isLocal(ECHO), false, "no effect while negotiating");
  options.receive(DO, ECHO);
  assert.deepEqual(sent, [[WILL, ECHO]]);
  assert.deepEqual(changes, [[ECHO, "local", true]]);
  assert.equal(options.pending(), false);
});

Deno.test("our DO refused by WONT stays off with no reply", () => {
  const { options, sent, changes } = negotiator();
  options.enableRemote(TTYPE);
  options.receive(WONT, TTYPE);
  assert.deepEqual(sent, [[DO, TTYPE]]);
  assert.deepEqual(changes, []);
  assert.equal(options.isRemote(TTYPE), false);
  assert.equal(options.pending(), false);
});

Deno.test("repeated requests and repeated confirmations send nothing more", () => {
  const { options, sent } = negotiator();
  options.enableLocal(SGA);
  options.enableLocal(SGA);
  options.receive(DO, SGA);
  options.receive(DO, SGA);
  options.enableLocal(SGA);
  options.receive(WILL, NAWS);
  options.receive(WILL, NAWS);
  options.disableRemote(TTYPE);
  assert.deepEqual(sent, [[WILL, SGA], [DO, NAWS]]);
});

Deno.test("the peer disabling an enabled option is obeyed and answered once", () => {
  const { options, sent, changes } = negotiator();
  options.receive(WILL, NAWS);
  options.receive(WONT, NAWS);
  options.receive(WONT, NAWS);
  assert.deepEqual(sent, [[DO, NAWS], [DONT, NAWS]]);
  assert.deepEqual(changes, [[NAWS, "remote", true], [NAWS, "remote", false]]);
});

Deno.test("disabling our side takes effect at once and the DONT needs no reply", () => {
  const { options, sent, changes } = negotiator();
  options.receive(DO, ECHO);
  options.disableLocal(ECHO);
  assert.deepEqual(changes, [[ECHO, "local", true], [ECHO, "local", false]]);
  assert.equal(options.pending(), true);
  options.receive(DONT, ECHO);
  assert.deepEqual(sent, [[WILL, ECHO], [WONT, ECHO]]);
  assert.equal(options.pending(), false);
});

Deno.test("a disable asked while an enable is in flight is queued until the answer", () => {
  const { options, sent, changes } = negotiator();
  options.enableLocal(ECHO);
  options.disableLocal(ECHO);
  assert.deepEqual(sent, [[WILL, ECHO]], "queued, not sent");
  options.receive(DO, ECHO);
  assert.deepEqual(sent, [[WILL, ECHO], [WONT, ECHO]]);
  assert.equal(options.pending(), true);
  options.receive(DONT, ECHO);
  assert.deepEqual(changes, [], "never took effect");
  assert.equal(options.pending(), false);
});

Deno.test("an enable asked while a disable is in flight is queued until the answer", () => {
  const { options, sent, changes } = negotiator();
  options.receive(WILL, BINARY);
  options.disableRemote(BINARY);
  options.enableRemote(BINARY);
  assert.deepEqual(sent, [[DO, BINARY], [DONT, BINARY]]);
  options.receive(WONT, BINARY);
  assert.deepEqual(sent, [[DO, BINARY], [DONT, BINARY], [DO, BINARY]]);
  options.receive(WILL, BINARY);
  assert.equal(options.isRemote(BINARY), true);
  assert.deepEqual(changes, [
    [BINARY, "remote", true],
    [BINARY, "remote", false],
    [BINARY, "remote", true],
  ]);
});

Deno.test("asking again cancels a queued opposite request", () => {
  const { options, sent } = negotiator();
  options.enableLocal(ECHO);
  options.disableLocal(ECHO);
  options.enableLocal(ECHO);
  options.receive(DO, ECHO);
  assert.deepEqual(sent, [[WILL, ECHO]]);
  assert.equal(options.isLocal(ECHO), true);
});

Deno.test("a refusal with a queued disable ends disabled without a reply", () => {
  const { options, sent } = negotiator();
  options.enableRemote(NAWS);
  options.disableRemote(NAWS);
  options.receive(WONT, NAWS);
  assert.deepEqual(sent, [[DO, NAWS]]);
  assert.equal(options.pending(), false);
});

Deno.test("DONT answered by WILL ends disabled, or enabled when an enable was queued", () => {
  const { options, sent, changes } = negotiator();
  options.receive(WILL, NAWS);
  options.disableRemote(NAWS);
  options.receive(WILL, NAWS);
  assert.equal(options.isRemote(NAWS), false);
  options.receive(WILL, NAWS);
  options.disableRemote(NAWS);
  options.enableRemote(NAWS);
  options.receive(WILL, NAWS);
  assert.equal(options.isRemote(NAWS), true);
  assert.deepEqual(sent, [[DO, NAWS], [DONT, NAWS], [DO, NAWS], [DONT, NAWS]]);
  assert.deepEqual(changes.map((c) => c[2]), [true, false, true, false, true]);
});

Deno.test("a peer that echoes every command back does not loop", () => {
  const mirror: Peer = (verb, option) => [[verb, option]];
  const { options, sent } = negotiator();
  for (const option of [ECHO, SGA, BINARY, 39]) options.enableLocal(option);
  for (const option of [NAWS, TTYPE, SGA, 39]) options.enableRemote(option);
  const { ours, theirs } = converse(options, sent, mirror);
  assert.ok(ours <= 16, `we sent ${ours}`);
  assert.equal(theirs, ours);
  assert.equal(options.pending(), false);
});

Deno.test("a naive peer that acknowledges everything, even repeats, does not loop", () => {
  const acknowledge: Peer = (verb, option) => {
    const reply = { [WILL]: DO, [WONT]: DONT, [DO]: WILL, [DONT]: WONT }[verb]!;
    return [[reply, option]];
  };
  const { options, sent } = negotiator();
  for (const option of [ECHO, SGA, 39]) options.enableLocal(option);
  for (const option of [NAWS, TTYPE, 40]) options.enableRemote(option);
  options.receive(WILL, BINARY);
  options.receive(DO, BINARY);
  let { ours } = converse(options, sent, acknowledge);
  assert.ok(ours <= 8, `we sent ${ours}`);
  options.disableLocal(ECHO);
  options.disableRemote(NAWS);
  ours = converse(options, sent, acknowledge).ours;
  assert.ok(ours <= 10, `we sent ${ours}`);
  assert.equal(options.pending(), false);
  assert.equal(options.isLocal(SGA) && options.isLocal(39) && options.isRemote(TTYPE), true);
  assert.equal(options.isLocal(ECHO) || options.isRemote(NAWS), false);
});

Deno.test("a peer that answers every WILL with DONT then DO is cut off", () => {
  const flipper: Peer = (verb, option) => verb === WILL ? [[DONT, option], [DO, option]] : [];
  const { options, sent } = negotiator();
  options.enableLocal(ECHO);
  const { ours, theirs } = converse(options, sent, flipper);
  assert.ok(ours < 100, `we sent ${ours}, the peer ${theirs}`);
  assert.equal(options.pending(), false);
  assert.equal(options.isLocal(ECHO), false);
  assert.equal(options.ignoredRequests, 1);
});

Deno.test("a refused offer repeated forever is refused a bounded number of times", () => {
  const { options, sent } = negotiator();
  for (let i = 0; i < 1000; i++) options.receive(WILL, 39);
  assert.ok(sent.length <= 64);
  assert.ok(sent.every(([verb, option]) => verb === DONT && option === 39));
  assert.equal(options.ignoredRequests, 1000 - sent.length);
});

for (const count of [100_000, 200_000]) {
  Deno.test(`bytes sent stay bounded under ${count} random negotiation commands`, () => {
    const random = seededRandom(count);
    const { options, sent } = negotiator({ local: [0, 1, 2, 3, 4], remote: [2, 3, 4, 5, 6] });
    const verbs = [WILL, WONT, DO, DONT];
    for (let i = 0; i < count; i++) {
      // Mostly a few options, so each one is flipped many times; now and then any option.
      const option = random() < 0.9 ? Math.floor(random() * 8) : Math.floor(random() * 256);
      options.receive(verbs[Math.floor(random() * 4)]!, option);
    }
    // Per option and side: at most 64 answers and one obeyed disable past them.
    assert.ok(sent.length <= 256 * 2 * 65, `sent ${sent.length} commands`);
    assert.ok(sent.length * 3 < 100_000);
  });
}

Deno.test("two negotiators making random requests always settle and agree", () => {
  const random = seededRandom(1143);
  const policy: OptionPolicy = { local: [0, 1, 2, 3], remote: [2, 3, 4, 5] };
  interface End {
    options: TelnetOptions;
    /** Commands sent, in order; `read` of them have reached the other end. */
    outbox: Command[];
    read: number;
  }
  const end = (): End => {
    const outbox: Command[] = [];
    const options = new TelnetOptions(policy, {
      send: (verb, option) => void outbox.push([verb, option]),
      changed: () => {},
    });
    return { options, outbox, read: 0 };
  };
  const a = end();
  const b = end();
  const deliver = (from: End, to: End) => {
    const [verb, option] = from.outbox[from.read++]!;
    to.options.receive(verb, option);
  };
  for (let round = 0; round < 200; round++) {
    for (let step = 0; step < 20; step++) {
      const [me, other] = random() < 0.5 ? [a, b] : [b, a];
      if (random() < 0.2) {
        const option = Math.floor(random() * 6);
        const o = me.options;
        [o.enableLocal, o.disableLocal, o.enableRemote, o.disableRemote][Math.floor(random() * 4)]!
          .call(o, option);
      } else if (me.read < me.outbox.length) {
        deliver(me, other);
      }
    }
    while (a.read < a.outbox.length || b.read < b.outbox.length) {
      if (a.read < a.outbox.length) deliver(a, b);
      if (b.read < b.outbox.length) deliver(b, a);
    }
    assert.equal(a.options.pending() || b.options.pending(), false, `round ${round} settled`);
    for (let option = 0; option < 6; option++) {
      assert.equal(a.options.isLocal(option), b.options.isRemote(option), `round ${round}`);
      assert.equal(a.options.isRemote(option), b.options.isLocal(option), `round ${round}`);
    }
  }
  assert.equal(a.options.ignoredRequests + b.options.ignoredRequests, 0);
});

Deno.test("an option or verb out of range is a RangeError", () => {
  const { options } = negotiator();
  assert.throws(() => options.receive(WILL, 256), RangeError);
  assert.throws(() => options.receive(250, ECHO), RangeError);
  assert.throws(() => options.enableLocal(-1), RangeError);
  assert.throws(
    () => new TelnetOptions({ local: [300], remote: [] }, negotiatorSink()),
    RangeError,
  );
});

function negotiatorSink() {
  return { send: () => {}, changed: () => {} };
}

Deno.test("negotiating tells which options still wait for an answer", () => {
  const { options } = negotiator();
  options.enableLocal(ECHO);
  options.enableRemote(NAWS);
  assert.ok(options.negotiating(ECHO) && options.negotiating(NAWS));
  assert.ok(!options.negotiating(TTYPE));
  options.receive(DO, ECHO);
  assert.ok(!options.negotiating(ECHO) && options.negotiating(NAWS));
  options.receive(WONT, NAWS);
  assert.ok(!options.negotiating(NAWS));
  assert.ok(!options.pending());
});
