import type { InboxContext } from "@fedify/fedify";
import type { Accept, Reject } from "@fedify/vocab";
import type { FederationDeps } from "../context.ts";
import type { Json } from "../remote-json.ts";
import { idOf } from "../remote-json.ts";
import type { ListenerResult } from "./outcomes.ts";
import { ignore } from "./outcomes.ts";

/** The actor we followed, when `answer` is its reply to our own Follow (by id); else undefined. */
async function answeredFollow(deps: FederationDeps, answer: Accept | Reject) {
  const senderId = answer.actorId?.href;
  const known = senderId ? deps.cantines.get(senderId) : undefined;
  if (!known || known.local || !known.followId) return undefined;
  const raw = (await answer.toJsonLd()) as Json;
  return idOf(raw.object) === known.followId ? known : undefined;
}

/** Accept of our Follow: the actor becomes a source of the calendar; back-fill its outbox. */
export async function onAccept(deps: FederationDeps, _ctx: InboxContext<void>, accept: Accept): Promise<ListenerResult> {
  const known = await answeredFollow(deps, accept);
  if (!known) return ignore(deps, "not_our_follow", "Ignoring Accept {id}: not an answer to a Follow of ours", { id: accept.id?.href });
  deps.cantines.setFollow(known.actorId, "accepted", known.followId, known.followedAt);
  deps.log.info("{actor} accepted our follow", { actor: known.actorId });
  deps.onFollowAccepted(known.actorId);
}

/**
 * Reject of our Follow (or a later refusal): the actor is no longer a source, and what we hold of
 * it leaves the calendar, as after an unfollow (its outbox may have been read before the answer).
 */
export async function onReject(deps: FederationDeps, _ctx: InboxContext<void>, reject: Reject): Promise<ListenerResult> {
  const known = await answeredFollow(deps, reject);
  if (!known) return ignore(deps, "not_our_follow", "Ignoring Reject {id}: not an answer to a Follow of ours", { id: reject.id?.href });
  deps.transaction(() => {
    deps.cantines.setFollow(known.actorId, "rejected", known.followId, known.followedAt);
    deps.cantines.purgeContent(known.actorId);
  });
  deps.log.info("{actor} rejected our follow", { actor: known.actorId });
}
