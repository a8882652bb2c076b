import { Router } from "express";
import { expressRoute, localUrls, pathOf } from "../../../domain/local-urls.ts";
import type { CalendarStore } from "../../../domain/network/cantines.ts";
import type { FollowerStore } from "../../../domain/network/followers.ts";
import type { Venue } from "../../../domain/venue.ts";
import { renderError } from "../pages/errors.ts";
import { renderProfile } from "../pages/profile.ts";
import { pageContext, sendPage } from "./page-context.ts";

const iconFile = new URL("../../assets/icon.png", import.meta.url);

export type ProfileDeps = Readonly<{ venue: Venue; followers: FollowerStore; calendar: CalendarStore; now: () => Date }>;

/** Browser views of the cantine's identity: its profile page (the actor URL) and its default picture. */
export function profileRoutes(deps: ProfileDeps): Router {
  const { venue } = deps;
  const router = Router();
  const actorUrl = localUrls(venue).actor;

  router.get(expressRoute("actor"), (req, res) => {
    const now = deps.now();
    const ctx = pageContext(req, res, venue, now);
    res.vary("Accept");
    if (req.params.slug !== venue.slug) return sendPage(res, 404, renderError(ctx, 404));
    const upcoming = deps.calendar.calendar({ actorId: actorUrl, from: now.toISOString(), limit: 20, offset: 0 }).entries;
    const projects = deps.calendar.board({ actorId: actorUrl, limit: 20, offset: 0 }).entries;
    sendPage(res, 200, renderProfile(ctx, { actorUrl, followers: deps.followers.countAccepted(), upcoming, projects }));
  });
  router.get("/@:slug", (req, res) => res.redirect(301, pathOf("actor", { identifier: req.params.slug })));
  router.get("/icon.png", (_req, res) => {
    res.set("Cache-Control", "public, max-age=86400").sendFile(iconFile.pathname);
  });
  return router;
}
