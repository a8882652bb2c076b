import type { InboxContext } from "@fedify/fedify";
import type { Activity } from "@fedify/vocab";
import type { FederationDeps } from "../context.ts";
import { applyActivity } from "../ingest.ts";
import { readableJson } from "../readable-json.ts";
import type { Json } from "../remote-json.ts";
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
  // The activity as sent: Fedify keeps the received JSON, extension properties included.
  const { activity: raw, embeddedComplete } = await readableJson(ctx, (await activity.toJsonLd()) as Json);
  if (!deps.cantines.isFollowed(senderId)) {
    if (type === "Delete" && idOf(raw.object) === senderId && deps.followers.remove(senderId)) {
      return log.info("Follower {actor} was deleted", { actor: senderId });
    }
    return ignore(deps, "not_followed", "Ignoring {type} {id} from {actor}: not an actor we follow", { type, id: activity.id?.href, actor: senderId });
  }
  const outcome = await applyActivity(deps, ctx, raw, senderId, { embeddedComplete });
  if (outcome.kind === "ignored" || outcome.kind === "unchanged") {
    const code = outcome.kind === "unchanged" ? "unchanged" : "refused";
    return ignore(deps, code, "Ignoring {type} {id} from {actor}: {reason}", { type, id: activity.id?.href, actor: senderId, reason: outcome.reason });
  }
  log.info("{type} from {actor}: {outcome} {object}", { type, actor: senderId, outcome: outcome.kind, object: idOf(raw.object) });
}
