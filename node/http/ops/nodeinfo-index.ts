import { Router } from "express";
import { localUrls, routes } from "../../domain/local-urls.ts";

/**
 * `/.well-known/nodeinfo`, written here rather than by Fedify so that it can also carry the
 * FEP-2677 link to the instance's application actor: Gancio and Mobilizon find the actor to
 * follow through it. For a cantine node that actor is the cantine itself.
 */
export function nodeInfoIndexRoutes(deps: { origin: string; slug: string }): Router {
  const router = Router();
  router.get("/.well-known/nodeinfo", (_req, res) => {
    res.type("application/json").json({
      links: [
        { rel: "http://nodeinfo.diaspora.software/ns/schema/2.1", href: new URL(routes.nodeInfo, deps.origin).href },
        { rel: "https://www.w3.org/ns/activitystreams#Application", href: localUrls(deps).actor },
      ],
    });
  });
  return router;
}
