import assert from "node:assert/strict";
import { profileForTerminalType } from "./profile.ts";

Deno.test("BBS terminals get CP437 and DOS colours, iCE where supported", () => {
  assert.deepEqual(profileForTerminalType("ANSI"), {
    charset: "cp437",
    color: "dos",
    iceColors: false,
  });
  assert.deepEqual(profileForTerminalType("SyncTERM"), {
    charset: "cp437",
    color: "dos",
    iceColors: true,
  });
  assert.deepEqual(profileForTerminalType("netrunner"), {
    charset: "cp437",
    color: "dos",
    iceColors: true,
  });
  assert.equal(profileForTerminalType("ANSI-BBS").charset, "cp437");
});

Deno.test("Unix terminals get UTF-8 and as many colours as their name promises", () => {
  assert.deepEqual(profileForTerminalType("xterm-256color"), {
    charset: "utf8",
    color: "xterm256",
    iceColors: false,
  });
  assert.deepEqual(profileForTerminalType("XTERM"), {
    charset: "utf8",
    color: "xterm16",
    iceColors: false,
  });
  assert.equal(profileForTerminalType("tmux-256color").color, "xterm256");
  assert.equal(profileForTerminalType("xterm-direct").color, "truecolor");
  assert.equal(profileForTerminalType("linux").charset, "utf8");
  assert.equal(profileForTerminalType("st-256color").color, "xterm256");
});

Deno.test("an unknown or missing type leaves the character set to ask", () => {
  assert.equal(profileForTerminalType(undefined).charset, undefined);
  assert.equal(profileForTerminalType("VT100").charset, undefined);
  assert.equal(profileForTerminalType("dumb").charset, undefined);
  assert.equal(profileForTerminalType("stupid").charset, undefined);
});
