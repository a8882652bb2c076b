import type { FederationDeps } from "./context.ts";

/**
 * A follower whose inbox answers 410 Gone has been deleted there (Mastodon answers so for a
 * removed account): it stops being a follower, instead of costing a failed delivery for every
 * activity from now on. `actorIds` are the followers a delivery to that inbox was for (Fedify
 * lists them in each queued message); a shared inbox that is gone takes every follower it served.
 */
export function forgetGoneFollowers(deps: Pick<FederationDeps, "followers" | "log">, inbox: string, status: number, actorIds: readonly string[]): void {
  if (status !== 410) return;
  for (const actorId of actorIds) {
    if (deps.followers.remove(actorId)) deps.log.info("Removed follower {actor}: its inbox {inbox} answered 410 Gone", { actor: actorId, inbox });
  }
}
