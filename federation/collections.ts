import type { Federation } from "@fedify/fedify";
import type { Recipient } from "@fedify/vocab";
import type { Follower } from "../node/domain/followers.ts";
import type { FederationDeps } from "./context.ts";
import { paths } from "./uris.ts";

const pageSize = 50;

function toRecipient(follower: Follower): Recipient {
  return {
    id: new URL(follower.actorId),
    inboxId: new URL(follower.inbox),
    endpoints: follower.sharedInbox ? { sharedInbox: new URL(follower.sharedInbox) } : null,
  };
}

/** Followers (paged for readers, whole for delivery), following and outbox collections. */
export function registerCollections(federation: Federation<void>, deps: FederationDeps): void {
  const { venue, followers } = deps;
  federation
    .setFollowersDispatcher(paths.followers, (_ctx, identifier, cursor) => {
      if (identifier !== venue.slug) return null;
      // Fedify asks with cursor null when it expands "followers" for delivery: give it everyone.
      if (cursor === null) return { items: followers.listAccepted().map(toRecipient) };
      const page = followers.pageAccepted(cursor, pageSize);
      return { items: page.items.map(toRecipient), nextCursor: page.nextCursor };
    })
    .setFirstCursor(() => "0")
    .setCounter((_ctx, identifier) => (identifier === venue.slug ? followers.countAccepted() : null));

  federation
    .setFollowingDispatcher(paths.following, (_ctx, identifier) => (identifier === venue.slug ? { items: [] } : null))
    .setCounter((_ctx, identifier) => (identifier === venue.slug ? 0 : null));

  federation
    .setOutboxDispatcher(paths.outbox, (_ctx, identifier) => (identifier === venue.slug ? { items: [] } : null))
    .setCounter((_ctx, identifier) => (identifier === venue.slug ? 0 : null));
}
