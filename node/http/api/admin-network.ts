import { Router } from "express";
import type { Network } from "../../domain/network/network.ts";
import { relayObject } from "../../domain/network/relay.ts";
import type { PublishingDeps } from "../../domain/publishing/publishing.ts";
import type { AuthDeps } from "../auth.ts";
import { requireOperator } from "../auth.ts";
import { HttpError } from "../problem.ts";

function followJson(actor: ReturnType<Network["list"]>[number] | Awaited<ReturnType<Network["follow"]>>) {
  return {
    actorId: actor.actorId,
    handle: actor.handle,
    name: actor.name,
    city: actor.city,
    country: actor.country,
    type: actor.actorType,
    state: actor.followState,
    followedAt: actor.followedAt,
    lastSyncAt: actor.lastSyncAt,
    lastError: actor.lastError,
    ...("upcomingEvents" in actor ? { upcomingEvents: actor.upcomingEvents, projects: actor.projects } : {}),
  };
}

function stringField(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | null)?.[name];
  if (typeof value !== "string" || !value.trim() || value.length > 500) throw new HttpError(422, `"${name}" must be a non-empty string`);
  return value.trim();
}

/** Operators' network API: follow and unfollow cantines, see their state, sync by hand, relay projects. */
export function adminNetworkRoutes(network: Network, publishing: PublishingDeps, auth: AuthDeps): Router {
  const router = Router();
  const canFollow = requireOperator(auth, "follows:write");

  router.get("/api/admin/follows", canFollow, (_req, res) => {
    res.json({
      items: network
        .list()
        .filter((c) => !c.local)
        .map(followJson),
    });
  });
  router.post("/api/admin/follows", canFollow, async (req, res) => {
    const actor = await network.follow(stringField(req.body, "handle"));
    res.status(202).json(followJson(actor));
  });
  router.delete("/api/admin/follows/:actor", canFollow, async (req, res) => {
    await network.unfollow(req.params.actor as string);
    res.status(204).end();
  });
  router.post("/api/admin/follows/:actor/sync", canFollow, async (req, res) => {
    res.json(await network.sync(req.params.actor as string));
  });
  router.post("/api/admin/relays", requireOperator(auth, "projects:write"), async (req, res) => {
    res.status(202).json(await relayObject(publishing, network, stringField(req.body, "url")));
  });
  return router;
}
