import { Router } from "express";
import type { RequestHandler } from "express";
import { renderError } from "../pages/errors.ts";
import { pageContext, sendPage } from "./page-context.ts";
import type { CalendarStore, CantineStore } from "../../domain/cantines.ts";
import type { FollowerStore } from "../../domain/followers.ts";
import type { PublishingDeps } from "../../domain/publishing.ts";
import type { Venue } from "../../domain/venue.ts";
import { interactionRoutes } from "./interact.ts";
import { objectPageRoutes } from "./objects.ts";
import { calendarPageRoutes } from "./pages.ts";
import { profileRoutes } from "./profile.ts";

export type WebDeps = Readonly<{
  venue: Venue;
  followers: FollowerStore;
  publishing: Pick<PublishingDeps, "events" | "projects" | "now">;
  calendar: CalendarStore;
  cantines: CantineStore;
}>;

/** Every page people read in a browser (server-rendered HTML, no script needed). */
export function webPageRoutes(deps: WebDeps): Router {
  const { venue, calendar, cantines, followers } = deps;
  const { events, projects, now } = deps.publishing;
  const router = Router();
  router.use(calendarPageRoutes({ venue, calendar, cantines, now }));
  router.use(profileRoutes({ venue, followers, calendar, now }));
  router.use(objectPageRoutes({ venue, events, projects, cantines, now }));
  router.use(interactionRoutes({ venue, events, now }));
  return router;
}

/** A browser that asks for a page we do not have gets a 404 page; API clients keep JSON. */
export function pageNotFound(venue: Venue, now: () => Date): RequestHandler {
  return (req, res, next) => {
    const wantsPage = (req.method === "GET" || req.method === "HEAD") && !req.path.startsWith("/api/") && req.accepts(["json", "html"]) === "html";
    if (!wantsPage) return next();
    sendPage(res, 404, renderError(pageContext(req, res, venue, now()), 404));
  };
}
