import type { Context, InboxContext } from "@fedify/fedify";
import type { Actor } from "@fedify/vocab";
import { Accept, Follow, isActor, Reject, type Undo } from "@fedify/vocab";
import type { Follower } from "../../node/domain/network/followers.ts";
import type { FederationDeps } from "../context.ts";
import { readableJson, receivedJson } from "../readable-json.ts";
import { idOf, isRecord, typesOf } from "../remote-json.ts";
import { newActivityId } from "../uris.ts";
import type { ListenerResult } from "./outcomes.ts";
import { ignore } from "./outcomes.ts";

/**
 * A Follow of the cantine: record the follower, then answer with a signed Accept through the
 * durable queue — or keep it pending when the operator approves followers by hand.
 */
export async function onFollow(deps: FederationDeps, ctx: InboxContext<void>, follow: Follow): Promise<ListenerResult> {
  const { venue, followers, log } = deps;
  if (follow.id == null || follow.actorId == null || follow.objectId == null) {
    return ignore(deps, "malformed", "Ignoring a Follow without id, actor or object: {id}", { id: follow.id?.href });
  }
  const target = ctx.parseUri(follow.objectId);
  if (target?.type !== "actor" || target.identifier !== venue.slug) {
    return ignore(deps, "not_us", "Ignoring a Follow of someone else: {object}", { object: follow.objectId.href });
  }
  const actor = await follow.getActor(ctx);
  if (actor == null || !isActor(actor) || actor.id?.href !== follow.actorId.href || actor.inboxId == null) {
    return ignore(deps, "actor_unresolved", "Ignoring a Follow whose actor cannot be resolved: {actor}", { actor: follow.actorId.href });
  }
  const sharedInbox = actor.endpoints?.sharedInbox ?? null;
  await deps.checkPublicUrl(actor.inboxId);
  if (sharedInbox) await deps.checkPublicUrl(sharedInbox);

  const now = deps.now().toISOString();
  const manual = venue.manuallyApprovesFollowers && followers.get(follow.actorId.href)?.state !== "accepted";
  followers.upsert({
    actorId: follow.actorId.href,
    inbox: actor.inboxId.href,
    sharedInbox: sharedInbox?.href ?? null,
    followId: follow.id.href,
    actorType: actorTypeName(actor),
    handle: actor.preferredUsername ? `${actor.preferredUsername}@${follow.actorId.host}` : null,
    state: manual ? "pending" : "accepted",
    createdAt: now,
    acceptedAt: manual ? null : now,
  });
  if (manual) return log.info("Follow request from {actor} awaits approval", { actor: follow.actorId.href });

  log.info("Accepted follower {actor}", { actor: follow.actorId.href });
  await sendFollowAnswer(deps, ctx, followers.get(follow.actorId.href)!, "accept");
}

/** What an Undo names as undone, read from the JSON as sent: a Follow URI is never dereferenced. */
export type Undone = Readonly<{ id: string | null; embedded: boolean; types: string[]; actor: string | null; target: string | null }>;

export function undoneOf(object: unknown): Undone {
  const node = Array.isArray(object) ? object[0] : object;
  if (!isRecord(node)) return { id: idOf(node), embedded: false, types: [], actor: null, target: null };
  return { id: idOf(node), embedded: true, types: typesOf(node), actor: idOf(node.actor), target: idOf(node.object) };
}

/**
 * Why an Undo from `follower` does not end their follow, or null when it does. The Follow is
 * matched by the id we stored; failing that, by what is embedded: a Follow of us whose actor is
 * the follower, or left out (Gancio sends only the Follow's id and object).
 */
export function undoRefusal(follower: Follower, undone: Undone, ourActorId: string): string | null {
  if (undone.id !== null && undone.id === follower.followId) return null;
  if (!undone.embedded) return `it undoes ${undone.id ?? "nothing"}, not the Follow we hold`;
  const isFollow = undone.types.includes("Follow");
  if (undone.types.length > 0 && !isFollow) return `it undoes a ${undone.types.join(",")}`;
  if (undone.actor !== null && undone.actor !== follower.actorId) return `the Follow it undoes is ${undone.actor}'s`;
  if (undone.target === null ? !isFollow : undone.target !== ourActorId) return "what it undoes is not a Follow of us";
  return null;
}

/**
 * Undo(Follow): the follower leaves; only the actor who followed may undo it. Every form is
 * read as sent, without fetching: Mastodon embeds the whole Follow, Gancio a Follow without
 * actor, others only the Follow's URI — which the follower's server may not serve at all.
 */
export async function onUndo(deps: FederationDeps, ctx: InboxContext<void>, undo: Undo): Promise<ListenerResult> {
  const { log } = deps;
  const actorId = undo.actorId?.href;
  if (actorId === undefined) return ignore(deps, "malformed", "Ignoring an Undo without actor: {id}", { id: undo.id?.href });
  const follower = deps.followers.get(actorId);
  if (!follower) return ignore(deps, "not_follower", "Ignoring Undo {id} from {actor}: not a follower", { id: undo.id?.href, actor: actorId });
  const raw = await readableJson(ctx, await receivedJson(ctx, undo));
  const refused = undoRefusal(follower, undoneOf(raw.object), ctx.getActorUri(deps.venue.slug).href);
  if (refused) return ignore(deps, "not_our_follow", "Ignoring Undo {id} from {actor}: {reason}", { id: undo.id?.href, actor: actorId, reason: refused });
  if (deps.followers.remove(actorId)) log.info("Follower {actor} left", { actor: actorId });
}

/**
 * Sends Accept (or Reject) for a stored follow request. The Follow is embedded with ids only:
 * some servers reject an Accept that embeds the follower's whole actor document.
 */
export async function sendFollowAnswer(deps: FederationDeps, ctx: Context<void>, follower: Follower, answer: "accept" | "reject"): Promise<void> {
  const slug = deps.venue.slug;
  const follow = new Follow({ id: new URL(follower.followId), actor: new URL(follower.actorId), object: ctx.getActorUri(slug) });
  const values = { id: newActivityId(ctx.origin, slug, answer === "accept" ? "accepts" : "rejects"), actor: ctx.getActorUri(slug), object: follow };
  const recipient = { id: new URL(follower.actorId), inboxId: new URL(follower.inbox) };
  await ctx.sendActivity({ identifier: slug }, recipient, answer === "accept" ? new Accept(values) : new Reject(values));
}

function actorTypeName(actor: Actor): string {
  return actor.constructor.name;
}
