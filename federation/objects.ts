import type { Federation } from "@fedify/fedify";
import { Article, Event } from "@fedify/vocab";
import type { FederationDeps } from "./context.ts";
import { objectJson } from "./render.ts";
import { paths } from "./uris.ts";
import { CANTINE_CONTEXT } from "./vocab/context.ts";
import { verbatim } from "./vocab/verbatim.ts";

/**
 * Each local event and project is dereferenceable as ActivityStreams at its own URL. The JSON is
 * ours (FEP-8a8e fields Fedify does not model), served verbatim.
 * Deleted objects are answered with 410 by the HTTP layer before Fedify is asked.
 */
export function registerObjects(federation: Federation<void>, deps: FederationDeps): void {
  const json = objectJson(deps.venue);
  federation.setObjectDispatcher(Event, paths.event, async (_ctx, { id }) => {
    const stored = deps.events.get(id);
    if (!stored || !stored.value.local || stored.deletedAt) return null;
    return verbatim(new Event({ id: new URL(stored.value.apId) }), { "@context": CANTINE_CONTEXT, ...json.event(stored.value) });
  });
  federation.setObjectDispatcher(Article, paths.project, async (_ctx, { id }) => {
    const stored = deps.projects.get(id);
    if (!stored || !stored.value.local || stored.deletedAt) return null;
    return verbatim(new Article({ id: new URL(stored.value.apId) }), { "@context": CANTINE_CONTEXT, ...json.project(stored.value) });
  });
}
