// The public surface's corpus: query and path values that are huge, repeated, encoded, traversing,
// carrying CR/LF or invalid UTF-8; unknown Accept headers, forged Host headers, cookies; methods
// that read-only paths do not have. No row may get a 5xx, change anything, or be echoed unsafely.

import type { Expected } from "../harness.ts";
import { HUNG_UP } from "../raw-http.ts";

export type PublicWorld = { slug: string; host: string; eventId: string; projectId: string };

export type PublicCase = {
  name: string;
  method?: string;
  /** The path and query as sent (not normalised). */
  path: (w: PublicWorld) => string;
  headers?: (w: PublicWorld) => Record<string, string>;
  /** A form body (application/x-www-form-urlencoded). */
  form?: string;
  status?: Expected;
};

/** Query values, already percent-encoded as a hostile client would send them. */
const VALUES: [string, string][] = [
  ["a script tag", encodeURIComponent("<script>alert(1)</script>")],
  ["an attribute breakout", encodeURIComponent(`"><img src=x onerror=alert(1)>`)],
  ["10,000 characters", "x".repeat(10_000)],
  ["a NUL", "a%00b"],
  ["a CRLF", "x%0d%0aSet-Cookie:%20evil=1"],
  ["an overlong UTF-8 slash (%C0%AF)", "%C0%AF"],
  ["a lone %FF", "%FF"],
  ["a broken escape", "%E0%A4%A"],
  ["a traversal", encodeURIComponent("../../../etc/passwd")],
  ["SQL", encodeURIComponent("' OR 1=1 --")],
  ["LIKE wildcards", encodeURIComponent("%_\\")],
  ["FTS syntax", encodeURIComponent('NEAR("a" "b") OR * AND "')],
  ["right-to-left override and emoji", encodeURIComponent("\u202eevil🎉")],
];
const SHAPES: [string, (name: string) => string][] = [
  ["repeated", (name) => `${name}=a&${name}=b`],
  ["an array", (name) => `${name}[]=a`],
  ["an object", (name) => `${name}[a]=b`],
  ["empty", (name) => `${name}=`],
];

const BAD_QUERY: Expected = [200, 400];

/** Each hostile value and shape in each named parameter of `path`. */
function queries(path: string, names: string[], values = VALUES, shapes = SHAPES): PublicCase[] {
  return names.flatMap((name) => [
    ...values.map(([label, value]): PublicCase => ({ name: `${path} ?${name}= ${label}`, path: () => `${path}?${name}=${value}`, status: BAD_QUERY })),
    ...shapes.map(([label, query]): PublicCase => ({ name: `${path} ?${name} ${label}`, path: () => `${path}?${query(name)}`, status: BAD_QUERY })),
  ]);
}

const pick = (labels: string[]) => VALUES.filter(([label]) => labels.includes(label));
const FEW = pick(["a script tag", "10,000 characters", "a CRLF", "a lone %FF", "a traversal"]);

const apiQueries: PublicCase[] = [
  ...queries("/api/calendar", ["q", "city"]),
  ...queries("/api/calendar", ["from", "tz", "status"], FEW, SHAPES.slice(0, 2)),
  { name: "/api/calendar ?from= the last day JavaScript knows", path: () => "/api/calendar?from=%2B275760-09-13", status: BAD_QUERY },
  { name: "/api/calendar ?from= year zero", path: () => "/api/calendar?from=0000-01-01", status: BAD_QUERY },
  { name: "/api/calendar ?to= before from", path: () => "/api/calendar?from=2030-01-01&to=2020-01-01", status: BAD_QUERY },
  { name: "/api/calendar ?tz= a zone path", path: () => "/api/calendar?tz=Europe%2F..%2F..%2Fetc", status: 400 },
  { name: "/api/calendar 1,000 parameters", path: () => `/api/calendar?${Array.from({ length: 1_000 }, (_, i) => `p${i}=${i}`).join("&")}`, status: BAD_QUERY },
  { name: "/api/calendar __proto__ parameters", path: () => "/api/calendar?__proto__[polluted]=1&constructor[prototype][polluted]=1", status: BAD_QUERY },
  ...queries("/api/events", ["tag", "past"], FEW, SHAPES.slice(0, 2)),
  { name: "/api/events ?scope=network twice", path: () => "/api/events?scope=network&scope=network", status: BAD_QUERY },
  ...queries("/api/board", ["q", "tag"], FEW, SHAPES.slice(0, 2)),
  ...queries("/api/projects", ["q"], FEW, SHAPES.slice(0, 2)),
];

