import type { Federation } from "@fedify/fedify";
import type { Recipient } from "@fedify/vocab";
import { Activity, Event } from "@fedify/vocab";
import { routes } from "../node/domain/local-urls.ts";
import type { Follower } from "../node/domain/network/followers.ts";
import { authorizedReader } from "./authorize.ts";
import type { FederationDeps } from "./context.ts";
import { activityUris, currentObjectRenderer, objectJson, participationCounts } from "./render.ts";
import { toActivityJson } from "./vocab/activities.ts";
import { CANTINE_CONTEXT } from "./vocab/context.ts";
import { verbatim } from "./vocab/verbatim.ts";

const pageSize = 50;
const outboxPageSize = 20;

/**
 * A page cursor we handed out: a whole number in plain digits, within SQLite's integers. Anything
 * else names no page (404): "99999999999999999999" reached SQLite as 1e20, a REAL it refuses as
 * an OFFSET, and the request failed with a 500.
 */
function cursorNumber(cursor: string): number | null {
  return /^\d{1,15}$/.test(cursor) ? Number(cursor) : null;
}

function toRecipient(follower: Follower): Recipient {
  return {
    id: new URL(follower.actorId),
    inboxId: new URL(follower.inbox),
    endpoints: follower.sharedInbox ? { sharedInbox: new URL(follower.sharedInbox) } : null,
  };
}

function outboxItem(json: Record<string, unknown>): Activity {
  return verbatim(new Activity({ id: new URL(String(json.id)) }), json);
}

/** Followers (paged for readers, whole for delivery), following, outbox and upcoming events. */
export function registerCollections(federation: Federation<void>, deps: FederationDeps): void {
  const { venue, followers, publications } = deps;
  // An unknown account has no collections: no first page, so Fedify answers 404.
  const mine = (identifier: string) => identifier === venue.slug;
  const authorized = authorizedReader(deps);
  federation
    .setFollowersDispatcher(routes.followers, (_ctx, identifier, cursor) => {
      if (!mine(identifier)) return null;
      // Fedify asks with cursor null when it expands "followers" for delivery: give it everyone.
      if (cursor === null) {
        const blocked = deps.moderation.policy.suspendedMatcher();
        return {
          items: followers
            .listAccepted()
            .filter((f) => !blocked(f.actorId))
            .map(toRecipient),
        };
      }
      const page = followers.pageAccepted(cursor, pageSize);
      return { items: page.items.map(toRecipient), nextCursor: page.nextCursor };
    })
    .setFirstCursor((_ctx, identifier) => (mine(identifier) ? "0" : null))
    .setCounter((_ctx, identifier) => (mine(identifier) ? followers.countAccepted() : null))
    .authorize((ctx) => authorized(ctx));

  // The cantines (and Gancio/Mobilizon instances) this node follows: a handful, one page.
  const following = () => deps.cantines.listFollowed().filter((c) => c.followState === "accepted");
  federation
    .setFollowingDispatcher(routes.following, (_ctx, identifier, cursor) =>
      mine(identifier) && cursor !== null ? { items: following().map((c) => new URL(c.actorId)), nextCursor: null } : null,
    )
    .setFirstCursor((_ctx, identifier) => (mine(identifier) ? "0" : null))
    .setCounter((_ctx, identifier) => (mine(identifier) ? following().length : null))
    .authorize((ctx) => authorized(ctx));

  // The outbox is the publication log, newest first. Each activity embeds its object as it is
  // now (a Tombstone once deleted), so a peer back-filling from it (Gancio reads the first page,
  // snac the newest items) never revives a deleted event nor keeps an old version.
  const counts = participationCounts(deps.participants);
  const render = currentObjectRenderer(venue, deps, counts);
  const uris = activityUris(venue);
  const json = objectJson(venue, counts);
  federation
    .setOutboxDispatcher(routes.outbox, async (_ctx, identifier, cursor) => {
      const before = cursor === "" ? null : cursorNumber(cursor ?? "");
      if (!mine(identifier) || cursor === null || (cursor !== "" && before === null)) return null;
      const page = publications.page(before, outboxPageSize + 1, "followers");
      const items = page.slice(0, outboxPageSize).map((p) => outboxItem(toActivityJson(p, render, uris)));
      const last = page[outboxPageSize - 1];
      return { items, nextCursor: page.length > outboxPageSize && last ? String(last.seq) : null };
    })
    .setFirstCursor((_ctx, identifier) => (mine(identifier) ? "" : null))
    .setCounter((_ctx, identifier) => (mine(identifier) ? publications.count("followers") : null))
    .authorize((ctx) => authorized(ctx));

  // FEP-8a8e: actors publishing events expose their ongoing and future events, soonest first.
  federation
    .setOrderedCollectionDispatcher("upcomingEvents", Event, routes.upcomingEvents, async (_ctx, values, cursor) => {
      const offset = cursorNumber(cursor ?? "");
      if (!mine(values.identifier) || offset === null) return null;
      const { items, total } = deps.events.query({ from: deps.now().toISOString(), local: true, limit: pageSize, offset });
      const events = items.map((e) => verbatim(new Event({ id: new URL(e.apId) }), { "@context": CANTINE_CONTEXT, ...json.event(e) }));
      return { items: events, nextCursor: offset + items.length < total ? String(offset + items.length) : null };
    })
    .setFirstCursor((_ctx, values) => (mine(values.identifier) ? "0" : null))
    .setCounter((_ctx, values) =>
      mine(values.identifier) ? deps.events.query({ from: deps.now().toISOString(), local: true, limit: 1, offset: 0 }).total : null,
    )
    .authorize((ctx) => authorized(ctx));
}
