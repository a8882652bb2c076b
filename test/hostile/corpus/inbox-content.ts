// What a followed cantine may get stored, hostile as it is: script URLs and markup in its
// objects, Unicode edge cases, and keys that would pollute prototypes. Stored copies are
// checked by the runner (http(s) URLs only, sanitised HTML) and shown on the event's page.

import type { InboxCase } from "./inbox-world.ts";
import { AS, activity, article, createEvent, row } from "./inbox-world.ts";

const stored = { mayStore: true } as const;
const ok = 202;
const ACCEPTED_OR_INVALID = [202, 400] as const;

const SCRIPT_HTML = [
  `<script>alert(1)</script>`,
  `<img src=x onerror=alert(1)>`,
  `<a href="javascript:alert(1)">a</a>`,
  `<a href="&#106;avascript:alert(1)">b</a>`,
  `<a href="java\tscript:alert(1)">c</a>`,
  `<iframe src="javascript:alert(1)"></iframe>`,
  `<svg onload=alert(1)><script>alert(1)</script></svg>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
  `<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
  `<form action="javascript:alert(1)"><button>go</button></form>`,
  `<div style="background:url(javascript:alert(1))">s</div>`,
  `<object data="data:text/html,<script>alert(1)</script>"></object>`,
  `<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
  `<base href="javascript:alert(1)//">`,
  `<!--<script>alert(1)</script>-->`,
].join("");

export const content: InboxCase[] = [
  row("an Event whose url is javascript:", (w, n) => createEvent(w, n, { url: "javascript:alert(1)" }), ok, stored),
  row("an Event whose url is data:", (w, n) => createEvent(w, n, { url: "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==" }), ok, stored),
  row(
    "an Event whose image is javascript:",
    (w, n) => createEvent(w, n, { image: { type: "Image", url: "javascript:alert(1)", name: `"><script>alert(1)</script>` } }),
    ok,
    stored,
  ),
  row(
    "an Event whose banner attachment is vbscript:",
    (w, n) => createEvent(w, n, { attachment: [{ type: "Image", url: "vbscript:msgbox(1)", isBannerImage: true }] }),
    ok,
    stored,
  ),
  row(
    "an Event whose registration link is javascript:",
    (w, n) => createEvent(w, n, { joinMode: "external", externalParticipationUrl: "javascript:alert(1)" }),
    ok,
    stored,
  ),
  row(
    "an Event whose online address is javascript:",
    (w, n) =>
      createEvent(w, n, {
        location: { type: "VirtualLocation", url: "javascript:alert(1)" },
        attachment: [{ type: "Link", name: "Website", href: "javascript:alert(1)" }],
      }),
    ok,
    stored,
  ),
  row(
    "an Event whose place has script in every field",
    (w, n) =>
      createEvent(w, n, {
        location: {
          type: "Place",
          name: "<script>alert(1)</script>",
          url: "javascript:alert(1)",
          address: {
            type: "PostalAddress",
            streetAddress: `"><img src=x onerror=alert(1)>`,
            addressLocality: "<svg onload=alert(1)>",
            addressCountry: "<b>XX</b>",
          },
        },
      }),
    ok,
    stored,
  ),
  row(
    "an Event whose description is a catalogue of script tricks",
    (w, n) => createEvent(w, n, { content: SCRIPT_HTML, contentMap: { en: SCRIPT_HTML } }),
    ok,
    stored,
  ),
  row(
    "an Event whose name and summary are markup",
    (w, n) => createEvent(w, n, { name: `<script>alert("name")</script>`, summary: `<img src=x onerror=alert(1)>` }),
    ok,
    stored,
  ),
  row(
    "an Event whose organizer names are markup",
    (w, n) =>
      createEvent(w, n, { organizers: { type: "Collection", items: [w.friend.actorId(), { type: "Organization", name: `"><script>alert(1)</script>` }] } }),
    ok,
    stored,
  ),
  row(
    "an Event whose hashtags hold markup and script URLs",
    (w, n) => createEvent(w, n, { tag: [{ type: "Hashtag", name: `#"><svg/onload=alert(1)>`, href: "javascript:alert(1)" }] }),
    ok,
    stored,
  ),
  row(
    "an Article whose links are javascript: and whose contact is",
    (w, n) =>
      activity(
        w,
        n,
        "Create",
        article(w, n, {
          attachment: [{ type: "Link", name: "<b>x</b>", href: "javascript:alert(1)" }],
          contact: "javascript:alert(1)",
          url: "javascript:alert(1)",
        }),
      ),
    ok,
    stored,
  ),
  row(
    "an Article whose every text is markup",
    (w, n) =>
      activity(
        w,
        n,
        "Create",
        article(w, n, {
          name: "<script>alert(1)</script>",
          summary: "<img src=x onerror=alert(1)>",
          content: SCRIPT_HTML,
          cities: ["<svg onload=alert(1)>"],
          stage: "<b>x</b>",
          lookingFor: ["<i>y</i>"],
        }),
      ),
    ok,
    stored,
  ),
  row("a name with NUL characters", (w, n) => createEvent(w, n, { name: "Nul\u0000in\u0000the\u0000name" }), ACCEPTED_OR_INVALID, stored),
  row(
    "a name with right-to-left overrides",
    (w, n) => createEvent(w, n, { name: "Invoice \u202egnp.exe\u202c", content: "<p>\u202e<b>reversed</b></p>" }),
    ok,
    stored,
  ),
  row(
    "a name with lone surrogates",
    (w, n) => `${JSON.stringify(createEvent(w, n)).replace(`"Hostile event ${n}"`, `"Lone \\ud800 and \\udfff surrogates"`)}`,
    ACCEPTED_OR_INVALID,
    stored,
  ),
  row("a name of four-byte emoji", (w, n) => createEvent(w, n, { name: "🎉🧑‍🤝‍🧑🏳️‍🌈𝕳𝖔𝖘𝖙𝖎𝖑𝖊 ".repeat(20) }), ok, stored),
  row("a name of 10,000 combining marks", (w, n) => createEvent(w, n, { name: `Z${"\u0301\u0336".repeat(5_000)}` }), ok, stored),
  row("a name with line and paragraph separators", (w, n) => createEvent(w, n, { name: "Line\u2028Para\u2029End\r\nCRLF" }), ok, stored),
  row(
    "a description of invalid UTF-8 bytes",
    (w, n) => {
      const [before, after] = JSON.stringify(createEvent(w, n, { content: "@@" })).split("@@");
      return Buffer.concat([Buffer.from(before!), Buffer.from([0xc0, 0xaf, 0xff, 0xed, 0xa0, 0x80, 0xf4, 0x90, 0x80, 0x80]), Buffer.from(after!)]);
    },
    ACCEPTED_OR_INVALID,
    stored,
  ),
  row(
    "hashtags of Unicode edge cases",
    (w, n) => createEvent(w, n, { tag: ["#\u0000", "#\u202eevil", "#🎉", "#ǅ", "#İstanbul", "#ﬃ"].map((name) => ({ type: "Hashtag", name })) }),
    ok,
    stored,
  ),
  row(
    "a __proto__ key on the activity",
    (w, n) => `{"__proto__":{"polluted":"yes","isAdmin":true},${JSON.stringify(createEvent(w, n)).slice(1)}`,
    ACCEPTED_OR_INVALID,
    stored,
  ),
  row(
    "a __proto__ key on the Event",
    (w, n) => JSON.stringify(createEvent(w, n)).replace(`"type":"Event"`, `"__proto__":{"polluted":"yes"},"type":"Event"`),
    ACCEPTED_OR_INVALID,
    stored,
  ),
  row(
    "__proto__ keys in the place and the tags",
    (w, n) =>
      JSON.stringify(createEvent(w, n, { location: { type: "Place", name: "P" }, tag: [{ type: "Hashtag", name: "#t" }] }))
        .replace(`"name":"P"`, `"name":"P","__proto__":{"polluted":"yes"}`)
        .replace(`"name":"#t"`, `"name":"#t","__proto__":{"polluted":"yes"}`),
    ACCEPTED_OR_INVALID,
    stored,
  ),
  row(
    "a constructor.prototype key",
    (w, n) => createEvent(w, n, { constructor: { prototype: { polluted: "yes" } } }, { constructor: { prototype: { polluted: "yes" } } }),
    ACCEPTED_OR_INVALID,
    stored,
  ),
  row(
    "a __proto__ term in the @context",
    (w, n) =>
      JSON.stringify(createEvent(w, n)).replace(
        `"@context":"${AS}"`,
        `"@context":["${AS}",{"__proto__":"http://evil.example/proto","polluted":"http://evil.example/p"}]`,
      ),
    ACCEPTED_OR_INVALID,
    stored,
  ),
  row(
    "a contentMap keyed __proto__ and constructor",
    (w, n) =>
      JSON.stringify(createEvent(w, n, { content: undefined })).replace(
        `"type":"Event"`,
        `"type":"Event","contentMap":{"__proto__":"<p>proto</p>","constructor":"<script>alert(1)</script>"}`,
      ),
    ACCEPTED_OR_INVALID,
    stored,
  ),
  row(
    "a hasOwnProperty key shadowing the method",
    (w, n) => createEvent(w, n, { hasOwnProperty: "x", toString: "y", valueOf: 42 }, { hasOwnProperty: 1 }),
    ACCEPTED_OR_INVALID,
    stored,
  ),
];