const pageQueries: PublicCase[] = [
  ...queries("/", ["q", "tag", "city"], FEW),
  ...queries("/", ["page", "from", "lang", "tz"], pick(["a script tag", "10,000 characters", "a lone %FF"]), SHAPES.slice(0, 2)),
  { name: "/ ?page=-1", path: () => "/?page=-1", status: 200 },
  { name: "/ ?page=1e9", path: () => "/?page=1e9", status: 200 },
  ...queries("/month", ["month", "city"], FEW, SHAPES.slice(0, 2)),
  { name: "/month ?month=9999-12", path: () => "/month?month=9999-12", status: [200, 400] },
  { name: "/month ?month=0001-01", path: () => "/month?month=0001-01", status: [200, 400] },
  { name: "/month ?month=2030-13", path: () => "/month?month=2030-13", status: [200, 400] },
  ...queries("/projects", ["q", "tag"], FEW.slice(0, 3), []),
  ...queries("/network", ["lang"], FEW.slice(0, 2), []),
  ...queries("/follow", ["lang"], FEW.slice(0, 2), []),
];

const feedQueries: PublicCase[] = [
  ...queries("/calendar.ics", ["city", "tag", "q"], FEW, SHAPES.slice(0, 2)),
  ...queries("/feeds/events.atom", ["city", "q"], FEW, SHAPES.slice(0, 1)),
  ...queries("/feeds/projects.atom", ["tag"], FEW, SHAPES.slice(0, 1)),
];

/** Path segments, as sent: raw, encoded, double-encoded, invalid. */
const SEGMENTS: [string, string][] = [
  ["an unknown id", "00000000000000000000000000000000"],
  ["a raw traversal", "../../../etc/passwd"],
  ["an encoded traversal", "..%2F..%2F..%2Fetc%2Fpasswd"],
  ["a double-encoded traversal", "%252e%252e%252f"],
  ["a NUL", "x%00y"],
  ["%C0%AF", "%C0%AF"],
  ["%FF", "%FF"],
  ["a script tag", "%3Cscript%3Ealert(1)%3C%2Fscript%3E"],
  ["a CRLF", "x%0D%0ASet-Cookie:%20evil=1"],
  ["5,000 characters", "a".repeat(5_000)],
];

function segments(template: (segment: string) => string, status: Expected): PublicCase[] {
  return SEGMENTS.map(([label, segment]) => ({ name: `${template(":x")} with ${label}`, path: () => template(segment), status }));
}

const MISSING: Expected = [400, 404];

const paths: PublicCase[] = [
  ...segments((s) => `/events/${s}`, MISSING),
  ...segments((s) => `/events/${s}.ics`, MISSING),
  ...segments((s) => `/projects/${s}`, MISSING),
  ...segments((s) => `/api/events/${s}`, MISSING),
  ...segments((s) => `/api/projects/${s}`, MISSING),
  ...segments((s) => `/users/${s}`, MISSING),
  ...segments((s) => `/cities/${s}/calendar.ics`, [200, 400, 404]),
  ...segments((s) => `/tags/${s}/calendar.ics`, [200, 400, 404]),
  ...segments((s) => `/cantines/${s}/calendar.ics`, MISSING),
  { name: "/cantines/ a javascript: URL /calendar.ics", path: () => `/cantines/${encodeURIComponent("javascript:alert(1)")}/calendar.ics`, status: MISSING },
  { name: "/@ a script tag", path: () => "/@%3Cscript%3E", status: [301, 400, 404] },
  { name: "/@ a CRLF", path: () => "/@x%0D%0ALocation:%20https://evil.example", status: [301, 400, 404] },
  { name: "doubled slashes", path: () => "//api//calendar", status: [200, 404] },
  { name: "an encoded traversal out of /assets", path: () => "/assets/..%2F..%2Fpackage.json", status: MISSING },
  { name: "a raw traversal out of /assets", path: () => "/assets/../../package.json", status: MISSING },
  { name: "a NUL after the stylesheet", path: () => "/assets/site.css%00.js", status: MISSING },
  { name: "a path of 12,000 characters", path: () => `/${"a".repeat(12_000)}`, status: [404, 414, 431, HUNG_UP] },
  { name: "a path of 70,000 characters", path: () => `/${"a".repeat(70_000)}`, status: [404, 414, 431, HUNG_UP] },
  { name: "the database file", path: () => "/data/cantine.db", status: 404 },
  { name: "the config file", path: () => "/paris.json", status: 404 },
  { name: "the source", path: () => "/node/app.ts", status: 404 },
];

