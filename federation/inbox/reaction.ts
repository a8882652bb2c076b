import type { InboxContext } from "@fedify/fedify";
import type { Activity, Announce, Like, Undo } from "@fedify/vocab";
import type { ReactionKind } from "../../node/domain/conversation/reactions.ts";
import type { FederationDeps } from "../context.ts";
import type { Json } from "../remote-json.ts";
import { originOf } from "../remote-json.ts";
import { undoneOf } from "./follow.ts";
import type { Listener, ListenerResult } from "./outcomes.ts";
import { ignore } from "./outcomes.ts";
import { ourTarget } from "./targets.ts";

/** Like of one of our events or projects ("interested"), from anyone not blocked or silenced. */
export function onLike(deps: FederationDeps, _ctx: InboxContext<void>, like: Like): ListenerResult {
  return react(deps, like, "like");
}

/**
 * Announce (boost) of one of our events or projects is counted; an Announce of anything else is
 * a relay by a cantine we follow, handled by `next` (content.ts).
 */
export function withBoosts(deps: FederationDeps, next: Listener<Announce>): Listener<Announce> {
  return (ctx, announce) => (ourTarget(deps, announce.objectId?.href) ? react(deps, announce, "announce") : next(ctx, announce));
}

function react(deps: FederationDeps, activity: Activity, kind: ReactionKind): ListenerResult {
  const actorId = activity.actorId?.href;
  const id = activity.id?.href;
  const target = ourTarget(deps, activity.objectId?.href);
  const type = activity.constructor.name;
  if (!actorId || !id) return ignore(deps, "malformed", "Ignoring a {type} without id or actor", { type });
  if (!target) return ignore(deps, "not_ours", "Ignoring {type} {id}: its object is not one of ours", { type, id });
  if (originOf(id) !== originOf(actorId)) return ignore(deps, "not_same_origin", "Ignoring {type} {id}: not on its actor's origin", { type, id });
  if (deps.moderation.policy.policyFor(actorId).silenced)
    return ignore(deps, "silenced", "Ignoring {type} {id} from {actor}: its server is silenced", { type, id, actor: actorId });
  const added = deps.transaction(() =>
    deps.conversation.reactions.add({ activityId: id, kind, actorId, targetApId: target.apId, createdAt: deps.now().toISOString() }),
  );
  if (!added) return ignore(deps, "unchanged", "{type} {id}: {actor} already did", { type, id, actor: actorId });
  deps.log.info("{type} of {target} by {actor}", { type, target: target.apId, actor: actorId });
}

const REACTIONS: Record<string, ReactionKind> = { Like: "like", Announce: "announce" };

/**
 * Undo of a Like or Announce of ours: matched by the undone activity's id, else by what it
 * embeds (its type and object), and only for the actor who reacted. Other Undos go to `next`.
 */
export function withReactionUndos(deps: FederationDeps, next: Listener<Undo>): Listener<Undo> {
  return async (ctx, undo) => {
    const actorId = undo.actorId?.href;
    if (!actorId) return next(ctx, undo);
    const raw = (await undo.toJsonLd()) as Json;
    const undone = undoneOf(raw.object);
    const { reactions } = deps.conversation;
    if (undone.id !== null && deps.transaction(() => reactions.removeActivity(undone.id!, actorId))) {
      return void deps.log.info("{actor} undid {activity}", { actor: actorId, activity: undone.id });
    }
    const kind = undone.types.map((t) => REACTIONS[t]).find(Boolean);
    const target = ourTarget(deps, undone.target);
    if (!kind || !target) return next(ctx, undo);
    if (undone.actor !== null && undone.actor !== actorId)
      return ignore(deps, "not_author", "Ignoring Undo {id}: the {kind} it undoes is {actor}'s", { id: undo.id?.href, kind, actor: undone.actor });
    if (!deps.transaction(() => reactions.remove(kind, actorId, target.apId)))
      return ignore(deps, "unchanged", "Ignoring Undo {id}: no such {kind}", { id: undo.id?.href, kind });
    deps.log.info("{actor} undid their {kind} of {target}", { actor: actorId, kind, target: target.apId });
  };
}
