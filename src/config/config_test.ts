import assert from "node:assert/strict";
import { isCarrierError } from "../errors.ts";
import { DEFAULT_CONFIG, envName, flagName, loadConfig } from "./config.ts";

async function withFile(text: string, run: (path: string) => Promise<void>): Promise<void> {
  const path = await Deno.makeTempFile({ suffix: ".jsonc" });
  try {
    await Deno.writeTextFile(path, text);
    await run(path);
  } finally {
    await Deno.remove(path);
  }
}

Deno.test("defaults give a SQLite store under ./data", async () => {
  const config = await loadConfig();
  assert.equal(config.telnetPort, 2323);
  assert.equal(config.host, "0.0.0.0");
  assert.equal(config.database, "sqlite:./data/carrier.db");
  assert.deepEqual(config.password, { ...DEFAULT_CONFIG.password });
});

Deno.test("flags beat environment, which beats the file, which beats defaults", async () => {
  await withFile(
    `{ "telnetPort": 1000, "maxNodes": 7, "systemName": "File", "login": { "maxTries": 2 } }`,
    async (path) => {
      const config = await loadConfig({
        configFile: path,
        env: { CARRIER_TELNET_PORT: "2000", CARRIER_SYSTEM_NAME: "Env" },
        flags: { telnetPort: "3000", data: "/tmp/board" },
      });
      assert.equal(config.telnetPort, 3000);
      assert.equal(config.systemName, "Env");
      assert.equal(config.maxNodes, 7);
      assert.equal(config.login.maxTries, 2);
      assert.equal(config.login.lockAfter, DEFAULT_CONFIG.login.lockAfter);
      assert.equal(config.database, "sqlite:/tmp/board/carrier.db");
    },
  );
});

Deno.test("CARRIER_CONFIG names the file when no flag does", async () => {
  await withFile(`{ "maxNodes": 3 }`, async (path) => {
    const config = await loadConfig({ env: { CARRIER_CONFIG: path } });
    assert.equal(config.maxNodes, 3);
  });
});

Deno.test("nested settings have environment variables and flags", async () => {
  assert.equal(envName("password.minLength"), "CARRIER_PASSWORD_MIN_LENGTH");
  assert.equal(flagName("telnetPort"), "telnet-port");
  const config = await loadConfig({ env: { CARRIER_PASSWORD_MIN_LENGTH: "12" } });
  assert.equal(config.password.minLength, 12);
});

Deno.test("bad values are rejected with the setting named", async () => {
  const rejects = (promise: Promise<unknown>, pattern: RegExp) =>
    assert.rejects(
      promise,
      (error) => isCarrierError(error, "CONFIG_INVALID") && pattern.test(error.message),
    );
  await rejects(
    loadConfig({ flags: { telnetPort: "http" } }),
    /"telnetPort" from --telnet-port must be a number/,
  );
  await rejects(
    loadConfig({ flags: { telnetPort: "70000" } }),
    /"telnetPort" must be a whole number from 0 to 65535/,
  );
  await rejects(loadConfig({ env: { CARRIER_LOG_LEVEL: "loud" } }), /"logLevel" must be one of/);
  await withFile(
    `{ "telnetport": 1 }`,
    (path) => rejects(loadConfig({ configFile: path }), /unknown setting "telnetport"/),
  );
  await withFile(
    `{ "maxNodes": "5" }`,
    (path) => rejects(loadConfig({ configFile: path }), /"maxNodes" from .* must be a number/),
  );
  await withFile(
    `{ "maxNodes": 5 `,
    (path) => rejects(loadConfig({ configFile: path }), /Cannot parse config file/),
  );
  await rejects(
    loadConfig({ configFile: "/nonexistent/carrier.jsonc" }),
    /Cannot read config file/,
  );
});
