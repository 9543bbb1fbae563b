import assert from "node:assert/strict";
import { createScratchSchema } from "../src/storage/postgres/scratch_schema.ts";
import { startTestDaemon } from "./support/daemon.ts";
import { applyAsNew, logIn, sayGoodbye } from "./support/flows.ts";

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
      assert.match(caller.text, /Caller\s+Pat Green \(level 255, sysop\)/);
      await sayGoodbye(caller);

      // The account made on one daemon logs in through the other.
      const again = await two.call();
      await logIn(again, "PAT GREEN");
      assert.match(again.text, /Calls\s+2\s/);
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
      const migrations = await schema.sql`SELECT version FROM schema_migrations`;
      assert.equal(
        migrations.length,
        1,
        "two daemons starting together applied the migration once",
      );
    } finally {
      await Promise.all([one.stop(), two.stop()]);
      await schema.drop();
    }
  },
});
