import assert from "node:assert/strict";
import type { Board } from "../board.ts";
import { key } from "../keys.ts";
import { type Link, Session } from "../session.ts";
import type { AreaContext } from "./area_context.ts";
import { type AreaListing, pickFromAreas } from "./area_picker.ts";

interface Area {
  id: number;
  name: string;
  group: string;
}

const LISTING: AreaListing<Area> = {
  title: "Areas",
  columns: "Name",
  none: "None here.\r\n",
  heading: (area, previous) => previous?.group === area.group ? "" : `[${area.group}]\r\n`,
  row: (area) => area.name,
};

function caller(height: number) {
  let sent = "";
  const link: Link = {
    remoteAddress: "192.0.2.5",
    write: (bytes) => {
      sent += new TextDecoder().decode(bytes);
      return Promise.resolve(bytes.length);
    },
    close: () => {},
  };
  const session = new Session(link, 1, { negotiationGraceMs: 10 });
  session.height = height;
  const context: AreaContext<Area> = {
    session,
    board: {} as Board,
    user: { id: 1 } as AreaContext<Area>["user"],
    level: 10,
    area: undefined,
  };
  return { session, context, sent: async () => (await session.drain(), sent) };
}

const AREAS: Area[] = [
  { id: 1, name: "General", group: "Main" },
  { id: 2, name: "Trading", group: "Main" },
  { id: 3, name: "Retro", group: "Hobbies" },
];

Deno.test("the areas are numbered under their headings and one is chosen by number", async () => {
  const { session, context, sent } = caller(24);
  context.area = AREAS[1];
  const picked = pickFromAreas(context, AREAS, LISTING);
  session.input.push("3");
  session.input.push(key("enter"));
  assert.equal(await picked, AREAS[2]);
  const text = (await sent()).replace(/\x1b\[[0-9;]*[A-Za-z]/g, "");
  assert.ok(text.includes("[Main]\r\n   1  General\r\n   2* Trading\r\n[Hobbies]\r\n   3  Retro"));
  session.hangup();
});

Deno.test("the title and headings count toward the screenful; a wrong number keeps the area", async () => {
  // Five lines fit before a pause: title, column heads, [Main], General, Trading.
  const { session, context, sent } = caller(6);
  const picked = pickFromAreas(context, AREAS, LISTING);
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.match(await sent(), /Trading\r\n[^]*More/);
  assert.doesNotMatch(await sent(), /Retro/);
  session.input.push("C");
  session.input.push("9");
  session.input.push(key("enter"));
  assert.equal(await picked, undefined);
  assert.match(await sent(), /Retro[^]*No such area\./);
  session.hangup();
});

Deno.test("with no areas the caller is told so and nothing is asked", async () => {
  const { session, context, sent } = caller(24);
  assert.equal(await pickFromAreas(context, [], LISTING), undefined);
  assert.equal(await sent(), "None here.\r\n");
  session.hangup();
});
