import { Router } from "express";

/** One queue's messages by state, and its oldest message's first enqueue time (epoch ms). */
export type QueueHealth = { queue: string; ready: number; delayed: number; leased: number; oldestEnqueuedAt: number | null };

export type HealthDeps = {
  slug: string;
  version: string;
  startedAt: number;
  queueDepth: () => Promise<Record<string, number>>;
  /** Each queue's state now (waiting, delayed, leased, oldest message). */
  queueStates: () => QueueHealth[];
  /** The queues that carry deliveries to other servers. */
  deliveryQueues: readonly string[];
  now?: () => number;
};

function ageSeconds(since: number, now: number): number {
  return Math.max(0, Math.round((now - since) / 1000));
}

/**
 * `GET /healthz`: answers 200 once the node listens, which it only does when fully built.
 * `queue` counts each queue's unfinished messages (waiting, retrying or being handled: all zeros
 * means idle); `queues` splits them by state with the oldest one's age; `oldestUndelivered` is
 * the delivery that has waited longest since it was first queued (null when none waits).
 */
export function healthRoutes(deps: HealthDeps): Router {
  const router = Router();
  router.get("/healthz", async (_req, res) => {
    const now = deps.now?.() ?? Date.now();
    const states = deps.queueStates();
    const queues = Object.fromEntries(
      states.map(({ queue, ready, delayed, leased, oldestEnqueuedAt }) => [
        queue,
        {
          ready,
          delayed,
          leased,
          oldestEnqueuedAt: oldestEnqueuedAt === null ? null : new Date(oldestEnqueuedAt).toISOString(),
          oldestAgeSeconds: oldestEnqueuedAt === null ? null : ageSeconds(oldestEnqueuedAt, now),
        },
      ]),
    );
    const oldest = states
      .filter((s) => deps.deliveryQueues.includes(s.queue) && s.oldestEnqueuedAt !== null)
      .sort((a, b) => a.oldestEnqueuedAt! - b.oldestEnqueuedAt!)[0];
    res.set("Cache-Control", "no-store").json({
      status: "ok",
      node: deps.slug,
      version: deps.version,
      uptimeSeconds: Math.round((now - deps.startedAt) / 1000),
      queue: await deps.queueDepth(),
      queues,
      oldestUndelivered: oldest
        ? { queue: oldest.queue, enqueuedAt: new Date(oldest.oldestEnqueuedAt!).toISOString(), ageSeconds: ageSeconds(oldest.oldestEnqueuedAt!, now) }
        : null,
    });
  });
  return router;
}