// A cursor that names no page falls through to the browser route, which sends people to the profile.
const CURSOR: Expected = [200, 303, 400, 404];

const resource = (_w: PublicWorld, value: string) => `/.well-known/webfinger?resource=${value}`;

const discovery: PublicCase[] = [
  { name: "WebFinger without resource", path: () => "/.well-known/webfinger", status: [400, 404] },
  { name: "WebFinger of another host", path: (w) => resource(w, `acct:${w.slug}@evil.example`), status: 404 },
  { name: "WebFinger of an unknown account", path: (w) => resource(w, `acct:nobody@${w.host}`), status: 404 },
  { name: "WebFinger of a traversal", path: (w) => resource(w, `acct:..%2F..%2Fetc%2Fpasswd@${w.host}`), status: [400, 404] },
  { name: "WebFinger of a script tag", path: (w) => resource(w, `acct:%3Cscript%3E@${w.host}`), status: [400, 404] },
  { name: "WebFinger with a CRLF", path: (w) => resource(w, `acct:${w.slug}@${w.host}%0D%0ASet-Cookie:%20evil=1`), status: [400, 404] },
  { name: "WebFinger with a NUL", path: (w) => resource(w, `acct:${w.slug}%00@${w.host}`), status: [400, 404] },
  { name: "WebFinger with %FF", path: (w) => resource(w, `acct:%FF@${w.host}`), status: [400, 404] },
  { name: "WebFinger with %C0%AF", path: (w) => resource(w, `acct:%C0%AF@${w.host}`), status: [400, 404] },
  { name: "WebFinger of a javascript: URL", path: (w) => resource(w, encodeURIComponent("javascript:alert(1)")), status: [400, 404] },
  { name: "WebFinger of 10,000 characters", path: (w) => resource(w, `acct:${"a".repeat(10_000)}@${w.host}`), status: [400, 404] },
  { name: "WebFinger of two resources", path: (w) => `${resource(w, `acct:${w.slug}@${w.host}`)}&resource=acct:x@evil.example`, status: [200, 400, 404] },
  { name: "WebFinger of a resource array", path: (w) => `/.well-known/webfinger?resource[]=acct:${w.slug}@${w.host}`, status: [200, 400, 404] },
  { name: "WebFinger with a hostile rel", path: (w) => `${resource(w, `acct:${w.slug}@${w.host}`)}&rel=%3Cscript%3E&rel=%FF`, status: [200, 400] },
  {
    name: "WebFinger of the actor URL with a fragment",
    path: (w) => resource(w, encodeURIComponent(`http://${w.host}/users/${w.slug}#<script>`)),
    status: [200, 404],
  },
  { name: "NodeInfo with a hostile query", path: () => "/nodeinfo/2.1?x=%FF&y=%00", status: 200 },
  { name: "NodeInfo 2.0", path: () => "/nodeinfo/2.0", status: [200, 404] },
  { name: "NodeInfo traversal", path: () => "/nodeinfo/..%2F..%2Fetc%2Fpasswd", status: MISSING },
  { name: "NodeInfo index with a hostile query", path: () => "/.well-known/nodeinfo?%FF=%00", status: 200 },
  { name: "host-meta", path: () => "/.well-known/host-meta", status: [200, 404] },
  {
    name: "the outbox with a cursor of %FF",
    path: (w) => `/users/${w.slug}/outbox?cursor=%FF`,
    headers: () => ({ Accept: "application/activity+json" }),
    status: CURSOR,
  },
  {
    name: "the outbox with a negative cursor",
    path: (w) => `/users/${w.slug}/outbox?cursor=-1`,
    headers: () => ({ Accept: "application/activity+json" }),
    status: CURSOR,
  },
  {
    name: "the followers with a cursor of 10,000 digits",
    path: (w) => `/users/${w.slug}/followers?cursor=${"9".repeat(10_000)}`,
    headers: () => ({ Accept: "application/activity+json" }),
    status: CURSOR,
  },
  {
    name: "upcoming events with a huge cursor",
    path: (w) => `/users/${w.slug}/upcoming-events?cursor=99999999999999999999`,
    headers: () => ({ Accept: "application/activity+json" }),
    status: CURSOR,
  },
  {
    name: "the outbox with a huge cursor",
    path: (w) => `/users/${w.slug}/outbox?cursor=99999999999999999999`,
    headers: () => ({ Accept: "application/activity+json" }),
    status: CURSOR,
  },
  {
    name: "upcoming events with a fractional cursor",
    path: (w) => `/users/${w.slug}/upcoming-events?cursor=1e3`,
    headers: () => ({ Accept: "application/activity+json" }),
    status: CURSOR,
  },
  {
    name: "upcoming events with a script cursor",
    path: (w) => `/users/${w.slug}/upcoming-events?cursor=%3Cscript%3E`,
    headers: () => ({ Accept: "application/activity+json" }),
    status: CURSOR,
  },
];

