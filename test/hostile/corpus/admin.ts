// The admin API's corpus: tokens missing, forged, expired, revoked or short of a scope; bodies
// that are not JSON or too large; every field of the inputs (admin-fields.ts); unknown and
// traversing ids; edits that break what they edit; methods the API does not have. Every row is
// refused and nothing is stored or sent.

import { gzipSync } from "node:zlib";
import { addDays } from "../../helpers/dates.ts";
import { HUNG_UP } from "../raw-http.ts";
import { eventFields, projectFields } from "./admin-fields.ts";
import { day, EVENTS, long, PROJECTS, validEvent, validProject } from "./admin-world.ts";
import type { AdminCase } from "./admin-world.ts";

export const tokens: AdminCase[] = [
  { name: "no Authorization header", method: "POST", path: EVENTS, auth: () => null, body: validEvent, status: 401, error: /missing bearer token/ },
  { name: "an empty Bearer", method: "POST", path: EVENTS, auth: () => "Bearer", body: validEvent, status: 401 },
  { name: "Basic credentials", method: "POST", path: EVENTS, auth: () => `Basic ${Buffer.from("admin:admin").toString("base64")}`, body: validEvent, status: 401 },
  { name: "a token that is not a JWT", method: "POST", path: EVENTS, auth: () => "Bearer garbage", body: validEvent, status: 401, error: /malformed token/ },
  { name: "a token of three empty parts", method: "POST", path: EVENTS, auth: () => "Bearer ..", body: validEvent, status: 401 },
  { name: "a token of 10,000 characters", method: "POST", path: EVENTS, auth: () => `Bearer ${long(10_000, "A")}`, body: validEvent, status: 401 },
  { name: "an Authorization header of 100 KB", method: "POST", path: EVENTS, auth: () => `Bearer ${long(100_000, "A")}`, body: validEvent, status: [401, 431, HUNG_UP] },
  { name: "an expired token", method: "POST", path: EVENTS, auth: (w) => w.auth.expired, body: validEvent, status: 401, error: /token expired/ },
  { name: "a token not valid yet", method: "POST", path: EVENTS, auth: (w) => w.auth.future, body: validEvent, status: 401 },
  { name: "a token from another issuer", method: "POST", path: EVENTS, auth: (w) => w.auth.wrongIssuer, body: validEvent, status: 401, error: /wrong issuer/ },
  { name: "a token for another audience", method: "POST", path: EVENTS, auth: (w) => w.auth.wrongAudience, body: validEvent, status: 401, error: /wrong audience/ },
  { name: "a token without expiry", method: "POST", path: EVENTS, auth: (w) => w.auth.noExpiry, body: validEvent, status: 401, error: /no exp claim/ },
  { name: "a token without jti", method: "POST", path: EVENTS, auth: (w) => w.auth.noJti, body: validEvent, status: 401, error: /no jti claim/ },
  { name: "a well-signed token the node never issued", method: "POST", path: EVENTS, auth: (w) => w.auth.unknownJti, body: validEvent, status: 401, error: /unknown token/ },
  { name: "a revoked token", method: "POST", path: EVENTS, auth: (w) => w.auth.revoked, body: validEvent, status: 401, error: /token revoked/ },
  { name: "an unsigned token (alg none)", method: "POST", path: EVENTS, auth: (w) => w.auth.algNone, body: validEvent, status: 401 },
  { name: "an HS256 token keyed with the public key", method: "POST", path: EVENTS, auth: (w) => w.auth.hs256, body: validEvent, status: 401 },
  { name: "a token signed by another key under the node's kid", method: "POST", path: EVENTS, auth: (w) => w.auth.otherKey, body: validEvent, status: 401, error: /token signature invalid/ },
  { name: "an events token creating a project", method: "POST", path: PROJECTS, auth: (w) => w.auth.eventsOnly, body: validProject, status: 403, error: /lacks scope projects:write/ },
  { name: "a follows token creating an event", method: "POST", path: EVENTS, auth: (w) => w.auth.followsOnly, body: validEvent, status: 403, error: /lacks scope events:write/ },
  { name: "a follows token deleting an event", method: "DELETE", path: (w) => `/api/admin/events/${w.eventId}`, auth: (w) => w.auth.followsOnly, status: 403 },
  { name: "an events token following a cantine", method: "POST", path: () => "/api/admin/follows", auth: (w) => w.auth.eventsOnly, body: () => ({ handle: "@x@x.example" }), status: 403 },
  { name: "a token in the query string instead", method: "POST", path: (w) => `/api/admin/events?access_token=${w.auth.admin.replace(/^Bearer /, "")}`, auth: () => null, body: validEvent, status: 401 },
  { name: "a token in a cookie instead", method: "POST", path: EVENTS, auth: () => null, headers: { Cookie: "token=x; session=y" }, body: validEvent, status: 401 },
];

