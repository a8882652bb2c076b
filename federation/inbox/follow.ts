import type { Context, InboxContext } from "@fedify/fedify";
import { Accept, Follow, isActor, Reject, Undo } from "@fedify/vocab";
import type { Actor } from "@fedify/vocab";
import type { Follower } from "../../node/domain/followers.ts";
import type { FederationDeps } from "../context.ts";
import { newActivityId } from "../uris.ts";

/**
 * A Follow of the cantine: record the follower, then answer with a signed Accept through the
 * durable queue — or keep it pending when the operator approves followers by hand.
 */
export async function onFollow(deps: FederationDeps, ctx: InboxContext<void>, follow: Follow): Promise<void> {
  const { venue, followers, log } = deps;
  if (follow.id == null || follow.actorId == null || follow.objectId == null) {
    return log.debug("Ignoring a Follow without id, actor or object: {id}", { id: follow.id?.href });
  }
  const target = ctx.parseUri(follow.objectId);
  if (target?.type !== "actor" || target.identifier !== venue.slug) {
    return log.debug("Ignoring a Follow of someone else: {object}", { object: follow.objectId.href });
  }
  const actor = await follow.getActor(ctx);
  if (actor == null || !isActor(actor) || actor.id?.href !== follow.actorId.href || actor.inboxId == null) {
    return log.debug("Ignoring a Follow whose actor cannot be resolved: {actor}", { actor: follow.actorId.href });
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

/** Undo(Follow): the follower leaves; only the actor who followed may undo it. */
export async function onUndo(deps: FederationDeps, ctx: InboxContext<void>, undo: Undo): Promise<void> {
  const object = await undo.getObject(ctx);
  if (!(object instanceof Follow)) {
    return deps.log.debug("Ignoring an Undo of something other than a Follow: {id}", { id: undo.id?.href });
  }
  if (undo.actorId == null || object.actorId?.href !== undo.actorId.href) {
    return deps.log.debug("Ignoring an Undo(Follow) by someone other than the follower: {id}", { id: undo.id?.href });
  }
  if (deps.followers.remove(undo.actorId.href)) {
    deps.log.info("Follower {actor} left", { actor: undo.actorId.href });
  }
}

/**
 * Sends Accept (or Reject) for a stored follow request. The Follow is embedded with ids only:
 * some servers reject an Accept that embeds the follower's whole actor document.
 */
export async function sendFollowAnswer(
  deps: FederationDeps,
  ctx: Context<void>,
  follower: Follower,
  answer: "accept" | "reject",
): Promise<void> {
  const slug = deps.venue.slug;
  const follow = new Follow({ id: new URL(follower.followId), actor: new URL(follower.actorId), object: ctx.getActorUri(slug) });
  const values = { id: newActivityId(ctx.origin, slug, answer === "accept" ? "accepts" : "rejects"), actor: ctx.getActorUri(slug), object: follow };
  const recipient = { id: new URL(follower.actorId), inboxId: new URL(follower.inbox) };
  await ctx.sendActivity({ identifier: slug }, recipient, answer === "accept" ? new Accept(values) : new Reject(values));
}

function actorTypeName(actor: Actor): string {
  return actor.constructor.name;
}
