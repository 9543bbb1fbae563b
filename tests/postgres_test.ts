import assert from "node:assert/strict";
import { createScratchSchema } from "../src/storage/postgres/scratch_schema.ts";
import { startTestDaemon } from "./support/daemon.ts";
import { applyAsNew, logIn, menuScreen, openMessages, post, sayGoodbye } from "./support/flows.ts";

// Set by .ci/run, which makes these tests mandatory; without it (a laptop) they show as ignored.
const PG_URL = Deno.env.get("CARRIER_TEST_PG_URL");

Deno.test({
  name: "PostgreSQL: apply, log off and log in again, with two daemons sharing one database",
  ignore: PG_URL === undefined,
  async fn() {
    const schema = await createScratchSchema(PG_URL!);
    const one = await startTestDaemon({ database: schema.url });
    const two = await startTestDaemon({ database: schema.url });
    try {
      assert.match(one.stdout(), /with store postgres:\/\/postgres@127\.0\.0\.1/);
      const caller = await one.call();
      await applyAsNew(caller, "Pat Green", { location: "Oslo" });
      assert.match(await menuScreen(caller), /Caller\s+Pat Green\s+Level\s+255\b/);
      await sayGoodbye(caller);

      // The account made on one daemon logs in through the other.
      const again = await two.call();
      await logIn(again, "PAT GREEN");
      assert.match(await menuScreen(again), /Calls\s+2\b/);
      await sayGoodbye(again);

      const wrong = await two.call();
      await wrong.expect("or NEW to apply: ");
      await wrong.line("Pat Green");
      await wrong.line("not-the-password");
      await wrong.expect("Wrong handle or password.");
      await wrong.close();

      const [row] = await schema.sql<{ calls: number; is_sysop: boolean }[]>`
        SELECT calls, is_sysop FROM users WHERE handle_key = 'pat green'`;
      assert.deepEqual({ ...row }, { calls: 2, is_sysop: true });
      const recorded = await schema.sql`SELECT name FROM schema_migrations ORDER BY version`;
      const shipped = await Array.fromAsync(
        Deno.readDir(new URL("../migrations/postgres/", import.meta.url)),
      );
      assert.deepEqual(
        recorded.map((row) => `${row.name}.sql`),
        shipped.map((entry) => entry.name).sort(),
        "two daemons starting together applied each migration once",
      );
    } finally {
      await Promise.all([one.stop(), two.stop()]);
      await schema.drop();
    }
  },
});

Deno.test({
  name: "PostgreSQL: a post on one daemon shows in a listing on the other at once",
  ignore: PG_URL === undefined,
  async fn() {
    const schema = await createScratchSchema(PG_URL!);
    const one = await startTestDaemon({ database: schema.url });
    const two = await startTestDaemon({ database: schema.url });
    try {
      const added = await one.carrier(["user", "add", "Sysop", "--sysop"], "sysop-pass\n");
      assert.equal(added.code, 0, added.stderr);
      const area = await one.carrier(["area", "add", "general", "--name", "General"]);
      assert.equal(area.code, 0, area.stderr);

      const alice = await one.call();
      await applyAsNew(alice, "Alice");
      await openMessages(alice);
      await alice.send("l");
      await alice.expectScreen(/No messages here yet\./);

      const bob = await two.call();
      await applyAsNew(bob, "Bob");
      await openMessages(bob);
      await post(bob, "Across daemons", ["Posted through the second daemon."], "Saved as #1");

      // Alice's daemon cached the empty newest-first page; after a look at the other order,
      // the same page again must show the other daemon's post.
      await alice.send("o");
      await alice.expectScreen(/oldest first/);
      await alice.send("o");
      const list = await alice.expectScreen(/1 message, newest first/);
      assert.match(list, /\s+1 Bob\s+All\s+Across daemons/);
      await alice.close();
      await bob.close();
    } finally {
      await Promise.all([one.stop(), two.stop()]);
      await schema.drop();
    }
  },
});
