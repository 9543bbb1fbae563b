import assert from "node:assert/strict";
import { freeDiskBytes } from "./disk_space.ts";

Deno.test("free space is a positive byte count with the statfs permission", async () => {
  const free = await freeDiskBytes(Deno.cwd());
  assert.ok(typeof free === "number" && Number.isSafeInteger(free) && free > 0, String(free));
  await assert.rejects(() => freeDiskBytes("/no/such/dir/anywhere"));
});

Deno.test("without --allow-sys=statfs the answer is unknown, never a prompt", async () => {
  // `deno eval` grants everything, so the child runs a script file.
  const dir = await Deno.makeTempDir({ prefix: "carrier_statfs_" });
  const script = `${dir}/probe.ts`;
  await Deno.writeTextFile(
    script,
    `import { freeDiskBytes } from ${JSON.stringify(import.meta.resolve("./disk_space.ts"))};
    console.log(JSON.stringify((await freeDiskBytes(".")) ?? "unknown"));`,
  );
  try {
    for (
      const [flags, expected] of [
        [["--allow-read"], /^"unknown"$/],
        [["--allow-read", "--allow-sys=statfs"], /^\d+$/],
      ] as const
    ) {
      const { stdout, success } = await new Deno.Command(Deno.execPath(), {
        args: ["run", "--no-config", "--no-prompt", ...flags, script],
        stdin: "null",
        stderr: "inherit",
      }).output();
      assert.ok(success);
      assert.match(new TextDecoder().decode(stdout).trim(), expected, flags.join(" "));
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
