import type { Federation } from "@fedify/fedify";
import { routes } from "../node/domain/local-urls.ts";
import type { FederationDeps } from "./context.ts";

/** NodeInfo 2.1 so that the fediverse's crawlers can tell what runs here. */
export function registerNodeInfo(federation: Federation<void>, deps: FederationDeps): void {
  // Local posts: the cantine's live events and projects, each of which went out as a Create.
  const localPosts = () => deps.events.query({ local: true, limit: 1, offset: 0 }).total + deps.projects.query({ local: true, limit: 1, offset: 0 }).total;
  federation.setNodeInfoDispatcher(routes.nodeInfo, () => ({
    software: { name: deps.software.name, version: deps.software.version },
    protocols: ["activitypub"],
    openRegistrations: false,
    usage: { users: { total: 1, activeMonth: 1, activeHalfyear: 1 }, localPosts: localPosts(), localComments: 0 },
    metadata: { nodeName: deps.venue.name, city: deps.venue.city, country: deps.venue.country, timezone: deps.venue.timezone },
  }));
}
