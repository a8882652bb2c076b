import type { Federation } from "@fedify/fedify";
import { Accept, Activity, Announce, Create, Delete, Follow, Join, Reject, Undo, Update } from "@fedify/vocab";
import type { FederationDeps } from "../context.ts";
import { paths } from "../uris.ts";
import { onFollow, onUndo } from "./follow.ts";
import { onJoin } from "./join.ts";
import { onContent } from "./content.ts";
import { onAccept, onReject } from "./follow-answers.ts";

/** Routes verified inbound activities to their handlers; everything else is acknowledged and ignored. */
export function registerInbox(federation: Federation<void>, deps: FederationDeps): void {
  federation
    .setInboxListeners(paths.inbox, paths.sharedInbox)
    .setSharedKeyDispatcher(() => ({ identifier: deps.venue.slug }))
    .on(Follow, (ctx, follow) => onFollow(deps, ctx, follow))
    .on(Undo, (ctx, undo) => onUndo(deps, ctx, undo))
    .on(Join, (ctx, join) => onJoin(deps, ctx, join))
    .on(Accept, (ctx, accept) => onAccept(deps, ctx, accept))
    .on(Reject, (ctx, reject) => onReject(deps, ctx, reject))
    .on(Create, (ctx, activity) => onContent(deps, ctx, activity))
    .on(Update, (ctx, activity) => onContent(deps, ctx, activity))
    .on(Delete, (ctx, activity) => onContent(deps, ctx, activity))
    .on(Announce, (ctx, activity) => onContent(deps, ctx, activity))
    .on(Activity, (_ctx, activity) => {
      deps.log.debug("Ignoring an unsupported {type} activity {id}", { type: activity.constructor.name, id: activity.id?.href });
    })
    .onError((_ctx, error) => {
      deps.log.error("Inbox listener failed: {error}", { error });
    });
}
