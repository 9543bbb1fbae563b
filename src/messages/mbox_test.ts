import assert from "node:assert/strict";
import { type MboxMessage, type MboxOptions, parseMbox, parseMessage } from "./mbox.ts";

const encoder = new TextEncoder();

/** The fixture as chunks cut at the given offsets. */
async function* chunks(bytes: Uint8Array, cuts: number[] = []): AsyncGenerator<Uint8Array> {
  let start = 0;
  for (const cut of [...cuts, bytes.length]) {
    yield bytes.slice(start, cut);
    start = cut;
  }
}

async function parseAll(
  source: string | Uint8Array,
  options?: MboxOptions,
  cuts?: number[],
): Promise<MboxMessage[]> {
  const bytes = typeof source === "string" ? encoder.encode(source) : source;
  const messages: MboxMessage[] = [];
  for await (const message of parseMbox(chunks(bytes, cuts), options)) messages.push(message);
  return messages;
}

const TWO_MESSAGES = `From sysop@carrier.example Sat Mar  2 21:14:07 1996
From: "The Sysop" <sysop@carrier.example>
To: All
Subject: Welcome to the new message base
Date: Sat, 2 Mar 1996 21:14:07 -0500
Message-ID: <welcome.1@carrier.example>

Callers,

The new message base is up. Please read the rules in area 1.
>From now on, handles only: no real names in the subject line.
>>From the desk of the sysop, who quotes himself.

From modemjoe@carrier.example Sun Mar  3 08:02:55 1996
From: modemjoe@carrier.example (Modem Joe)
To: The Sysop <sysop@carrier.example>
Subject: Re: Welcome to the new message base
In-Reply-To: <welcome.1@carrier.example>
References: <older@carrier.example> <welcome.1@carrier.example>

Thanks! My 14.4 finally connects at full speed.

`;

Deno.test("messages split at From lines, with headers, dates and reply links", async () => {
  const [welcome, reply] = await parseAll(TWO_MESSAGES);
  assert.deepEqual(welcome, {
    from: "The Sysop",
    fromAddress: "sysop@carrier.example",
    to: "All",
    subject: "Welcome to the new message base",
    date: new Date("1996-03-03T02:14:07Z"),
    messageId: "welcome.1@carrier.example",
    inReplyTo: null,
    body: "Callers,\n\nThe new message base is up. Please read the rules in area 1.\n" +
      "From now on, handles only: no real names in the subject line.\n" +
      ">From the desk of the sysop, who quotes himself.\n",
    truncated: false,
  });
  assert.equal(reply!.from, "Modem Joe");
  assert.equal(reply!.fromAddress, "modemjoe@carrier.example");
  assert.equal(reply!.to, "The Sysop");
  assert.equal(reply!.inReplyTo, "welcome.1@carrier.example");
  // No Date header: the date on the "From " line, read as UTC.
  assert.deepEqual(reply!.date, new Date("1996-03-03T08:02:55Z"));
  assert.equal(reply!.body, "Thanks! My 14.4 finally connects at full speed.\n");
});

Deno.test("mboxo unquotes only a single >From", async () => {
  const [welcome] = await parseAll(TWO_MESSAGES, { format: "mboxo" });
  assert.match(welcome!.body, /^From now on/m);
  assert.match(welcome!.body, /^>>From the desk/m);
});

Deno.test("any chunking gives the same messages, CRLF files too", async () => {
  const whole = await parseAll(TWO_MESSAGES);
  const bytes = encoder.encode(TWO_MESSAGES);
  for (let cut = 0; cut <= bytes.length; cut++) {
    assert.deepEqual(await parseAll(bytes, {}, [cut]), whole, `cut at ${cut}`);
  }
  const tiny = Array.from({ length: bytes.length }, (_, i) => i);
  assert.deepEqual(await parseAll(bytes, {}, tiny), whole);
  assert.deepEqual(await parseAll(TWO_MESSAGES.replaceAll("\n", "\r\n")), whole);
});

Deno.test("References supplies the parent when In-Reply-To is missing", () => {
  const message = parseMessage(
    encoder.encode("From: a@b\nReferences: <one@x>\n <two@x>\nSubject: s\n\nbody\n"),
  );
  assert.equal(message.inReplyTo, "two@x");
  assert.equal(message.messageId, null);
});

Deno.test("encoded words decode in UTF-8 and ISO-8859-1, across folded lines", () => {
  const message = parseMessage(encoder.encode(
    [
      "From: =?ISO-8859-1?Q?Ren=E9e_Lef=E8vre?= <renee@bbs.example>",
      "To: =?utf-8?B?w4VzYQ==?= <asa@bbs.example>",
      // "Grüße aus Köln" split mid-character across two encoded words, folded.
      "Subject: =?UTF-8?B?R3LDvMOfZSBhdXMgS8M=?=",
      " =?UTF-8?B?tmxu?= und mehr",
      "Date: Mon, 15 Jan 2001 23:05:00 +0100",
      "",
      "Hallo.",
      "",
    ].join("\n"),
  ));
  assert.equal(message.from, "Renée Lefèvre");
  assert.equal(message.to, "Åsa");
  assert.equal(message.subject, "Grüße aus Köln und mehr");
  assert.deepEqual(message.date, new Date("2001-01-15T22:05:00Z"));
});

