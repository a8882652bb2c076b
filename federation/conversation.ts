import type { Federation } from "@fedify/fedify";
import { Announce, Like, Note } from "@fedify/vocab";
import { routes } from "../node/domain/local-urls.ts";
import { authorizedReader } from "./authorize.ts";
import type { FederationDeps } from "./context.ts";
import { ourTarget } from "./inbox/targets.ts";

const pageSize = 50;

/** Where an object's replies, likes and boosts are listed: under its own URL. */
function conversationUris(objectApId: string) {
  return { replies: `${objectApId}/replies`, likes: `${objectApId}/likes`, shares: `${objectApId}/shares` };
}

/**
 * What our served events and projects say of their conversation: `replies` points to the
 * collection of replies (Mastodon walks it to show the thread), `likes` and `shares` embed
 * their `totalItems` (Mastodon shows them as the post's counters).
 */
export function interactionsJson(deps: Pick<FederationDeps, "conversation">, objectApId: string): Record<string, unknown> {
  const uris = conversationUris(objectApId);
  const counts = deps.conversation.reactions.counts(objectApId);
  return {
    replies: uris.replies,
    likes: { id: uris.likes, type: "Collection", totalItems: counts.likes },
    shares: { id: uris.shares, type: "Collection", totalItems: counts.shares },
  };
}

/**
 * The replies (an OrderedCollection of the reply ids, oldest first, paged), likes and shares
 * (Collections with `totalItems` only, as Mastodon serves them) of each event and project.
 */
export function registerConversationCollections(federation: Federation<void>, deps: FederationDeps): void {
  const authorize = authorizedReader(deps);
  const objects = [
    { kind: "event", base: routes.event, apId: (id: string) => deps.events.get(id) },
    { kind: "project", base: routes.project, apId: (id: string) => deps.projects.get(id) },
  ] as const;
  for (const { kind, base, apId } of objects) {
    // Only our own live objects have a conversation here.
    const target = (id: string) => {
      const stored = apId(id);
      return stored ? ourTarget(deps, stored.value.apId) : null;
    };
    federation
      .setOrderedCollectionDispatcher(`${kind}Replies`, Note, `${base}/replies`, (_ctx, values, cursor) => {
        const found = target(values.id);
        if (!found || cursor === null) return null;
        const offset = Number(cursor) || 0;
        const items = deps.conversation.replies.listFor(found.apId, pageSize + 1, offset);
        return {
          // Ids only, as Mastodon lists replies (Fedify takes a URL where it takes an object).
          items: items.slice(0, pageSize).map((reply) => new URL(reply.apId) as unknown as Note),
          nextCursor: items.length > pageSize ? String(offset + pageSize) : null,
        };
      })
      .setFirstCursor(() => "0")
      .setCounter((_ctx, values) => {
        const found = target(values.id);
        return found ? deps.conversation.replies.countFor(found.apId) : null;
      })
      .authorize((ctx) => authorize(ctx));
    const counted = (name: string, type: typeof Like | typeof Announce, count: "likes" | "shares") =>
      federation
        .setCollectionDispatcher(`${kind}${name}`, type as typeof Like, `${base}/${count}`, (_ctx, values) => (target(values.id) ? { items: [] } : null))
        .setCounter((_ctx, values) => {
          const found = target(values.id);
          return found ? deps.conversation.reactions.counts(found.apId)[count] : null;
        })
        .authorize((ctx) => authorize(ctx));
    counted("Likes", Like, "likes");
    counted("Shares", Announce, "shares");
  }
}
