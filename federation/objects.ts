import type { Federation } from "@fedify/fedify";
import { Article, Event } from "@fedify/vocab";
import { routes } from "../node/domain/local-urls.ts";
import { authorizedReader } from "./authorize.ts";
import type { FederationDeps } from "./context.ts";
import { interactionsJson } from "./conversation.ts";
import { objectJson, participationCounts } from "./render.ts";
import { CANTINE_CONTEXT } from "./vocab/context.ts";
import { verbatim } from "./vocab/verbatim.ts";

/**
 * Each local event and project is dereferenceable as ActivityStreams at its own URL. The JSON is
 * ours (FEP-8a8e fields Fedify does not model), served verbatim, with its replies, likes and
 * shares as they are now (conversation.ts); with authorized fetch, only to signed requests.
 * Deleted objects are answered with 410 by the HTTP layer before Fedify is asked.
 */
export function registerObjects(federation: Federation<void>, deps: FederationDeps): void {
  const json = objectJson(deps.venue, participationCounts(deps.participants));
  const authorized = authorizedReader(deps);
  federation
    .setObjectDispatcher(Event, routes.event, async (_ctx, { id }) => {
      const stored = deps.events.get(id);
      if (!stored?.value.local || stored.deletedAt) return null;
      return verbatim(new Event({ id: new URL(stored.value.apId) }), {
        "@context": CANTINE_CONTEXT,
        ...json.event(stored.value),
        ...interactionsJson(deps, stored.value.apId),
      });
    })
    .authorize((ctx) => authorized(ctx));
  federation
    .setObjectDispatcher(Article, routes.project, async (_ctx, { id }) => {
      const stored = deps.projects.get(id);
      if (!stored?.value.local || stored.deletedAt) return null;
      return verbatim(new Article({ id: new URL(stored.value.apId) }), {
        "@context": CANTINE_CONTEXT,
        ...json.project(stored.value),
        ...interactionsJson(deps, stored.value.apId),
      });
    })
    .authorize((ctx) => authorized(ctx));
}
