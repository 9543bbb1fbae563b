import assert from "node:assert/strict";
import { absolutePath, baseName, joinPath, parentDir } from "./paths.ts";

Deno.test("paths join, split and resolve like node:path's POSIX versions", () => {
  assert.equal(joinPath("data", "files", "ab"), "data/files/ab");
  assert.equal(joinPath("/srv/", "/bbs"), "/srv/bbs");
  assert.equal(joinPath("", "x"), "x");
  assert.equal(parentDir("/a/b/c.db"), "/a/b");
  assert.equal(parentDir("/c.db"), "/");
  assert.equal(parentDir("c.db"), ".");
  assert.equal(parentDir("data/x/"), "data");
  assert.equal(baseName("/srv/dl/DOOM.ZIP"), "DOOM.ZIP");
  assert.equal(baseName("DOOM.ZIP"), "DOOM.ZIP");
  assert.equal(absolutePath("/a/./b/../c"), "/a/c");
  assert.equal(absolutePath("data/carrier.db"), `${Deno.cwd()}/data/carrier.db`);
});
