import type { InboxContext } from "@fedify/fedify";
import type { Activity } from "@fedify/vocab";
import type { FederationDeps } from "../context.ts";
import { applyActivity } from "../ingest.ts";
import { readableJson, receivedJson } from "../readable-json.ts";
import { idOf } from "../remote-json.ts";
import type { ListenerResult } from "./outcomes.ts";
import { ignore } from "./outcomes.ts";

/**
 * Create, Update, Delete and Announce: calendar content, accepted only from the cantines (and
 * instances) we follow. A Mastodon account that follows us is a follower, not a source.
 */
export async function onContent(deps: FederationDeps, ctx: InboxContext<void>, activity: Activity): Promise<ListenerResult> {
  const { log } = deps;
  const senderId = activity.actorId?.href;
  const type = activity.constructor.name;
  if (!senderId) return ignore(deps, "no_actor", "Ignoring {type} {id}: no actor", { type, id: activity.id?.href });
  // Cheap refusals first: who is not followed costs no JSON-LD work.
  if (!deps.cantines.isFollowed(senderId)) {
    if (type === "Delete" && activity.objectId?.href === senderId && deps.followers.remove(senderId)) {
      return log.info("Follower {actor} was deleted", { actor: senderId });
    }
    return ignore(deps, "not_followed", "Ignoring {type} {id} from {actor}: not an actor we follow", { type, id: activity.id?.href, actor: senderId });
  }
  // The activity as sent, extension properties and embedded object included.
  const raw = await readableJson(ctx, await receivedJson(ctx, activity));
  const outcome = await applyActivity(deps, ctx, raw, senderId);
  if (outcome.kind === "ignored" || outcome.kind === "unchanged") {
    const code = outcome.kind === "unchanged" ? "unchanged" : "refused";
    return ignore(deps, code, "Ignoring {type} {id} from {actor}: {reason}", { type, id: activity.id?.href, actor: senderId, reason: outcome.reason });
  }
  log.info("{type} from {actor}: {outcome} {object}", { type, actor: senderId, outcome: outcome.kind, object: idOf(raw.object) });
}
