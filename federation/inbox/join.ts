import type { InboxContext } from "@fedify/fedify";
import { Ignore, isActor, Join } from "@fedify/vocab";
import type { FederationDeps } from "../context.ts";
import { newActivityId } from "../uris.ts";
import { ignore } from "./outcomes.ts";
import type { ListenerResult } from "./outcomes.ts";

/**
 * Join of one of our events (Mobilizon's RSVP). Participation is not handled here yet, so,
 * as FEP-8a8e asks, the Join is answered with Ignore; our events say `joinMode` none/external.
 */
export async function onJoin(deps: FederationDeps, ctx: InboxContext<void>, join: Join): Promise<ListenerResult> {
  const { venue, log } = deps;
  if (join.id == null || join.actorId == null) return ignore(deps, "malformed", "Ignoring a Join without id or actor");
  const actor = await join.getActor(ctx);
  if (actor == null || !isActor(actor) || actor.id?.href !== join.actorId.href) {
    return ignore(deps, "actor_unresolved", "Ignoring a Join whose actor cannot be resolved: {actor}", { actor: join.actorId.href });
  }
  const answer = new Ignore({ id: newActivityId(venue.origin, venue.slug, "ignores"), actor: ctx.getActorUri(venue.slug), object: join.id });
  await ctx.sendActivity({ identifier: venue.slug }, actor, answer);
  log.info("Answered Join {join} with Ignore", { join: join.id.href });
}
