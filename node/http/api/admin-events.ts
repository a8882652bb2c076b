import type { Response } from "express";
import { Router } from "express";
import { cancelEvent, deleteEvent, localEvent, publishEvent, updateEvent } from "../../domain/events/manage-events.ts";
import type { SeriesResult } from "../../domain/events/manage-series.ts";
import { deleteSeries, liveSeries, updateSeries } from "../../domain/events/manage-series.ts";
import type { PublishingDeps } from "../../domain/publishing/publishing.ts";
import type { AuthDeps } from "../auth.ts";
import { requireOperator } from "../auth.ts";
import { checkEventInput, eventPatch } from "../validate-input.ts";
import { eventJson } from "./event-json.ts";

function seriesJson({ series, occurrences }: SeriesResult) {
  return {
    id: series.id,
    recurrence: series.recurrence,
    timezone: series.timezone,
    input: series.input,
    horizonUntil: series.horizonUntil,
    occurrences: occurrences.map((e) => ({ id: e.id, url: e.url, startsAt: e.startsAt, status: e.status, detached: e.detached })),
  };
}

function created(res: Response, url: string, body: unknown): void {
  res.status(201).location(url).json(body);
}

/**
 * Operators' event API. Every route reads: authenticated with the right scope, the body checked
 * against the input schema, then one use case, then one answer; validation problems, unknown and deleted events become 422, 404 and 410.
 */
export function adminEventRoutes(publishing: PublishingDeps, auth: AuthDeps): Router {
  const router = Router();
  const canWrite = requireOperator(auth, "events:write");

  router.post("/api/admin/events", canWrite, (req, res) => {
    const { event, series } = publishEvent(publishing, checkEventInput(req.body));
    created(res, event.url, { ...eventJson(event), series: series ? seriesJson(series) : null });
  });
  router.get("/api/admin/events/:id", canWrite, (req, res) => {
    res.json(eventJson(localEvent(publishing, req.params.id as string)));
  });
  router.patch("/api/admin/events/:id", canWrite, (req, res) => {
    res.json(eventJson(updateEvent(publishing, req.params.id as string, eventPatch(req.body))));
  });
  router.post("/api/admin/events/:id/cancel", canWrite, (req, res) => {
    const message = (req.body as { message?: unknown } | undefined)?.message;
    res.json(eventJson(cancelEvent(publishing, req.params.id as string, { message: typeof message === "string" ? message : undefined })));
  });
  router.delete("/api/admin/events/:id", canWrite, (req, res) => {
    deleteEvent(publishing, req.params.id as string);
    res.status(204).end();
  });

  router.get("/api/admin/series/:id", canWrite, (req, res) => {
    const series = liveSeries(publishing, req.params.id as string);
    res.json(seriesJson({ series, occurrences: publishing.events.occurrences(series.id) }));
  });
  router.patch("/api/admin/series/:id", canWrite, (req, res) => {
    res.json(seriesJson(updateSeries(publishing, req.params.id as string, eventPatch(req.body))));
  });
  router.delete("/api/admin/series/:id", canWrite, (req, res) => {
    deleteSeries(publishing, req.params.id as string);
    res.status(204).end();
  });
  return router;
}