export const bodies: AdminCase[] = [
  { name: "a body that is not JSON", method: "POST", path: EVENTS, body: () => "{title:", status: 400, error: /not valid JSON/ },
  { name: "an empty body", method: "POST", path: EVENTS, body: () => "", status: [400, 422] },
  { name: "JSON null", method: "POST", path: EVENTS, body: () => "null", status: [400, 422] },
  { name: "a JSON array", method: "POST", path: EVENTS, body: () => [validEvent()], status: 422, field: "" },
  { name: "a JSON string", method: "POST", path: EVENTS, body: () => '"title"', status: [400, 422] },
  { name: "a JSON number", method: "POST", path: EVENTS, body: () => "42", status: [400, 422] },
  { name: "an XML body", method: "POST", path: EVENTS, headers: { "Content-Type": "application/xml" }, body: () => "<event><title>x</title></event>", status: 400 },
  { name: "a form body", method: "POST", path: EVENTS, headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: () => "title=x&startsAt=2030-01-01", status: 400 },
  { name: "a multipart body", method: "POST", path: EVENTS, headers: { "Content-Type": "multipart/form-data; boundary=b" }, body: () => '--b\r\nContent-Disposition: form-data; name="title"\r\n\r\nx\r\n--b--\r\n', status: 400 },
  { name: "a body in UTF-16 labelled UTF-8", method: "POST", path: EVENTS, headers: { "Content-Type": "application/json; charset=utf-8" }, body: () => Buffer.from(JSON.stringify(validEvent()), "utf16le"), status: 400 },
  { name: "a body in an unknown charset", method: "POST", path: EVENTS, headers: { "Content-Type": "application/json; charset=x-evil" }, body: () => JSON.stringify(validEvent()), status: 415 },
  { name: "a body whose Content-Encoding is unknown", method: "POST", path: EVENTS, headers: { "Content-Encoding": "x-evil" }, body: () => JSON.stringify(validEvent()), status: 415 },
  { name: "a body that claims zstd and is not", method: "POST", path: EVENTS, headers: { "Content-Encoding": "zstd" }, body: () => JSON.stringify(validEvent()), status: [400, 415] },
  { name: "a body that claims gzip and is not", method: "POST", path: EVENTS, headers: { "Content-Encoding": "gzip" }, body: () => JSON.stringify(validEvent()), status: 400 },
  { name: "a gzip bomb", method: "POST", path: EVENTS, headers: { "Content-Encoding": "gzip" }, body: () => gzipSync(JSON.stringify({ ...validEvent(), description: long(10_000_000) })), status: 413 },
  { name: "a body over 200 KB", method: "POST", path: EVENTS, body: () => ({ ...validEvent(), description: long(300_000) }), status: 413 },
  { name: "a chunked body of 1 MB", method: "POST", path: EVENTS, headers: { "Transfer-Encoding": "chunked" }, body: () => JSON.stringify({ ...validEvent(), description: long(1_000_000) }), status: 413 },
  { name: "JSON nested 10,000 levels", method: "POST", path: EVENTS, body: () => `{"title":${"[".repeat(10_000)}${"]".repeat(10_000)}}`, status: [400, 422] },
  { name: "an object of 10,000 unknown keys", method: "POST", path: EVENTS, body: () => ({ ...validEvent(), ...Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i])) }), status: 422, field: "k0" },
  { name: "a __proto__ key", method: "POST", path: EVENTS, body: () => `{"__proto__":{"title":"polluted","isAdmin":true},${JSON.stringify(validEvent()).slice(1)}`, status: 422, field: "__proto__" },
  { name: "a constructor.prototype key", method: "POST", path: EVENTS, body: () => ({ ...validEvent(), constructor: { prototype: { polluted: true } } }), status: 422, field: "constructor" },
  { name: "a __proto__ key inside location", method: "POST", path: EVENTS, body: () => `{"location":{"name":"Room","__proto__":{"lat":1}},${JSON.stringify(validEvent()).slice(1)}`, status: 422, field: "location.__proto__" },
  { name: "a __proto__ key in a project", method: "POST", path: PROJECTS, body: () => `{"__proto__":{"summary":"x"},"title":"T"}`, status: 422 },
];

