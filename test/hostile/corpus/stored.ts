// Hostile values for every field that can be stored: the admin API's event, series and project
// inputs, and what a followed cantine sends (its Event, its Article, its actor's profile). Each
// payload names its field, so a script that ran would say where it came from.

import type { JsonObject } from "../../helpers/peer.ts";

/** Text that breaks out of an attribute or an element and runs a script, naming `field`. */
export const xss = (field: string) => `"'><script>alert("${field}")</script><img src=x onerror=alert("${field}")>`;

/** An http(s) URL (so that the API and the readers keep it) that breaks out of an attribute. */
const xssUrl = (field: string) => `https://evil.example/"onmouseover="alert('${field}')"'><script>alert('${field}')</script>`;

/** Letters only (tags allow nothing else), from scripts and forms that trip up case folding. */
export const TAGS = ["ŝçřïpţ", "𝔰𝔠𝔯𝔦𝔭𝔱", "İstanbul", "ǅemal"];

/** Markdown with raw HTML and link tricks: the admin API's descriptions. */
const MARKDOWN = [
  `# ${xss("md.heading")}`,
  `Some **bold** text, [a javascript: link](javascript:alert("md.link")), [an entity link](&#106;avascript:alert("md.entity")), <javascript:alert("md.autolink")>.`,
  `![an image](javascript:alert("md.image")) ![data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
  `[a reference][evil]`,
  `[evil]: javascript:alert("md.reference")`,
  '`<script>alert("md.code")</script>` and a block:',
  '```html\n<script>alert("md.fence")</script>\n```',
  `<script>alert("md.script")</script><img src=x onerror=alert("md.img")><svg onload=alert("md.svg")></svg>`,
  `<a href="jAvAsCrIpT:alert('md.a')">mixed case</a> <a href="https://ok.example" onclick="alert('md.onclick')">onclick</a>`,
  `<details open ontoggle=alert("md.details")><summary>x</summary></details><input autofocus onfocus=alert("md.input")>`,
  `<iframe srcdoc="<script>alert('md.srcdoc')</script>"></iframe><object data="javascript:alert('md.object')"></object>`,
  `<form action="javascript:alert('md.form')"><button formaction="javascript:alert('md.button')">go</button></form>`,
  `<style>body{background:url("javascript:alert('md.style')")}</style><div style="position:fixed;inset:0">overlay</div>`,
  `<noscript><p title="</noscript><img src=x onerror=alert('md.noscript')>"></noscript>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=alert("md.math")>`,
  `<!--><img src=x onerror=alert("md.comment")>--> <![CDATA[<script>alert("md.cdata")</script>]]>`,
  `<<script>script>alert("md.nested")<</script>/script>`,
  `<meta http-equiv="refresh" content="0;url=javascript:alert('md.meta')"><base href="javascript:alert('md.base')//">`,
  `END:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:injected\r\nURL:javascript:alert("md.ics")\r\nEND:VEVENT`,
].join("\n\n");

/** The same catalogue as HTML: what another server sends as `content`. */
const HTML = [
  `<p>${xss("html.p")}</p>`,
  `<script>alert("html.script")</script><img src=x onerror=alert("html.img")><svg onload=alert("html.svg")></svg>`,
  `<a href="javascript:alert('html.a')">a</a><a href="&#106;avascript:alert('html.entity')">b</a><a href="java\tscript:alert('html.tab')">c</a>`,
  `<a href="https://ok.example" onclick="alert('html.onclick')" style="color:red">onclick</a>`,
  `<iframe src="javascript:alert('html.iframe')"></iframe><embed src="javascript:alert('html.embed')">`,
  `<details open ontoggle=alert("html.details")><summary>x</summary></details>`,
  `<noscript><p title="</noscript><img src=x onerror=alert('html.noscript')>"></noscript>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=alert("html.math")>`,
  `<svg><a xlink:href="javascript:alert('html.xlink')"><text>x</text></a></svg>`,
  `<table background="javascript:alert('html.table')"><tr><td>t</td></tr></table>`,
  `<template><script>alert("html.template")</script></template><!--<script>alert("html.comment")</script>-->`,
  `<p>BEGIN:VEVENT\r\nURL:javascript:alert("html.ics")</p>`,
].join("");

/** An event of the node's own, every field hostile. */
export function localEventInput(day: string): JsonObject {
  return {
    title: xss("title"),
    description: MARKDOWN,
    startsAt: `${day}T19:00`,
    endsAt: `${day}T21:00`,
    timezone: "Europe/Paris",
    location: {
      name: xss("location.name"),
      address: xss("location.address"),
      room: xss("location.room"),
      url: xssUrl("location.url"),
      lat: 48.8697,
      lon: 2.3431,
    },
    organizer: xss("organizer"),
    tags: TAGS,
    image: { url: xssUrl("image.url"), alt: `${xss("image.alt")}\n${xss("image.alt2")}` },
    language: "fr",
    capacity: 80,
    registrationUrl: xssUrl("registrationUrl"),
    category: "ARTS",
  };
}

/** An online-only event, and a weekly series, both with hostile titles. */
export const onlineEventInput = (day: string): JsonObject => ({
  title: xss("online.title"),
  startsAt: `${day}T18:00`,
  location: { url: xssUrl("online.url") },
  status: "postponed",
  description: `${xss("online.description")}\n\n${MARKDOWN.slice(0, 400)}`,
});
export const seriesInput = (day: string): JsonObject => ({
  title: xss("series.title"),
  startsAt: `${day}T19:30`,
  recurrence: "FREQ=WEEKLY;COUNT=3",
  organizer: xss("series.organizer"),
  tags: TAGS.slice(0, 2),
});

/** A project of the node's own, every field hostile. */
export const localProjectInput = (): JsonObject => ({
  title: xss("project.title"),
  summary: `${xss("project.summary")}\n${xss("project.summary2")}`,
  description: MARKDOWN,
  stage: "prototype",
  lookingFor: ["skills", "funding"],
  cities: [xss("project.city"), "Paris"],
  tags: TAGS,
  links: [{ name: xss("project.link.name"), url: xssUrl("project.link.url") }],
  contact: xssUrl("project.contact"),
  image: { url: xssUrl("project.image"), alt: `${xss("project.image.alt")}\n${xss("project.image.alt2")}` },
  language: "pt-BR",
});

/** The hostile cantine's profile: markup as entities (decoded into text by readers), script URLs. */
export const hostileProfile = (origin: string): JsonObject => ({
  name: `&lt;script&gt;alert("actor.name")&lt;/script&gt;<img src=x onerror=alert("actor.name2")>`,
  summary: `<p>${xss("actor.summary")}</p>`,
  url: "javascript:alert('actor.url')",
  icon: { type: "Image", mediaType: "image/png", url: "javascript:alert('actor.icon')" },
  image: { type: "Image", url: `${origin}/"onerror="alert('actor.header')` },
  attachment: [
    { type: "PropertyValue", name: "City", value: `&lt;img src=x onerror=alert("city")&gt;, XX` },
    { type: "PropertyValue", name: "Time zone", value: "Europe/Paris" },
    { type: "PropertyValue", name: `<script>alert("field.name")</script>`, value: `<a href="javascript:alert('field.value')">x</a>` },
  ],
});

/** The hostile cantine's Event, every field a reader takes. */
export function remoteEventJson(origin: string, actorId: string, n: string, start: string, end: string): JsonObject {
  return {
    id: `${origin}/events/hostile-${n}`,
    type: "Event",
    name: xss(`remote${n}.name`),
    summary: xss(`remote${n}.summary`),
    content: HTML,
    contentMap: { fr: HTML },
    mediaType: "text/html",
    startTime: start,
    endTime: end,
    timezone: "Europe/Paris",
    location: {
      type: "Place",
      name: xss(`remote${n}.place`),
      url: xssUrl(`remote${n}.place.url`),
      address: {
        type: "PostalAddress",
        streetAddress: xss(`remote${n}.street`),
        addressLocality: xss(`remote${n}.locality`),
        postalCode: xss(`remote${n}.postcode`),
        addressCountry: "FR",
      },
      latitude: 48.86,
      longitude: 2.34,
    },
    organizers: { type: "Collection", totalItems: 2, items: [actorId, { type: "Organization", name: xss(`remote${n}.organizer`) }] },
    tag: [
      ...TAGS.map((name) => ({ type: "Hashtag", name: `#${name}`, href: "javascript:alert('tag.href')" })),
      { type: "Hashtag", name: `#"><svg onload=alert(1)>` },
    ],
    image: {
      type: "Image",
      url: xssUrl(`remote${n}.image`),
      name: xss(`remote${n}.image.alt`),
      blurhash: "LEHV6nWB2yk8pyo0adR*.7kCMdnj",
      width: 1200,
      height: 600,
    },
    attachment: [{ type: "Link", name: "Website", mediaType: "text/html", href: xssUrl(`remote${n}.online`) }],
    url: xssUrl(`remote${n}.url`),
    joinMode: "external",
    externalParticipationUrl: xssUrl(`remote${n}.registration`),
    category: "ARTS",
    inLanguage: "fr",
    attributedTo: actorId,
    to: ["https://www.w3.org/ns/activitystreams#Public"],
  };
}

