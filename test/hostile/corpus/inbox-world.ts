// The cast of the inbox corpus and the shapes its rows build on. `friend` is a server the node
// follows (alice; bob is another account there), `stranger` one it does not follow (mallory).

import type { JsonObject, Peer } from "../../helpers/peer.ts";
import type { Expected } from "../harness.ts";
import type { PostOptions } from "../inbox-post.ts";

export const AS = "https://www.w3.org/ns/activitystreams";
const PUBLIC = `${AS}#Public`;

export type InboxWorld = {
  /** The node's origin, its actor and inboxes. */
  origin: string;
  actor: string;
  friend: Peer;
  stranger: Peer;
  /** One of the node's own events, and one it holds from `friend`. */
  localEvent: { id: string; apId: string };
  friendEvent: { id: string; apId: string };
  /** The id of the node's accepted Follow of alice, and of bob's Follow of the node. */
  ourFollowId: string;
  bobFollowId: string;
  /** An upcoming start and end, written with an offset, counted from today. */
  soon: string;
  later: string;
};

export type InboxCase = {
  name: string;
  /** Who signs and sends it (default friend). */
  from?: "friend" | "stranger";
  /** The shared inbox (default) or the cantine's own. */
  to?: "shared" | "actor";
  /** The body: an object (sent as JSON), a string or bytes. `n` is unique to the row. */
  body: (w: InboxWorld, n: string) => unknown;
  /** Documents the sender serves at their ids (the objects a row only refers to). */
  serve?: (w: InboxWorld, n: string) => JsonObject[];
  /** How it is signed and which headers are broken. */
  post?: (w: InboxWorld) => PostOptions;
  /** Expected status (any below 500 when absent) and the problem the answer names. */
  status?: Expected;
  error?: RegExp;
  /**
   * The object is one a followed cantine may send, hostile as it is: it may be stored (read
   * leniently, sanitised). Absent: nothing at all may be stored or changed.
   */
  mayStore?: boolean;
};

/** A row named `name` that sends `body` and expects `status`. */
export function row(name: string, body: InboxCase["body"], status: Expected | undefined, more: Omit<InboxCase, "name" | "body" | "status"> = {}): InboxCase {
  return { name, body, ...(status === undefined ? {} : { status }), ...more };
}

/** A well-formed upcoming Event of alice's, numbered `n`, with `fields` replaced. */
export function event(w: InboxWorld, n: string, fields: JsonObject = {}, peer: Peer = w.friend, user = "alice"): JsonObject {
  return {
    id: `${peer.origin}/events/hostile-${n}`,
    type: "Event",
    name: `Hostile event ${n}`,
    content: "<p>Event body</p>",
    startTime: w.soon,
    endTime: w.later,
    attributedTo: peer.actorId(user),
    to: [PUBLIC],
    ...fields,
  };
}

/** A well-formed project (Article) of alice's, numbered `n`. */
export function article(w: InboxWorld, n: string, fields: JsonObject = {}, peer: Peer = w.friend, user = "alice"): JsonObject {
  return {
    id: `${peer.origin}/projects/hostile-${n}`,
    type: "Article",
    name: `Hostile project ${n}`,
    summary: "A project.",
    attributedTo: peer.actorId(user),
    to: [PUBLIC],
    ...fields,
  };
}

/** An activity of `type` by alice (or `user` on `peer`) carrying `object`. */
export function activity(w: InboxWorld, n: string, type: string, object: unknown, extra: JsonObject = {}, peer: Peer = w.friend, user = "alice"): JsonObject {
  return { "@context": AS, id: `${peer.origin}/activities/${type.toLowerCase()}-${n}`, type, actor: peer.actorId(user), object, to: [PUBLIC], ...extra };
}

/** Create(Event) by alice, with the activity's own fields replaced by `extra`. */
export function createEvent(w: InboxWorld, n: string, fields: JsonObject = {}, extra: JsonObject = {}): JsonObject {
  return activity(w, n, "Create", event(w, n, fields), extra);
}

/** The same from mallory, whom the node does not follow. */
export function strangerCreate(w: InboxWorld, n: string, fields: JsonObject = {}): JsonObject {
  return activity(w, n, "Create", event(w, n, fields, w.stranger, "mallory"), {}, w.stranger, "mallory");
}

/** A JSON text nested `depth` levels deep. */
export function nested(depth: number, open = '{"a":', close = "}"): string {
  return `${open.repeat(depth)}1${close.repeat(depth)}`;
}
