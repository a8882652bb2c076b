import { Router } from "express";

export type HealthDeps = { slug: string; version: string; startedAt: number; queueDepth: () => Promise<Record<string, number>> };

/** `GET /healthz`: answers 200 once the node listens, which it only does when fully built. */
export function healthRoutes(deps: HealthDeps): Router {
  const router = Router();
  router.get("/healthz", async (_req, res) => {
    res.set("Cache-Control", "no-store").json({
      status: "ok",
      node: deps.slug,
      version: deps.version,
      uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
      queue: await deps.queueDepth(),
    });
  });
  return router;
}
