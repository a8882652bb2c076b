import type { Activity } from "@fedify/vocab";
import type { FederationDeps } from "../context.ts";
import type { Listener } from "./outcomes.ts";
import { ignore } from "./outcomes.ts";

/**
 * Drops every activity of a blocked (suspended) actor or server before its handler runs. The
 * HTTP inbox already drops most of them unread; this catches those queued before the block.
 */
export function refusingBlocked<A extends Activity>(deps: FederationDeps, listener: Listener<A>): Listener<A> {
  return async (ctx, activity) => {
    const actorId = activity.actorId?.href;
    if (actorId && deps.moderation.policy.policyFor(actorId).suspended) {
      return ignore(deps, "blocked", "Dropping {type} {id} from {actor}: blocked", { type: activity.constructor.name, id: activity.id?.href, actor: actorId });
    }
    return listener(ctx, activity);
  };
}