Deno.test("dates in the forms mail software wrote them", () => {
  const dateOf = (date: string) =>
    parseMessage(encoder.encode(`From: a@b\nDate: ${date}\n\nx\n`), "a@b Thu Nov  3 09:44:02 2005")
      .date?.toISOString();
  assert.equal(dateOf("Tue, 1 Jul 2003 10:52:37 +0200"), "2003-07-01T08:52:37.000Z");
  assert.equal(dateOf("1 Jul 03 10:52 GMT"), "2003-07-01T10:52:00.000Z");
  assert.equal(dateOf("Wed, 12 Feb 97 16:30:00 EST (Eastern)"), "1997-02-12T21:30:00.000Z");
  assert.equal(dateOf("not a date"), "2005-11-03T09:44:02.000Z"); // the From line's
  assert.equal(parseMessage(encoder.encode("From: a@b\n\nx\n")).date, null);
});

Deno.test("quoted-printable and base64 bodies decode in their charset", () => {
  const qp = parseMessage(encoder.encode(
    [
      "From: a@b",
      "Content-Type: text/plain; charset=iso-8859-1",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      "Caf=E9 au lait, na=EFve r=E9sum=E9 =3D good. This line is long and so it is=",
      " softly broken.",
      "A stray = sign stays.",
      "",
    ].join("\n"),
  ));
  assert.equal(
    qp.body,
    "Café au lait, naïve résumé = good. This line is long and so it is softly broken.\n" +
      "A stray = sign stays.\n",
  );
  const text = "Zoë says: ✓ works\r\nsecond line\r\n";
  const b64 = btoa(String.fromCharCode(...encoder.encode(text))).replace(/(.{20})/g, "$1\n");
  const base64 = parseMessage(encoder.encode(
    `From: a@b\nContent-Type: text/plain; charset="UTF-8"\nContent-Transfer-Encoding: BASE64\n\n${b64}\n`,
  ));
  assert.equal(base64.body, "Zoë says: ✓ works\nsecond line\n");
});

Deno.test("multipart takes the first text/plain part, nested alternatives included", () => {
  const message = parseMessage(encoder.encode(
    [
      "From: a@b",
      "MIME-Version: 1.0",
      'Content-Type: multipart/mixed; boundary="outer; edge"',
      "",
      "This is the preamble nobody reads.",
      "--outer; edge",
      "Content-Type: multipart/alternative; boundary=inner",
      "",
      "--inner",
      "Content-Type: text/html; charset=utf-8",
      "",
      "<p>HTML first</p>",
      "--inner",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      "Plain text =E2=9C=93",
      "--inner--",
      "--outer; edge",
      "Content-Type: text/plain",
      "",
      "An attachment that is text too.",
      "--outer; edge--",
      "Epilogue.",
      "",
    ].join("\n"),
  ));
  assert.equal(message.body, "Plain text ✓");
  const htmlOnly = parseMessage(encoder.encode(
    "From: a@b\nContent-Type: multipart/alternative; boundary=x\n\n--x\nContent-Type: text/html\n\n<b>hi</b>\n--x--\n",
  ));
  assert.equal(htmlOnly.body, "");
});

Deno.test("an unknown charset falls back to UTF-8, then Windows-1252", () => {
  const bytes = new Uint8Array([
    ...encoder.encode("From: a@b\nContent-Type: text/plain; charset=x-klingon\n\nna"),
    0xef,
    0x76,
    0x65,
    0x0a,
  ]);
  assert.equal(parseMessage(bytes).body, "naïve\n");
});

Deno.test("a From line in a body is a separator only after a blank line or with a date", async () => {
  const mbox =
    "From a@b Mon Jan  1 00:00:00 2001\nFrom: a@b\nSubject: one\n\nquoting:\nFrom me to you\n\n" +
    "From b@c Tue Jan  2 00:00:00 2001\nFrom: b@c\nSubject: two\n\nsecond\n";
  const messages = await parseAll(mbox);
  assert.deepEqual(messages.map((m) => m.subject), ["one", "two"]);
  assert.equal(messages[0]!.body, "quoting:\nFrom me to you\n");
});

Deno.test("a message over the size bound is cut and flagged, the next one is whole", async () => {
  const long = "x".repeat(200);
  const mbox =
    `From a@b Mon Jan  1 00:00:00 2001\nFrom: a@b\nSubject: big\n\n${long}\n${long}\n\n` +
    "From b@c Tue Jan  2 00:00:00 2001\nFrom: b@c\nSubject: small\n\nok\n";
  const [big, small] = await parseAll(mbox, { maxMessageBytes: 300 });
  assert.equal(big!.truncated, true);
  assert.ok(big!.body.length < 300);
  assert.deepEqual([small!.subject, small!.body, small!.truncated], ["small", "ok\n", false]);
  // One endless line is cut too, without holding it all.
  const [endless] = await parseAll(`From a@b Mon Jan  1 00:00:00 2001\n\n${"y".repeat(5000)}`, {
    maxMessageBytes: 1000,
  });
  assert.equal(endless!.truncated, true);
});

Deno.test("random bytes never throw", async () => {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 0x1_0000_0000;
  const pieces = [
    "From a@b Mon Jan  1 00:00:00 2001\n",
    "\n",
    ">From ",
    "=?",
    "?B?",
    "?Q?",
    "?=",
    "Content-Type: multipart/mixed; boundary=b\n",
    "--b\n",
    "--b--\n",
    "=E9",
    "=\n",
    ": ",
    "\r",
  ];
  for (let i = 0; i < 300; i++) {
    let text = "From x Mon Jan  1 00:00:00 2001\n";
    while (text.length < 400) {
      text += next() < 0.5
        ? pieces[Math.floor(next() * pieces.length)]
        : String.fromCharCode(Math.floor(next() * 256));
    }
    const bytes = new Uint8Array([...text].map((c) => c.charCodeAt(0)));
    const messages = await parseAll(bytes, {}, [Math.floor(next() * bytes.length)]);
    assert.ok(messages.length >= 1);
  }
});
