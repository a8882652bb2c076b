import { Router } from "express";
import type { Request } from "express";
import type { EventStore, ProjectStore } from "../../domain/ports.ts";
import { HttpError } from "../problem.ts";
import { eventJson, projectJson } from "../presenters/event-json.ts";

const MAX_LIMIT = 200;

function text(req: Request, name: string, max = 200): string | undefined {
  const value = req.query[name];
  if (value === undefined || value === "") return undefined;
  if (typeof value !== "string" || value.length > max) throw new HttpError(400, `query parameter "${name}" must be a string of at most ${max} characters`);
  return value;
}

function instant(req: Request, name: string): string | undefined {
  const value = text(req, name, 40);
  if (value === undefined) return undefined;
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Date.parse(value);
  if (Number.isNaN(parsed)) throw new HttpError(400, `query parameter "${name}" must be a date or date-time (ISO 8601), got "${value}"`);
  return new Date(parsed).toISOString();
}

export function paging(req: Request): { limit: number; offset: number } {
  const limit = req.query.limit === undefined ? 50 : Number(req.query.limit);
  const offset = req.query.offset === undefined ? 0 : Number(req.query.offset);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new HttpError(400, `query parameter "limit" must be an integer from 1 to ${MAX_LIMIT}`);
  if (!Number.isInteger(offset) || offset < 0) throw new HttpError(400, 'query parameter "offset" must be a non-negative integer');
  return { limit, offset };
}

/** Public read API: this node's own events and projects, filtered and paged. */
export function publicApiRoutes(deps: { events: EventStore; projects: ProjectStore; now: () => Date }): Router {
  const router = Router();
  router.get("/api/events", (req, res) => {
    const { limit, offset } = paging(req);
    const from = instant(req, "from") ?? (req.query.past === "true" ? undefined : deps.now().toISOString());
    const { items, total } = deps.events.query({ from, to: instant(req, "to"), tag: text(req, "tag", 50), q: text(req, "q"), status: text(req, "status", 20), local: true, limit, offset });
    res.json({ total, limit, offset, items: items.map(eventJson) });
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
