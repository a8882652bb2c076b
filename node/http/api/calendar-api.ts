import type { Response } from "express";
import { Router } from "express";
import type { CalendarStore, Cantine } from "../../domain/network/cantines.ts";
import { isValidTimeZone } from "../../domain/time.ts";
import type { AnswerCache } from "../answer-cache.ts";
import type { EncodedAnswer } from "../caching.ts";
import type { HttpMetrics } from "../metrics.ts";
import { NO_HTTP_METRICS } from "../metrics.ts";
import { HttpError } from "../problem.ts";
import { instantParam as instant, paging, textParam as param } from "../query.ts";
import type { ZonedTime } from "./event-json.ts";
import { eventJson, inZone, projectJson } from "./event-json.ts";

function cantineJson(cantine: Cantine | null) {
  return (
    cantine && { actorId: cantine.actorId, handle: cantine.handle, name: cantine.name, city: cantine.city, country: cantine.country, local: cantine.local }
  );
}

const STATUSES = new Set(["scheduled", "cancelled", "postponed"]);

function sendJson(res: Response, answer: EncodedAnswer): void {
  res.set("ETag", answer.etag).type("json").send(answer.body);
}

/**
 * The worldwide calendar as JSON: local and remote events merged, by start instant, each with
 * its cantine, its own zone, and its start in the viewer's zone (`tz`, default the node's).
 */
export function calendarApiRoutes(deps: { calendar: CalendarStore; timezone: string; now: () => Date; answers: AnswerCache; metrics?: HttpMetrics }): Router {
  const metrics = deps.metrics ?? NO_HTTP_METRICS;
  const router = Router();
  // Answers kept per query (in the node's cache) until anything is written (the store's version
  // moves) — readers far outnumber writers. Without `from` the window starts now: such answers
  // live ten seconds. Wall-clock times are kept too: written events change an answer, rarely its times.
  const { answers } = deps;
  const zoned: ZonedTime = (instant, zone) => answers.remember("zoned", `${zone} ${instant}`, () => inZone(instant, zone));
  // `/api/events?scope=network` is the same calendar; without the scope it lists this node's own.
  router.get(["/api/calendar", "/api/events"], (req, res, next) => {
    if (req.path === "/api/events" && req.query.scope !== "network") return next();
    const key = `${req.originalUrl}|${req.query.from ? "" : Math.floor(deps.now().getTime() / 10_000)}`;
    const version = deps.calendar.version();
    const known = answers.readEncoded("calendar", key, version);
    metrics.cacheLookup("calendar", known !== undefined);
    if (known) return sendJson(res, known);
    const tz = param(req, "tz", 64) ?? deps.timezone;
    if (!isValidTimeZone(tz)) throw new HttpError(400, `query parameter "tz" must be an IANA time zone (e.g. "Europe/Paris"), got "${tz}"`);
    const status = param(req, "status", 20);
    if (status && !STATUSES.has(status)) throw new HttpError(400, `query parameter "status" must be one of ${[...STATUSES].join(", ")}`);
    const { limit, offset } = paging(req);
    const { entries, total } = deps.calendar.calendar({
      from: instant(req, "from") ?? deps.now().toISOString(),
      to: instant(req, "to"),
      city: param(req, "city", 100),
      tag: param(req, "tag", 50),
      q: param(req, "q"),
      status,
      limit,
      offset,
    });
    const body = JSON.stringify({
      total,
      limit,
      offset,
      timezone: tz,
      items: entries.map(({ event, source, via }) => ({
        ...eventJson(event, zoned),
        cantine: cantineJson(source),
        city: source.city,
        via: cantineJson(via),
        viewerStart: zoned(event.startsAt, tz),
        viewerEnd: event.endsAt ? zoned(event.endsAt, tz) : null,
      })),
    });
    sendJson(res, answers.keepEncoded("calendar", key, version, body));
  });
  router.get("/api/board", (req, res) => {
    const { limit, offset } = paging(req);
    const { entries, total } = deps.calendar.board({ city: param(req, "city", 100), tag: param(req, "tag", 50), q: param(req, "q"), limit, offset });
    res.json({
      total,
      limit,
      offset,
      items: entries.map(({ project, source, via }) => ({ ...projectJson(project), cantine: cantineJson(source), via: cantineJson(via) })),
    });
  });
  return router;
}
