// Inbox bodies that are not a JSON object, are too large, too deep, or would make JSON-LD
// processing expensive: refused (400, 413, 415) before any signature is checked or any work done.

import { gzipSync } from "node:zlib";
import type { InboxCase, InboxWorld } from "./inbox-world.ts";
import { AS, activity, createEvent, event, nested, row, strangerCreate } from "./inbox-world.ts";

const NOT_OBJECT = /body is not a JSON object/;
const valid = (w: InboxWorld, n: string) => JSON.stringify(createEvent(w, n));

export const malformed: InboxCase[] = [
  row("an empty body", () => "", 400, { error: NOT_OBJECT }),
  row("an unclosed object", () => "{", 400, { error: NOT_OBJECT }),
  row("null", () => "null", 400, { error: NOT_OBJECT }),
  row("an empty array", () => "[]", 400, { error: NOT_OBJECT }),
  row("an array of activities", (w, n) => `[${valid(w, n)}]`, 400, { error: NOT_OBJECT }),
  row("a string", () => '"Create"', 400, { error: NOT_OBJECT }),
  row("a number", () => "42", 400, { error: NOT_OBJECT }),
  row("true", () => "true", 400, { error: NOT_OBJECT }),
  row("an activity followed by garbage", (w, n) => `${valid(w, n)}xyz`, 400, { error: NOT_OBJECT }),
  row("two activities back to back", (w, n) => valid(w, n) + valid(w, `${n}b`), 400, { error: NOT_OBJECT }),
  row("NaN and Infinity literals", (w) => `{"@context":"${AS}","id":NaN,"actor":"${w.friend.actorId()}","n":Infinity}`, 400, { error: NOT_OBJECT }),
  row("single-quoted JSON", () => "{'type':'Create'}", 400, { error: NOT_OBJECT }),
  row("JSON with comments", (w, n) => `/* hi */${valid(w, n)}`, 400, { error: NOT_OBJECT }),
  row("unquoted keys", () => '{type:"Create"}', 400, { error: NOT_OBJECT }),
  row("invalid UTF-8 bytes between tokens", () => Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 400, { error: NOT_OBJECT }),
  row("an activity in UTF-16", (w, n) => Buffer.from(valid(w, n), "utf16le"), 400, { error: NOT_OBJECT }),
  row("NUL bytes", () => "\0\0\0\0", 400, { error: NOT_OBJECT }),
  row("only whitespace", () => " \n\t\r ", 400, { error: NOT_OBJECT }),
  row("gzip bytes without Content-Encoding", (w, n) => gzipSync(valid(w, n)), 400, { error: NOT_OBJECT }),
  row("an XML body", () => `<?xml version="1.0"?><activity type="Create"/>`, 400, { error: NOT_OBJECT, post: () => ({ contentType: "application/xml" }) }),
  row("a form body", () => "type=Create&actor=x", 400, { error: NOT_OBJECT, post: () => ({ contentType: "application/x-www-form-urlencoded" }) }),
  row("a body whose Content-Encoding is unknown or undecodable", (w, n) => valid(w, n), [400, 415], {
    post: () => ({ headers: { "Content-Encoding": "zstd" } }),
  }),
  row("a body that claims gzip and is not", (w, n) => valid(w, n), 400, { post: () => ({ headers: { "Content-Encoding": "gzip" } }) }),
  row("an unsigned malformed body", () => "{", 400, { error: NOT_OBJECT, post: () => ({ unsigned: true }) }),
];

const padding = (size: number) => "x".repeat(size);
const manyTerms = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`term${i}`, `http://terms.example/${i}`]));