const ID_PATHS: [string, string][] = [
  ["an unknown id", "00000000000000000000000000000000"],
  ["a traversal, raw", "../../../etc/passwd"],
  ["a traversal, encoded", "..%2f..%2f..%2fetc%2fpasswd"],
  ["a double-encoded traversal", "%252e%252e%252fetc%252fpasswd"],
  ["a NUL", "abc%00def"],
  ["an invalid UTF-8 escape", "%C0%AF"],
  ["a lone %FF", "%FF"],
  ["a broken escape", "%E0%A4%A"],
  ["10,000 characters", long(10_000, "a")],
  ["SQL", "1'%20OR%20'1'%3D'1"],
  ["a CRLF", "x%0d%0aSet-Cookie:%20evil=1"],
];

const unknownIds = (method: string, template: (id: string) => string, body?: () => unknown): AdminCase[] =>
  ID_PATHS.map(([label, id]) => ({ name: `${method} ${template(":id")}: ${label}`, method, path: () => template(id), ...(body ? { body } : {}), status: [400, 404] as const }));

export const ids: AdminCase[] = [
  ...unknownIds("GET", (id) => `/api/admin/events/${id}`),
  ...unknownIds("PATCH", (id) => `/api/admin/events/${id}`, () => ({ title: "Changed" })),
  ...unknownIds("DELETE", (id) => `/api/admin/projects/${id}`),
  ...unknownIds("POST", (id) => `/api/admin/events/${id}/cancel`),
  ...unknownIds("DELETE", (id) => `/api/admin/series/${id}`),
  { name: "GET a remote event through the admin API", path: (w) => `/api/admin/events/${w.remoteEventId}`, status: 404 },
  { name: "PATCH a remote event", method: "PATCH", path: (w) => `/api/admin/events/${w.remoteEventId}`, body: () => ({ title: "Hijacked" }), status: 404 },
  { name: "DELETE a remote event", method: "DELETE", path: (w) => `/api/admin/events/${w.remoteEventId}`, status: 404 },
  { name: "PATCH a deleted event", method: "PATCH", path: (w) => `/api/admin/events/${w.deletedEventId}`, body: () => ({ title: "Back" }), status: 410 },
  { name: "cancel a deleted event", method: "POST", path: (w) => `/api/admin/events/${w.deletedEventId}/cancel`, status: 410 },
  { name: "an event id used as a series id", path: (w) => `/api/admin/series/${w.eventId}`, status: 404 },
  { name: "a project id used as an event id", method: "DELETE", path: (w) => `/api/admin/events/${w.projectId}`, status: 404 },
  { name: "unfollow a cantine never followed", method: "DELETE", path: () => "/api/admin/follows/https%3A%2F%2Fnowhere.example%2Fusers%2Fx", status: 422 },
  { name: "sync a cantine never followed", method: "POST", path: () => "/api/admin/follows/%2E%2E%2F%2E%2E/sync", status: 422 },
];

const patchEvent = (label: string, body: unknown, field: string): AdminCase => ({ name: `PATCH the event: ${label}`, method: "PATCH", path: (w) => `/api/admin/events/${w.eventId}`, body: () => body, status: 422, field });

