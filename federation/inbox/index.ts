import type { Federation } from "@fedify/fedify";
import { Accept, Activity, Announce, Create, Delete, Flag, Follow, Join, Leave, Like, Reject, TentativeAccept, Undo, Update } from "@fedify/vocab";
import { routes } from "../../node/domain/local-urls.ts";
import type { FederationDeps } from "../context.ts";
import { refusingBlocked } from "./blocked.ts";
import { onContent } from "./content.ts";
import { onFlag } from "./flag.ts";
import { onFollow, onUndo } from "./follow.ts";
import { onAccept, onReject } from "./follow-answers.ts";
import type { Listener } from "./outcomes.ts";
import { counted, ignore } from "./outcomes.ts";
import { answersOurEvent, onLeave, onParticipation, onParticipationUndo, undoneParticipation } from "./participation.ts";
import { onLike, withBoosts, withReactionUndos } from "./reaction.ts";
import { droppingRemoteFaults } from "./remote-faults.ts";
import { withReplies } from "./reply.ts";

/**
 * Routes verified inbound activities to their handlers; everything else is acknowledged and
 * ignored. What a remote sent wrong is dropped; only our own failures are thrown, and retried.
 * Each outcome is counted by activity type and reason (outcomes.ts).
 */
export function registerInbox(federation: Federation<void>, deps: FederationDeps): void {
  const guard = <A extends Activity>(type: string, listener: Listener<A>) =>
    counted<A>(deps, type, droppingRemoteFaults(deps, refusingBlocked(deps, listener)));
  // Replies to our objects come from anyone (not blocked); other content only from those we follow.
  const content = withReplies(deps, (ctx, activity) => onContent(deps, ctx, activity));
  federation
    .setInboxListeners(routes.inbox, routes.sharedInbox)
    .setSharedKeyDispatcher(() => ({ identifier: deps.venue.slug }))
    .on(
      Follow,
      guard("Follow", (ctx, follow) => onFollow(deps, ctx, follow)),
    )
    .on(
      Undo,
      guard(
        "Undo",
        withReactionUndos(deps, (ctx, undo) => {
          // Undo of a Join or of an attendance answer we hold ends that participation; else it is about a Follow.
          const participant = undoneParticipation(deps, undo);
          return participant ? onParticipationUndo(deps, ctx, undo, participant) : onUndo(deps, ctx, undo);
        }),
      ),
    )
    // Participation: Mobilizon's Join and Leave; Friendica's and Hubzilla's Accept, TentativeAccept
    // and Reject of one of our events (other Accepts and Rejects answer our Follows).
    .on(
      Join,
      guard("Join", (ctx, join) => onParticipation(deps, ctx, join, "Join")),
    )
    .on(
      Leave,
      guard("Leave", (ctx, leave) => onLeave(deps, ctx, leave)),
    )
    .on(
      TentativeAccept,
      guard("TentativeAccept", (ctx, answer) => onParticipation(deps, ctx, answer, "TentativeAccept")),
    )
    .on(
      Accept,
      guard("Accept", (ctx, accept) => (answersOurEvent(ctx, accept) ? onParticipation(deps, ctx, accept, "Accept") : onAccept(deps, ctx, accept))),
    )
    .on(
      Reject,
      guard("Reject", (ctx, reject) => (answersOurEvent(ctx, reject) ? onParticipation(deps, ctx, reject, "Reject") : onReject(deps, ctx, reject))),
    )
    .on(Create, guard("Create", content))
    .on(Update, guard("Update", content))
    .on(Delete, guard("Delete", content))
    .on(
      Announce,
      guard(
        "Announce",
        withBoosts(deps, (ctx, activity) => onContent(deps, ctx, activity)),
      ),
    )
    .on(
      Like,
      guard("Like", (ctx, like) => onLike(deps, ctx, like)),
    )
    .on(
      Flag,
      guard("Flag", (ctx, flag) => onFlag(deps, ctx, flag)),
    )
    .on(
      Activity,
      counted(deps, "other", (_ctx, activity) =>
        ignore(deps, "unsupported", "Ignoring an unsupported {type} activity {id}", { type: activity.constructor.name, id: activity.id?.href }),
      ),
    )
    .onError((_ctx, error) => {
      deps.log.error("Inbox listener failed: {error}", { error });
    });
}
