// Activities shaped like Mastodon's own, from the shared fixtures, re-homed on a test peer's
// origin: replies (Create/Update/Delete of a Note), likes, boosts, their Undo, and reports (Flag).
import { readJsonFixture } from "./fixtures.ts";
import type { JsonObject, Peer } from "./peer.ts";

const PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
let counter = 0;

/** Mastodon's Create(Note) fixture with every `https://mastodon.example` URL moved to the peer. */
function fixtureOn(peer: Peer): JsonObject {
  return JSON.parse(JSON.stringify(readJsonFixture("mastodon", "create-note.json")).replaceAll("https://mastodon.example", peer.origin)) as JsonObject;
}

export type ReplyOptions = { html: string; inReplyTo: string; mention?: { actorId: string; name: string } };

/** A reply of `name` to one of our objects: the Note (to serve at its id) and its Create. */
export function mastodonReply(peer: Peer, name: string, options: ReplyOptions): { note: JsonObject; create: JsonObject } {
  const fixture = fixtureOn(peer);
  const actor = peer.actorId(name);
  const number = `${Date.now()}${++counter}`;
  const id = `${actor}/statuses/${number}`;
  const note: JsonObject = {
    ...fixture.object,
    id,
    url: `${peer.origin}/@${name}/${number}`,
    attributedTo: actor,
    inReplyTo: options.inReplyTo,
    published: new Date().toISOString(),
    cc: [`${actor}/followers`, ...(options.mention ? [options.mention.actorId] : [])],
    atomUri: id,
    content: options.html,
    contentMap: { fr: options.html },
    tag: options.mention ? [{ type: "Mention", href: options.mention.actorId, name: options.mention.name }] : [],
    replies: {
      ...fixture.object.replies,
      id: `${id}/replies`,
      first: { ...fixture.object.replies.first, next: `${id}/replies?page=true`, partOf: `${id}/replies` },
    },
    likes: { id: `${id}/likes`, type: "Collection", totalItems: 0 },
    shares: { id: `${id}/shares`, type: "Collection", totalItems: 0 },
  };
  const create = {
    "@context": fixture["@context"],
    id: `${id}/activity`,
    type: "Create",
    actor,
    published: note.published,
    to: [PUBLIC],
    cc: note.cc,
    object: note,
  };
  return { note: { "@context": fixture["@context"], ...note }, create };
}

/** Mastodon's Update of an edited Note: the whole new version, with a later `updated`. */
export function mastodonUpdate(peer: Peer, name: string, note: JsonObject, html: string): { note: JsonObject; update: JsonObject } {
  const { "@context": context, ...object } = note;
  const updated = { ...object, content: html, contentMap: { fr: html }, updated: new Date(Date.now() + 1000).toISOString() };
  const actor = peer.actorId(name);
  return {
    note: { "@context": context, ...updated },
    update: { "@context": context, id: `${note.id}#updates/${Date.now()}`, type: "Update", actor, to: [PUBLIC], cc: note.cc, object: updated },
  };
}

/** Mastodon's Delete of a Note: a Tombstone with the Note's id. */
export function mastodonDelete(peer: Peer, name: string, noteId: string): JsonObject {
  return {
    "@context": fixtureOn(peer)["@context"],
    id: `${noteId}#delete`,
    type: "Delete",
    actor: peer.actorId(name),
    to: [PUBLIC],
    object: { id: noteId, type: "Tombstone", atomUri: noteId },
  };
}

/** A favourite, as Mastodon sends it: `#likes/N` on the actor. */
export function mastodonLike(peer: Peer, name: string, object: string): JsonObject {
  const actor = peer.actorId(name);
  return { "@context": "https://www.w3.org/ns/activitystreams", id: `${actor}#likes/${Date.now()}${++counter}`, type: "Like", actor, object };
}

/** A boost, as Mastodon sends it: an Announce to Public naming the object by its id. */
export function mastodonBoost(peer: Peer, name: string, object: string): JsonObject {
  const actor = peer.actorId(name);
  return {
    "@context": "https://www.w3.org/ns/activitystreams",
    id: `${actor}/statuses/${Date.now()}${++counter}/activity`,
    type: "Announce",
    actor,
    published: new Date().toISOString(),
    to: [PUBLIC],
    cc: [`${actor}/followers`],
    object,
  };
}

/** Undo of a like or boost, embedding it as Mastodon does. */
export function mastodonUndo(peer: Peer, name: string, activity: JsonObject): JsonObject {
  const { "@context": context, ...object } = activity;
  return { "@context": context, id: `${String(activity.id)}/undo`, type: "Undo", actor: peer.actorId(name), object };
}

/** A forwarded report: Mastodon sends it from its instance actor, naming the account and the posts. */
export function mastodonFlag(peer: Peer, name: string, objects: string[], comment: string): JsonObject {
  const actor = peer.actorId(name);
  return {
    "@context": "https://www.w3.org/ns/activitystreams",
    id: `${peer.origin}/${Date.now()}${++counter}`,
    type: "Flag",
    actor,
    content: comment,
    object: objects,
  };
}