const accept = (value: string) => () => ({ Accept: value });

const headers: PublicCase[] = [
  { name: "the home page for Accept: application/activity+json", path: () => "/", headers: accept("application/activity+json"), status: [200, 404, 406] },
  { name: "the home page for Accept: image/png only", path: () => "/", headers: accept("image/png"), status: [200, 406] },
  {
    name: "an event for Accept: text/html;q=0, application/json;q=0",
    path: (w) => `/events/${w.eventId}`,
    headers: accept("text/html;q=0, application/json;q=0"),
    status: [200, 406],
  },
  { name: "an event for a malformed Accept", path: (w) => `/events/${w.eventId}`, headers: accept("*/*;q=abc;;;,,,<script>"), status: [200, 406] },
  {
    name: "an event for an Accept of 8 KB",
    path: (w) => `/events/${w.eventId}`,
    headers: accept(`text/html, ${"application/x-a, ".repeat(500)}`),
    status: [200, 406],
  },
  {
    name: "the actor for Accept: application/ld+json with a foreign profile",
    path: (w) => `/users/${w.slug}`,
    headers: accept('application/ld+json; profile="https://evil.example"'),
    status: [200, 406],
  },
  { name: "the actor for Accept: application/xml", path: (w) => `/users/${w.slug}`, headers: accept("application/xml"), status: [200, 404, 406] },
  { name: "the calendar API for Accept: text/html", path: () => "/api/calendar", headers: accept("text/html"), status: [200, 406] },
  { name: "a feed for Accept: application/json", path: () => "/calendar.ics", headers: accept("application/json"), status: [200, 406] },
  {
    name: "a project for Accept: application/activity+json",
    path: (w) => `/projects/${w.projectId}`,
    headers: accept("application/activity+json"),
    status: 200,
  },
  {
    name: "the home page for a hostile Accept-Language",
    path: () => "/",
    headers: () => ({ "Accept-Language": `<script>alert(1)</script>;q=1, ${"xx-".repeat(1_000)}` }),
    status: 200,
  },
  {
    name: "the home page with hostile cookies",
    path: () => "/",
    headers: () => ({ Cookie: `lang=%3Cscript%3E; tz=..%2F..%2Fetc%2Fpasswd; tz=%FF; ${"a=b; ".repeat(500)}` }),
    status: 200,
  },
  { name: "the home page with a tz cookie of a script", path: () => "/", headers: () => ({ Cookie: `tz="><script>alert(1)</script>` }), status: 200 },
  { name: "a feed with a forged Host", path: () => "/feeds/events.atom", headers: () => ({ Host: "evil.example" }), status: 200 },
  {
    name: "the actor with a forged Host",
    path: (w) => `/users/${w.slug}`,
    headers: () => ({ Host: "evil.example", Accept: "application/activity+json" }),
    status: 200,
  },
  {
    name: "WebFinger with forwarded headers",
    path: (w) => resource(w, `acct:${w.slug}@${w.host}`),
    headers: () => ({ "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "javascript", Forwarded: "host=evil.example;proto=https" }),
    status: 200,
  },
  {
    name: "the home page with forwarded headers",
    path: () => "/",
    headers: () => ({ "X-Forwarded-Host": "evil.example", "X-Forwarded-For": "1.2.3.4, <script>" }),
    status: 200,
  },
  {
    name: "a feed with a hostile If-None-Match",
    path: () => "/calendar.ics",
    headers: () => ({ "If-None-Match": `"${"x".repeat(5_000)}", W/"<script>"` }),
    status: [200, 304],
  },
  {
    name: "a feed with an impossible If-Modified-Since",
    path: () => "/calendar.ics",
    headers: () => ({ "If-Modified-Since": "Sat, 13 Sep 275760 00:00:00 GMT" }),
    status: [200, 304],
  },
  {
    name: "an event with a hostile Range",
    path: (w) => `/events/${w.eventId}.ics`,
    headers: () => ({ Range: "bytes=0-1,2-3,-1,999999999999-" }),
    status: [200, 206, 416],
  },
];

const readOnly = ["/", "/calendar.ics", "/feeds/events.atom", "/api/calendar", "/.well-known/webfinger", "/nodeinfo/2.1"];
const METHOD_STATUS: Expected = [200, 204, 400, 404, 405, 415];

const methods: PublicCase[] = [
  ...readOnly.map((path): PublicCase => ({ name: `HEAD ${path}`, method: "HEAD", path: () => path, status: [200, 400] })),
  ...readOnly.map((path): PublicCase => ({ name: `OPTIONS ${path}`, method: "OPTIONS", path: () => path, status: METHOD_STATUS })),
  ...readOnly.map((path): PublicCase => ({ name: `PUT ${path}`, method: "PUT", path: () => path, status: METHOD_STATUS })),
  { name: "DELETE an event page", method: "DELETE", path: (w) => `/events/${w.eventId}`, status: METHOD_STATUS },
  { name: "PATCH a project page", method: "PATCH", path: (w) => `/projects/${w.projectId}`, status: METHOD_STATUS },
  { name: "POST to the calendar API", method: "POST", path: () => "/api/calendar", status: METHOD_STATUS },
  { name: "POST to the actor", method: "POST", path: (w) => `/users/${w.slug}`, status: METHOD_STATUS },
  { name: "DELETE the actor", method: "DELETE", path: (w) => `/users/${w.slug}`, status: METHOD_STATUS },
  { name: "POST to the outbox", method: "POST", path: (w) => `/users/${w.slug}/outbox`, status: METHOD_STATUS },
  { name: "TRACE the home page", method: "TRACE", path: () => "/", status: METHOD_STATUS },
  { name: "PROPFIND the home page", method: "PROPFIND", path: () => "/", status: METHOD_STATUS },
  { name: "GET the inbox", path: (w) => `/users/${w.slug}/inbox`, status: [200, 404, 405, 406] },
  { name: "POST /follow with no server", method: "POST", path: () => "/follow", status: [303, 400] },
];

const forms: PublicCase[] = [
  {
    name: "Follow from a server named with a script tag",
    method: "POST",
    path: () => "/follow",
    form: `server=${encodeURIComponent(`"><script>alert(1)</script>`)}`,
    status: 400,
  },
  { name: "Follow from a javascript: server", method: "POST", path: () => "/follow", form: "server=javascript:alert(1)", status: 400 },
  {
    name: "Follow from a server with a CRLF",
    method: "POST",
    path: () => "/follow",
    form: "server=mastodon.example%0d%0aLocation:%20https://evil.example",
    status: 400,
  },
  {
    name: "Follow from a server with a path",
    method: "POST",
    path: () => "/follow",
    form: `server=${encodeURIComponent("https://mastodon.example/../admin?x=1")}`,
    status: 400,
  },
  { name: "Follow from an IP literal", method: "POST", path: () => "/follow", form: "server=127.0.0.1", status: 400 },
  { name: "Follow from a server with %FF", method: "POST", path: () => "/follow", form: "server=%FF%C0%AF", status: 400 },
  { name: "Follow with a 5 KB form", method: "POST", path: () => "/follow", form: `server=${"a".repeat(5_000)}`, status: [400, 413] },
  {
    name: "Follow with 100 fields",
    method: "POST",
    path: () => "/follow",
    form: Array.from({ length: 100 }, (_, i) => `f${i}=1`).join("&"),
    status: [400, 413],
  },
  {
    name: "Follow with __proto__ fields",
    method: "POST",
    path: () => "/follow",
    form: "__proto__[server]=evil.example&constructor[prototype][server]=evil.example",
    status: 400,
  },
  { name: "Share an event id that traverses", method: "POST", path: () => "/share", form: "event=..%2F..%2Fetc%2Fpasswd&server=mastodon.example", status: 400 },
  {
    name: "Share an event to a script server",
    method: "POST",
    path: () => "/share",
    form: `event=x&server=${encodeURIComponent("<script>alert(1)</script>")}`,
    status: 400,
  },
];

export const PUBLIC_GROUPS: [string, PublicCase[]][] = [
  ["query parameters of the JSON API", apiQueries],
  ["query parameters of the pages", pageQueries],
  ["query parameters of the feeds", feedQueries],
  ["ids and names in paths", paths],
  ["WebFinger, NodeInfo and collections", discovery],
  ["Accept, Host, cookies and conditional headers", headers],
  ["methods the read-only paths do not have", methods],
  ["the Follow and Share forms", forms],
];