export const patches: AdminCase[] = [
  patchEvent("title null", { title: null }, "title"),
  patchEvent("startsAt null", { startsAt: null }, "startsAt"),
  patchEvent("endsAt before the start", { endsAt: `${addDays(day, -1)}T10:00` }, "endsAt"),
  patchEvent("a recurrence on a single event", { recurrence: "FREQ=DAILY;COUNT=3" }, "recurrence"),
  patchEvent("a script URL", { registrationUrl: "javascript:alert(1)" }, "registrationUrl"),
  patchEvent("an unknown field", { apId: "https://evil.example/events/1" }, "apId"),
  patchEvent("a list", [{ title: "x" }], ""),
  patchEvent("a zone that does not exist", { timezone: "Mars/Olympus_Mons" }, "timezone"),
  { name: "PATCH the series: a COUNT of 100,000", method: "PATCH", path: (w) => `/api/admin/series/${w.seriesId}`, body: () => ({ recurrence: "FREQ=DAILY;COUNT=100000" }), status: 422, field: "recurrence" },
  { name: "PATCH the series: a title of a number", method: "PATCH", path: (w) => `/api/admin/series/${w.seriesId}`, body: () => ({ title: 42 }), status: 422, field: "title" },
  { name: "PATCH the project: a javascript: link", method: "PATCH", path: (w) => `/api/admin/projects/${w.projectId}`, body: () => ({ links: [{ name: "x", url: "javascript:alert(1)" }] }), status: 422, field: "links[0].url" },
  { name: "PATCH the project: summary null", method: "PATCH", path: (w) => `/api/admin/projects/${w.projectId}`, body: () => ({ summary: null }), status: 422, field: "summary" },
  { name: "follow a javascript: handle", method: "POST", path: () => "/api/admin/follows", body: () => ({ handle: "javascript:alert(1)" }), status: 422 },
  { name: "follow a file: URL", method: "POST", path: () => "/api/admin/follows", body: () => ({ handle: "file:///etc/passwd" }), status: 422 },
  { name: "follow with a handle of a number", method: "POST", path: () => "/api/admin/follows", body: () => ({ handle: 42 }), status: 422 },
  { name: "follow with a handle of 501 characters", method: "POST", path: () => "/api/admin/follows", body: () => ({ handle: `@${long(490)}@x.example` }), status: 422 },
  { name: "follow with a handle holding a CRLF", method: "POST", path: () => "/api/admin/follows", body: () => ({ handle: "@a@x.example\r\nHost: evil" }), status: 422 },
  { name: "relay a javascript: URL", method: "POST", path: () => "/api/admin/relays", body: () => ({ url: "javascript:alert(1)" }), status: 422 },
  { name: "relay a number", method: "POST", path: () => "/api/admin/relays", body: () => ({ url: 42 }), status: 422 },
];

export const methods: AdminCase[] = [
  { name: "PUT on the events collection", method: "PUT", path: EVENTS, body: validEvent, status: [404, 405] },
  { name: "DELETE on the events collection", method: "DELETE", path: EVENTS, status: [404, 405] },
  { name: "PATCH on the projects collection", method: "PATCH", path: PROJECTS, body: validProject, status: [404, 405] },
  { name: "POST on one event", method: "POST", path: (w) => `/api/admin/events/${w.eventId}`, body: validEvent, status: [404, 405] },
  { name: "an unknown admin path", method: "POST", path: () => "/api/admin/tokens", body: () => ({ name: "me", scopes: ["admin"] }), status: [401, 404] },
  { name: "an admin path with a trailing traversal", method: "POST", path: () => "/api/admin/events/..", body: validEvent, status: [400, 404] },
  { name: "an admin path with doubled slashes", method: "POST", path: () => "//api//admin//events", body: validEvent, status: [400, 404] },
];

/** For the runner's report: rows per group. */
export const ADMIN_GROUPS: [string, AdminCase[]][] = [
  ["tokens", tokens],
  ["bodies", bodies],
  ["every field of the event input", eventFields],
  ["every field of the project input", projectFields],
  ["ids that are unknown, not ours or not ids", ids],
  ["edits that break an event, a series or a project", patches],
  ["methods and paths the API does not have", methods],
];
