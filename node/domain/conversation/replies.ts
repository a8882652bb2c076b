// Replies to our events and projects, sent from anywhere in the fediverse (a Mastodon account
// answering an event in its home timeline). They are shown under the event, so they are bounded
// and sanitised on the way in, and only their author may change or remove them.

import type { ActorMatch } from "../moderation/blocks.ts";

/** What a reply answers: one of our own events or projects, by its ActivityPub id. */
export type ReplyTarget = Readonly<{ type: "Event" | "Article"; apId: string }>;

/** Who wrote a reply, as their server describes them (read when the reply arrives). */
export type ReplyAuthor = Readonly<{
  actorId: string;
  name: string | null;
  /** `user@host`, from their `preferredUsername`. */
  handle: string | null;
  /** Their profile page (http(s) only). */
  url: string | null;
  /** Their avatar (http(s) only), or null. */
  icon: string | null;
}>;

/** A reply as we keep it. `contentHtml` is already sanitised; pages sanitise it once more. */
export type Reply = Readonly<{
  id: string;
  apId: string;
  /** The reply's own page on its server, if it gave one. */
  url: string | null;
  target: ReplyTarget;
  author: ReplyAuthor;
  contentHtml: string;
  /** The reply tags our cantine's actor with a Mention: it shows in the operators' mentions. */
  mentionsUs: boolean;
  publishedAt: string;
  updatedAt: string;
  receivedAt: string;
  hidden: boolean;
}>;

/** A reply as read from the wire, before it is stored. */
export type IncomingReply = Omit<Reply, "id" | "receivedAt" | "hidden" | "publishedAt" | "updatedAt"> & {
  publishedAt: string | null;
  updatedAt: string | null;
};

export type StoredReply = Readonly<{ value: Reply; deletedAt: string | null }>;

/** A reply that mentions us, with what it answers, for the operators' list. */
export type Mention = Reply;

export interface ReplyStore {
  insert(reply: Reply): void;
  update(reply: Reply): void;
  getByApId(apId: string): StoredReply | undefined;
  /** Keeps the id as a tombstone: a late copy of the Create cannot bring it back. */
  markDeleted(apId: string, at: string): void;
  /** Live, visible replies to one of our objects, oldest first. */
  listFor(targetApId: string, limit: number, offset?: number): Reply[];
  countFor(targetApId: string): number;
  /** Live replies that mention us, newest first. */
  mentions(limit: number, offset?: number): Mention[];
  /** Removes (for good) every reply written by these actors, or by anyone on these hosts. */
  removeByAuthors(match: ActorMatch): number;
}

/** Replies keep at most this much sanitised HTML (a Mastodon post is 500 characters of text). */
export const MAX_REPLY_HTML = 20_000;

export type ReplyOutcome = { kind: "created" | "updated" | "deleted" } | { kind: "ignored" | "unchanged"; reason: string };

function newer(incoming: string | null, stored: string): boolean {
  return incoming !== null && Date.parse(incoming) > Date.parse(stored);
}

/**
 * Stores a reply or a new version of it (Create or Update), idempotent by its id: the newest
 * `updated` wins, a deleted reply stays deleted, and only its author may change it.
 */
export function receiveReply(store: ReplyStore, newId: () => string, incoming: IncomingReply, receivedAt: string): ReplyOutcome {
  const existing = store.getByApId(incoming.apId);
  if (existing?.deletedAt) return { kind: "unchanged", reason: "it was deleted before" };
  if (existing && existing.value.author.actorId !== incoming.author.actorId)
    return { kind: "ignored", reason: `it is ${existing.value.author.actorId}'s reply` };
  const publishedAt = incoming.publishedAt ?? existing?.value.publishedAt ?? receivedAt;
  const updatedAt = incoming.updatedAt ?? publishedAt;
  if (existing && !newer(updatedAt, existing.value.updatedAt)) return { kind: "unchanged", reason: "we already have this version or a newer one" };
  const reply: Reply = {
    ...incoming,
    id: existing?.value.id ?? newId(),
    // A reply stays under what it first answered: an edit cannot move it to another page.
    target: existing?.value.target ?? incoming.target,
    publishedAt,
    updatedAt,
    receivedAt,
    hidden: existing?.value.hidden ?? false,
  };
  if (existing) store.update(reply);
  else store.insert(reply);
  return { kind: existing ? "updated" : "created" };
}

/** Deletes a reply; only its author may. */
export function deleteReply(store: ReplyStore, apId: string, byActorId: string, at: string): ReplyOutcome {
  const existing = store.getByApId(apId);
  if (!existing) return { kind: "ignored", reason: "we hold no such reply" };
  if (existing.deletedAt) return { kind: "unchanged", reason: "it was deleted before" };
  if (existing.value.author.actorId !== byActorId) return { kind: "ignored", reason: `it is ${existing.value.author.actorId}'s reply` };
  store.markDeleted(apId, at);
  return { kind: "deleted" };
}
