import { Router } from "express";
import type { FollowerStore } from "../../domain/followers.ts";
import type { Venue } from "../../domain/venue.ts";
import { renderProfile } from "../pages/profile.ts";

const iconFile = new URL("../assets/icon.png", import.meta.url);

/** Browser views of the cantine's identity: its profile page and its default picture. */
export function profileRoutes(deps: { venue: Venue; followers: FollowerStore }): Router {
  const { venue } = deps;
  const router = Router();
  const host = new URL(venue.origin).host;
  const actorUrl = new URL(`/users/${venue.slug}`, venue.origin).href;

  router.get("/users/:slug", (req, res) => {
    if (req.params.slug !== venue.slug) {
      res.status(404).type("html").send("<!doctype html><title>Not found</title><h1>No such cantine here</h1>");
      return;
    }
    res.set("Vary", "Accept").type("html").send(
      renderProfile(venue, {
        actorUrl,
        handle: `${venue.slug}@${host}`,
        followers: deps.followers.countAccepted(),
        iconUrl: new URL(venue.icon ?? "/icon.png", venue.origin).href,
      }),
    );
  });
  router.get("/@:slug", (req, res) => res.redirect(301, `/users/${encodeURIComponent(req.params.slug)}`));
  router.get("/icon.png", (_req, res) => {
    res.set("Cache-Control", "public, max-age=86400").sendFile(iconFile.pathname);
  });
  router.get("/", (_req, res) => res.redirect(302, `/users/${venue.slug}`));
  return router;
}
