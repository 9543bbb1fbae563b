import assert from "node:assert/strict";
import { expandMci, MCI_CODES, type MciCode } from "./mci.ts";
import { pipeToAnsi } from "./pipe_codes.ts";

const values: Partial<Record<MciCode, string | number>> = {
  UH: "Zoë",
  ND: 3,
  BN: "Night Shift",
  UL: "|04Evil",
};
const source = (code: MciCode) => values[code];

Deno.test("codes become values, unknown codes and colours stay for the pipe pass", () => {
  assert.equal(
    expandMci("|15Hi |UH on node |ND of |BN|07", source),
    "|15Hi Zoë on node 3 of Night Shift|07",
  );
  assert.equal(expandMci("|XX |CL |PA || |UR", source), "|XX |CL |PA || |UR");
});

Deno.test("padding keeps columns for art", () => {
  assert.equal(expandMci("[|$L05|ND]", source), "[3    ]");
  assert.equal(expandMci("[|$R05|ND]", source), "[    3]");
  assert.equal(expandMci("[|$C05|ND]", source), "[  3  ]");
  assert.equal(expandMci("[|$L03|BN]", source), "[Nig]");
});

Deno.test("a caller's text in a value cannot become a colour code", () => {
  const expanded = expandMci("From |UL|07", source);
  assert.equal(pipeToAnsi(expanded), "From |04Evil\x1b[0;37m");
});

Deno.test("the README documents every MCI code", async () => {
  const readme = await Deno.readTextFile(new URL("../../README.md", import.meta.url));
  for (const code of Object.keys(MCI_CODES)) {
    assert.match(readme, new RegExp(`\`\\\\\\|${code}\``), code);
  }
});
