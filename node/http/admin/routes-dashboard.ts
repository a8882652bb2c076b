import { Router } from "express";
import { sendPage } from "../public/routes/page-context.ts";
import { adminContext } from "./context.ts";
import type { AdminDeps } from "./deps.ts";
import { requireArea } from "./guard.ts";
import { noticeOf } from "./notice.ts";
import { renderDashboard } from "./pages/dashboard.ts";

export function adminDashboard(deps: AdminDeps): Router {
  const router = Router();
  router.get("/admin", requireArea(deps, "dashboard"), async (req, res) => {
    const now = deps.publishing.now();
    const queues = deps.delivery.queues();
    const oldest = queues.filter((q) => deps.delivery.deliveryQueues.includes(q.queue) && q.oldestEnqueuedAt !== null).map((q) => q.oldestEnqueuedAt!);
    const { items } = deps.publishing.events.query({ local: true, from: now.toISOString(), limit: 8, offset: 0 });
    sendPage(
      res,
      200,
      renderDashboard(adminContext(req, res, deps.venue, now, noticeOf(req, res)), {
        events: items,
        pending: deps.followers.listPending(),
        follows: deps.network.list().filter((c) => !c.local),
        queues,
        oldestAgeSeconds: oldest.length ? Math.max(0, Math.round((now.getTime() - Math.min(...oldest)) / 1000)) : null,
        failing: await deps.delivery.failingServers(),
      }),
    );
  });
  return router;
}
