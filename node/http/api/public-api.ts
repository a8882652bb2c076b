import { Router } from "express";
import type { EventStore, ProjectStore } from "../../domain/ports.ts";
import { HttpError } from "../problem.ts";
import { instantParam as instant, paging, textParam as text } from "../query.ts";
import { eventJson, projectJson } from "./event-json.ts";

/** Public read API: this node's own events and projects, filtered and paged. */
export function publicApiRoutes(deps: { events: EventStore; projects: ProjectStore; now: () => Date }): Router {
  const router = Router();
  router.get("/api/events", (req, res) => {
    const { limit, offset } = paging(req);
    const from = instant(req, "from") ?? (req.query.past === "true" ? undefined : deps.now().toISOString());
    const { items, total } = deps.events.query({
      from,
      to: instant(req, "to"),
      tag: text(req, "tag", 50),
      q: text(req, "q"),
      status: text(req, "status", 20),
      local: true,
      limit,
      offset,
    });
    res.json({ total, limit, offset, items: items.map((event) => eventJson(event)) });
  });
  router.get("/api/events/:id", (req, res) => {
    const stored = deps.events.get(req.params.id as string);
    if (!stored) throw new HttpError(404, `event "${req.params.id}" not found`);
    if (stored.deletedAt) throw new HttpError(410, `event "${req.params.id}" was deleted`);
    res.json(eventJson(stored.value));
  });
  router.get("/api/projects", (req, res) => {
    const { limit, offset } = paging(req);
    const { items, total } = deps.projects.query({ tag: text(req, "tag", 50), q: text(req, "q"), local: true, limit, offset });
    res.json({ total, limit, offset, items: items.map(projectJson) });
  });
  router.get("/api/projects/:id", (req, res) => {
    const stored = deps.projects.get(req.params.id as string);
    if (!stored) throw new HttpError(404, `project "${req.params.id}" not found`);
    if (stored.deletedAt) throw new HttpError(410, `project "${req.params.id}" was deleted`);
    res.json(projectJson(stored.value));
  });
  return router;
}
