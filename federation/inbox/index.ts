import type { Federation, InboxContext } from "@fedify/fedify";
import { Accept, Activity, Announce, Create, Delete, Follow, Join, Reject, Undo, Update } from "@fedify/vocab";
import type { FederationDeps } from "../context.ts";
import { paths } from "../uris.ts";
import { onFollow, onUndo } from "./follow.ts";
import { onJoin } from "./join.ts";
import { onContent } from "./content.ts";
import { onAccept, onReject } from "./follow-answers.ts";
import { droppingRemoteFaults } from "./remote-faults.ts";

/**
 * Routes verified inbound activities to their handlers; everything else is acknowledged and
 * ignored. What a remote sent wrong is dropped; only our own failures are thrown, and retried.
 */
export function registerInbox(federation: Federation<void>, deps: FederationDeps): void {
  const guard = <A extends Activity>(listener: (ctx: InboxContext<void>, activity: A) => Promise<void>) => droppingRemoteFaults(deps, listener);
  federation
    .setInboxListeners(paths.inbox, paths.sharedInbox)
    .setSharedKeyDispatcher(() => ({ identifier: deps.venue.slug }))
    .on(Follow, guard((ctx, follow) => onFollow(deps, ctx, follow)))
    .on(Undo, guard((ctx, undo) => onUndo(deps, ctx, undo)))
    .on(Join, guard((ctx, join) => onJoin(deps, ctx, join)))
    .on(Accept, guard((ctx, accept) => onAccept(deps, ctx, accept)))
    .on(Reject, guard((ctx, reject) => onReject(deps, ctx, reject)))
    .on(Create, guard((ctx, activity) => onContent(deps, ctx, activity)))
    .on(Update, guard((ctx, activity) => onContent(deps, ctx, activity)))
    .on(Delete, guard((ctx, activity) => onContent(deps, ctx, activity)))
    .on(Announce, guard((ctx, activity) => onContent(deps, ctx, activity)))
    .on(Activity, (_ctx, activity) => {
      deps.log.debug("Ignoring an unsupported {type} activity {id}", { type: activity.constructor.name, id: activity.id?.href });
    })
    .onError((_ctx, error) => {
      deps.log.error("Inbox listener failed: {error}", { error });
    });
}