export const oversize: InboxCase[] = [
  row("a signed body just over 1 MB", (w, n) => createEvent(w, n, {}, { padding: padding(1_050_000) }), 413),
  row("an unsigned body just over 1 MB", (w, n) => createEvent(w, n, {}, { padding: padding(1_050_000) }), 413, { post: () => ({ unsigned: true }) }),
  row("a body of 8 MB", (w, n) => createEvent(w, n, {}, { padding: padding(8_000_000) }), 413),
  row("a chunked body of 5 MB", (w, n) => createEvent(w, n, {}, { padding: padding(5_000_000) }), 413, {
    post: () => ({ headers: { "Transfer-Encoding": "chunked" } }),
  }),
  row("a gzip bomb (20 MB of spaces in 20 KB)", () => gzipSync(`{"a":"${" ".repeat(20_000_000)}"}`), 413, {
    post: () => ({ headers: { "Content-Encoding": "gzip" } }),
  }),
  row("an unsigned object nested 5,000 levels", () => nested(5_000), 400, { error: /nested more than/, post: () => ({ unsigned: true }) }),
  row("a signed activity nested 20,000 levels", (w) => `{"@context":"${AS}","type":"Create","actor":"${w.friend.actorId()}","object":${nested(20_000)}}`, 400, {
    error: /nested more than/,
  }),
  row("an object nested 40 levels inside a valid Create", (w, n) => createEvent(w, n, { location: JSON.parse(nested(40)) }), 400, {
    error: /nested more than/,
  }),
  row("arrays nested 10,000 levels", (w) => `{"@context":"${AS}","actor":"${w.friend.actorId()}","to":${nested(10_000, "[", "]")}}`, 400, {
    error: /nested more than/,
  }),
  row("10,001 recipients", (w, n) => createEvent(w, n, {}, { to: Array.from({ length: 10_001 }, (_, i) => `${w.friend.origin}/users/u${i}`) }), 400, {
    error: /more than \d+ values/,
  }),
  row("a 200,000-value tag list", (w, n) => createEvent(w, n, { tag: Array.from({ length: 200_000 }, () => 1) }), 400, { error: /more than \d+ values/ }),
  row("an inline @context of 401 terms", (w, n) => createEvent(w, n, {}, { "@context": [AS, manyTerms(401)] }), 400, { error: /defines more than \d+ terms/ }),
  row("an inline @context of 30,000 terms", (w, n) => createEvent(w, n, {}, { "@context": [AS, manyTerms(30_000)] }), [400, 413]),
  row(
    "400 terms in each of 20 different contexts",
    (w, n) => createEvent(w, n, {}, { "@context": [AS, ...Array.from({ length: 20 }, (_, k) => ({ ...manyTerms(20), k: `http://k.example/${k}` }))] }),
    400,
    { error: /defines more than/ },
  ),
  row(
    "scoped contexts nested five deep",
    (w, n) => {
      let context: unknown = { leaf: "http://x.example/leaf" };
      for (let i = 0; i < 5; i++) context = { [`t${i}`]: { "@id": `http://x.example/${i}`, "@context": context } };
      return createEvent(w, n, {}, { "@context": [AS, context] });
    },
    400,
    { error: /nests scoped contexts/ },
  ),
  row(
    "an unknown remote @context on the sender's own server",
    (w, n) => createEvent(w, n, {}, { "@context": [AS, `${w.friend.origin}/contexts/never-fetched.jsonld`] }),
    400,
    { error: /not a context this node knows/ },
  ),
  row("a remote @context on a private address", (w, n) => createEvent(w, n, {}, { "@context": [AS, "http://10.0.0.1/context.jsonld"] }), 400, {
    error: /not a context this node knows/,
  }),
  row("@import of a remote context", (w, n) => createEvent(w, n, {}, { "@context": [AS, { "@import": `${w.friend.origin}/contexts/imported.jsonld` }] }), 400, {
    error: /@import/,
  }),
  row("a @context that is a number", (w, n) => createEvent(w, n, {}, { "@context": 42 }), 400, { error: /@context entries must be/ }),
  row("a @context list holding true", (w, n) => createEvent(w, n, {}, { "@context": [AS, true] }), 400, { error: /@context entries must be/ }),
  row("an empty-string @context", (w, n) => createEvent(w, n, {}, { "@context": "" }), 400, { error: /not a context this node knows/ }),
  row(
    "a @context redefining a protected term",
    (w, n) => createEvent(w, n, {}, { "@context": [AS, { "@protected": true, type: "http://evil.example/type" }] }),
    [202, 400],
  ),
  row("a @context renaming Create", (w, n) => createEvent(w, n, {}, { "@context": [AS, { Create: "http://evil.example/Create" }] }), [202, 400]),
  row("a 900 KB name from a stranger", (w, n) => strangerCreate(w, n, { name: padding(900_000) }), 202, { from: "stranger" }),
  row("a 900 KB description from the followed cantine", (w, n) => createEvent(w, n, { content: `<p>${padding(900_000)}</p>` }), 202, { mayStore: true }),
  // Past an inbox body's budget of values: seconds of Fedify's CPU each, so refused before parsing.
  row("2,000 hashtags", (w, n) => createEvent(w, n, { tag: Array.from({ length: 2_000 }, (_, i) => ({ type: "Hashtag", name: `#t${i}` })) }), 400),
  row("2,000 places", (w, n) => createEvent(w, n, { location: Array.from({ length: 2_000 }, (_, i) => ({ type: "Place", name: `P${i}` })) }), 400),
  row(
    "300 hashtags (within the budget)",
    (w, n) => createEvent(w, n, { tag: Array.from({ length: 300 }, (_, i) => ({ type: "Hashtag", name: `#t${i}` })) }),
    202,
    { mayStore: true },
  ),
  row(
    "an event whose every text is 100 KB",
    (w, n) =>
      createEvent(w, n, { name: padding(100_000), summary: padding(100_000), location: { type: "Place", name: padding(100_000), address: padding(100_000) } }),
    202,
    { mayStore: true },
  ),
  row("a referenced object served too large to fetch (3 MB)", (w, n) => activity(w, n, "Create", event(w, n).id), 202, {
    serve: (w, n) => [{ ...event(w, n), padding: padding(3_000_000) }],
  }),
  row("a referenced object served as a JSON-LD bomb", (w, n) => activity(w, n, "Create", event(w, n).id), 202, {
    serve: (w, n) => [{ ...event(w, n), "@context": [AS, manyTerms(4_000)] }],
  }),
  row("a referenced object served nested 1,000 levels", (w, n) => activity(w, n, "Create", event(w, n).id), 202, {
    serve: (w, n) => [{ ...event(w, n), location: JSON.parse(nested(1_000)) }],
  }),
];