/** The same Event with script URLs where the first has hostile http(s) ones: readers must drop them. */
export function remoteScriptUrlEventJson(origin: string, actorId: string, n: string, start: string): JsonObject {
  return {
    ...remoteEventJson(origin, actorId, n, start, start.replace(/T\d\d/, "T23")),
    url: "javascript:alert('remote.url')",
    image: { type: "Image", url: "javascript:alert('remote.image')" },
    attachment: [
      { type: "Link", name: "Website", href: "javascript:alert('remote.online')" },
      { type: "Image", url: "data:text/html,<script>alert(1)</script>", isBannerImage: true },
    ],
    externalParticipationUrl: "vbscript:msgbox('remote.registration')",
    location: { type: "VirtualLocation", url: "javascript:alert('remote.virtual')" },
    name: `${xss(`remote${n}.name`)}\r\nURL:javascript:alert("ics")`,
  };
}

/** The hostile cantine's project (an Article). */
export function remoteArticleJson(origin: string, actorId: string, n: string): JsonObject {
  return {
    id: `${origin}/projects/hostile-${n}`,
    type: "Article",
    name: xss(`article${n}.name`),
    summary: `<p>${xss(`article${n}.summary`)}</p>`,
    content: HTML,
    mediaType: "text/html",
    stage: `<b>prototype</b>`,
    lookingFor: ["skills", `<script>alert("lookingFor")</script>`],
    cities: [xss(`article${n}.city`)],
    tag: TAGS.map((name) => ({ type: "Hashtag", name: `#${name}` })),
    attachment: [
      { type: "Link", name: xss(`article${n}.link`), href: xssUrl(`article${n}.link.url`) },
      { type: "Link", name: "script", href: "javascript:alert('article.link')" },
    ],
    contact: xssUrl(`article${n}.contact`),
    image: { type: "Image", url: xssUrl(`article${n}.image`), name: xss(`article${n}.image.alt`), blurhash: "LEHV6nWB2yk8pyo0adR*.7kCMdnj" },
    url: "javascript:alert('article.url')",
    attributedTo: actorId,
    to: ["https://www.w3.org/ns/activitystreams#Public"],
  };
}
