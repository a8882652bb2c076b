import { Router } from "express";
import type { Request, Response } from "express";
import type { EventStore, ProjectStore } from "../../domain/ports.ts";
import type { Venue } from "../../domain/venue.ts";
import { renderEventPage, renderGonePage, renderProjectPage } from "../pages/event-page.ts";

function wantsActivityStreams(req: Request): boolean {
  return /application\/(activity\+json|ld\+json)/.test(req.get("accept") ?? "");
}

function gone(req: Request, res: Response, kind: "event" | "project", apId: string, deletedAt: string, venue: Venue): void {
  res.status(410).set("Vary", "Accept");
  if (wantsActivityStreams(req)) {
    res.type("application/activity+json").send(
      JSON.stringify({ "@context": "https://www.w3.org/ns/activitystreams", id: apId, type: "Tombstone", formerType: kind === "event" ? "Event" : "Article", deleted: deletedAt }),
    );
  } else {
    res.type("html").send(renderGonePage(kind, venue));
  }
}

/**
 * Deleted events and projects answer 410 to everyone (mounted before Fedify); the HTML pages of
 * live ones are served to browsers after Fedify has answered ActivityPub clients.
 */
export function deletedObjectRoutes(deps: { venue: Venue; events: EventStore; projects: ProjectStore }): Router {
  const router = Router();
  router.get("/events/:id", (req, res, next) => {
    const stored = deps.events.get(req.params.id);
    if (stored?.deletedAt && stored.value.local) return gone(req, res, "event", stored.value.apId, stored.deletedAt, deps.venue);
    next();
  });
  router.get("/projects/:id", (req, res, next) => {
    const stored = deps.projects.get(req.params.id);
    if (stored?.deletedAt && stored.value.local) return gone(req, res, "project", stored.value.apId, stored.deletedAt, deps.venue);
    next();
  });
  return router;
}

export function objectPageRoutes(deps: { venue: Venue; events: EventStore; projects: ProjectStore }): Router {
  const router = Router();
  const notFound = (res: Response, what: string) => res.status(404).type("html").send(`<!doctype html><title>Not found</title><h1>No such ${what}</h1>`);
  router.get("/events/:id", (req, res) => {
    const stored = deps.events.get(req.params.id);
    if (!stored || !stored.value.local) return notFound(res, "event");
    res.set("Vary", "Accept").type("html").send(renderEventPage(stored.value, deps.venue));
  });
  router.get("/projects/:id", (req, res) => {
    const stored = deps.projects.get(req.params.id);
    if (!stored || !stored.value.local) return notFound(res, "project");
    res.set("Vary", "Accept").type("html").send(renderProjectPage(stored.value, deps.venue));
  });
  return router;
}
