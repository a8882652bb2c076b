import { Router } from "express";
import type { AdminDeps } from "./deps.ts";
import { adminAuthRoutes } from "./routes-auth.ts";
import { adminDashboard } from "./routes-dashboard.ts";
import { adminEventPages } from "./routes-events.ts";
import { adminModerationPages } from "./routes-moderation.ts";
import { adminNetworkPages } from "./routes-network.ts";
import { adminParticipantPages } from "./routes-participants.ts";
import { adminProjectPages } from "./routes-projects.ts";
import { adminTeamPages } from "./routes-team.ts";

const assets = new URL("./assets/", import.meta.url).pathname;

/** The web admin under /admin: every page answers only a signed-in operator whose role allows it. */
export function adminWebRoutes(deps: AdminDeps): Router {
  const router = Router();
  router.use("/admin", (_req, res, next) => {
    res.set({ "Cache-Control": "no-store", "X-Robots-Tag": "noindex" });
    next();
  });
  router.get("/assets/admin.css", (_req, res) => res.set("Cache-Control", "public, max-age=3600").type("css").sendFile(`${assets}admin.css`));
  router.get("/assets/admin.js", (_req, res) => res.set("Cache-Control", "public, max-age=3600").type("text/javascript").sendFile(`${assets}admin.js`));
  router.use(adminAuthRoutes(deps));
  router.use(adminDashboard(deps));
  router.use(adminEventPages(deps));
  router.use(adminParticipantPages(deps));
  router.use(adminProjectPages(deps));
  router.use(adminNetworkPages(deps));
  router.use(adminModerationPages(deps));
  router.use(adminTeamPages(deps));
  return router;
}
