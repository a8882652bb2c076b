import type { InboxContext } from "@fedify/fedify";
import type { Activity } from "@fedify/vocab";
import { deleteReply, receiveReply } from "../../node/domain/conversation/replies.ts";
import type { FederationDeps } from "../context.ts";
import { readableJson, receivedJson } from "../readable-json.ts";
import type { Json } from "../remote-json.ts";
import { fetchDocument, idOf, isRecord, originOf, trustedObject } from "../remote-json.ts";
import { fromAuthorJson, fromReplyJson } from "../vocab/reply.ts";
import type { Listener, ListenerResult } from "./outcomes.ts";
import { ignore } from "./outcomes.ts";
import { ourTarget } from "./targets.ts";

/**
 * Create, Update and Delete of replies to our events and projects, from anyone not blocked —
 * they need not be followed. Everything else goes on to `next` (calendar content from the
 * cantines we follow). A Delete of an actor also takes its replies and reactions away.
 */
export function withReplies(deps: FederationDeps, next: Listener<Activity>): Listener<Activity> {
  return async (ctx, activity) => {
    const senderId = activity.actorId?.href;
    if (!senderId) return next(ctx, activity);
    // Routing only: what decides is read again through readableJson (onReply, onContent).
    const raw = await receivedJson(ctx, activity);
    const type = activity.constructor.name;
    const objectId = activity.objectId?.href ?? null;
    if (type === "Delete") {
      if (objectId === senderId) forgetActor(deps, senderId);
      else if (objectId && deps.conversation.replies.getByApId(objectId)) return onReplyDeleted(deps, objectId, senderId);
      return next(ctx, activity);
    }
    const inReplyTo = isRecord(raw.object) ? idOf(([] as unknown[]).concat(raw.object.inReplyTo ?? [])[0]) : null;
    const known = objectId ? deps.conversation.replies.getByApId(objectId) : undefined;
    if ((type === "Create" || type === "Update") && (known || ourTarget(deps, inReplyTo))) return onReply(deps, ctx, activity, raw, senderId);
    return next(ctx, activity);
  };
}

/** The author's actor document (Fedify's loader caches it: it was just fetched for their key). */
async function authorOf(deps: FederationDeps, ctx: InboxContext<void>, actorId: string) {
  const document = await fetchDocument(ctx, actorId).catch((error: unknown) => {
    deps.log.debug("Could not read the profile of {actor}: {error}", { actor: actorId, error });
    return null;
  });
  return fromAuthorJson(actorId, document, deps.moderation.policy.policyFor(actorId).rejectMedia);
}

async function onReply(deps: FederationDeps, ctx: InboxContext<void>, activity: Activity, raw: Json, senderId: string): Promise<ListenerResult> {
  const id = activity.id?.href;
  if (deps.moderation.policy.policyFor(senderId).silenced)
    return ignore(deps, "silenced", "Ignoring reply {id} from {actor}: its server is silenced", { id, actor: senderId });
  const senderOrigin = originOf(senderId);
  if (!senderOrigin || !id || originOf(id) !== senderOrigin) return ignore(deps, "not_same_origin", "Ignoring reply {id}: not on its actor's origin", { id });
  const readable = await readableJson(ctx, raw);
  const object = await trustedObject(ctx, readable, senderOrigin);
  if (!object || originOf(String(object.id)) !== senderOrigin)
    return ignore(deps, "not_same_origin", "Ignoring reply {id}: its object is not on the sender's origin", { id });
  const ourActorId = ctx.getActorUri(deps.venue.slug).href;
  const read = fromReplyJson(object, ourActorId);
  if (!read.ok) return ignore(deps, "malformed", "Ignoring reply {id}: {reason}", { id, reason: read.reason });
  if (read.reply.attributedTo !== senderId)
    return ignore(deps, "not_author", "Ignoring reply {id}: attributed to {author}, sent by {actor}", { id, author: read.reply.attributedTo, actor: senderId });
  const target = ourTarget(deps, read.reply.inReplyTo) ?? deps.conversation.replies.getByApId(read.reply.apId)?.value.target;
  if (!target) return ignore(deps, "not_ours", "Ignoring reply {id}: it answers {target}, not one of our objects", { id, target: read.reply.inReplyTo });
  const author = await authorOf(deps, ctx, senderId);
  const { inReplyTo: _, attributedTo: __, ...reply } = read.reply;
  const outcome = deps.transaction(() => receiveReply(deps.conversation.replies, deps.newId, { ...reply, target, author }, deps.now().toISOString()));
  if (outcome.kind === "ignored" || outcome.kind === "unchanged") {
    return ignore(deps, outcome.kind === "ignored" ? "not_author" : "unchanged", "Reply {reply} from {actor}: {reason}", {
      reply: reply.apId,
      actor: senderId,
      reason: outcome.reason,
    });
  }
  deps.log.info("Reply {reply} from {actor} to {target}: {outcome}", { reply: reply.apId, actor: senderId, target: target.apId, outcome: outcome.kind });
}

function onReplyDeleted(deps: FederationDeps, replyId: string, senderId: string): ListenerResult {
  const outcome = deps.transaction(() => deleteReply(deps.conversation.replies, replyId, senderId, deps.now().toISOString()));
  if (outcome.kind !== "deleted")
    return ignore(deps, "not_applicable", "Ignoring Delete of reply {reply} from {actor}: {reason}", {
      reply: replyId,
      actor: senderId,
      reason: "reason" in outcome ? outcome.reason : "",
    });
  deps.log.info("Reply {reply} deleted by {actor}", { reply: replyId, actor: senderId });
}

/** A deleted account: its replies and reactions go too (its follow is content.ts's business). */
function forgetActor(deps: FederationDeps, actorId: string): void {
  const match = { actorIds: [actorId], hosts: [] };
  const removed = deps.transaction(() => deps.conversation.replies.removeByAuthors(match) + deps.conversation.reactions.removeByActors(match));
  if (removed > 0) deps.log.info("Account {actor} was deleted: its {n} replies and reactions are gone", { actor: actorId, n: removed });
}
