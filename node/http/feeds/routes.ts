// Subscribable feeds of the worldwide calendar: iCalendar for calendar apps (Google, Apple,
// Thunderbird poll these URLs), Atom for feed readers. Read-only, public, cacheable.

import type { Request, Response } from "express";
import { Router } from "express";
import type { CalendarEntry, CalendarQuery, CalendarStore, Cantine, CantineStore } from "../../domain/network/cantines.ts";
import { unknownCantine } from "../../domain/network/cantines.ts";
import type { EventStore } from "../../domain/ports.ts";
import type { Venue } from "../../domain/venue.ts";
import type { AnswerCache } from "../answer-cache.ts";
import { conditional, firstServedTracker, strongEtag } from "../caching.ts";
import type { HttpMetrics } from "../metrics.ts";
import { NO_HTTP_METRICS } from "../metrics.ts";
import { HttpError } from "../problem.ts";
import { renderEventsAtom, renderProjectsAtom } from "./atom.ts";
import { renderCalendar } from "./ics.ts";
import type { SeriesRule } from "./ics-series.ts";
import { seriesRuleOf } from "./ics-series.ts";

export type FeedDeps = Readonly<{
  calendar: CalendarStore;
  cantines: CantineStore;
  venue: Venue;
  now: () => Date;
  events: EventStore;
  /** The node's cache: rendered feeds, and the VEVENTs and VTIMEZONEs they are made of. */
  answers: AnswerCache;
  metrics?: HttpMetrics;
}>;

const DAY_MS = 86_400_000;
/** An .ics feed holds every upcoming event (calendar apps do not page), within reason. */
const ICS_LIMIT = 2000;
const ATOM_LIMIT = 200;
const ICS_TYPE = "text/calendar; charset=utf-8";
const ATOM_TYPE = "application/atom+xml; charset=utf-8";

type Filters = Pick<CalendarQuery, "city" | "tag" | "q" | "actorId">;

function queryText(req: Request, name: string, max: number): string | undefined {
  const value = req.query[name];
  if (value === undefined || value === "") return undefined;
  if (typeof value !== "string" || value.length > max) throw new HttpError(400, `query parameter "${name}" must be a string of at most ${max} characters`);
  return value;
}

function pathText(req: Request, name: string, max: number): string {
  const value = req.params[name];
  if (typeof value !== "string" || value === "" || value.length > max) throw new HttpError(400, `path parameter "${name}" must be 1 to ${max} characters`);
  return value;
}

/** ?city=, ?tag= and ?q= as the JSON API reads them; a "#" before a tag is dropped. */
function filters(req: Request): Filters {
  return { city: queryText(req, "city", 100), tag: queryText(req, "tag", 100)?.replace(/^#/, ""), q: queryText(req, "q", 200) };
}

/** Content-Disposition wants a plain token: letters, digits, dot, dash, underscore. */
function fileName(base: string): string {
  return `${
    base
      .normalize("NFKD")
      .replace(/[^A-Za-z0-9._-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 80) || "calendar"
  }.ics`;
}

function calendarTitle(base: string, f: Filters, owner?: string): string {
  return [owner ?? base, f.city, f.tag && `#${f.tag}`, f.q && `“${f.q}”`].filter(Boolean).join(" · ");
}

/** The live series of ours among the entries, so that each is written as one recurring VEVENT. */
function seriesOf(events: EventStore, entries: readonly CalendarEntry[], now: Date): Map<string, SeriesRule> {
  const series = new Map<string, SeriesRule>();
  for (const { event } of entries) {
    if (!event.local || !event.seriesId || series.has(event.seriesId)) continue;
    const stored = events.getSeries(event.seriesId);
    const rule = stored && !stored.deletedAt ? seriesRuleOf(stored.value, now) : null;
    if (rule) series.set(event.seriesId, rule);
  }
  return series;
}

export function feedRoutes(deps: FeedDeps): Router {
  const router = Router();
  const firstServed = firstServedTracker();
  const network = `${deps.venue.name} · Cantine network`;

  /** Serves a body with validators; answers 304 instead when the client's copy is current. */
  function send(req: Request, res: Response, body: string | Buffer, type: string, now: Date, download?: string, knownEtag?: string): void {
    const etag = knownEtag ?? strongEtag(body);
    if (conditional(req, res, { etag, lastModified: firstServed(req.originalUrl, etag, now) })) return;
    res.set("Content-Type", type);
    if (download) res.set("Content-Disposition", `inline; filename="${download}"`);
    res.send(body);
  }

  // Rendered feeds kept until something is written (the calendar's version moves) or the
  // minute turns (their window starts a day before now): calendar apps poll the same URLs.
  const rendered = deps.answers;
  const metrics = deps.metrics ?? NO_HTTP_METRICS;

  /** Upcoming events (from a day ago, so today's stay visible) matching the filters, as .ics. */
  function serveCalendar(req: Request, res: Response, f: Filters, file: string, owner?: string): void {
    const now = deps.now();
    const key = `${req.originalUrl}|${Math.floor(now.getTime() / 60_000)}`;
    const version = deps.calendar.version();
    let cached = rendered.readEncoded("feeds", key, version);
    metrics.cacheLookup("feeds", cached !== undefined);
    if (!cached) {
      const from = new Date(now.getTime() - DAY_MS).toISOString();
      const { entries } = deps.calendar.calendar({ ...f, from, limit: ICS_LIMIT, offset: 0 });
      const body = renderCalendar(entries, {
        name: calendarTitle(network, f, owner),
        description: `Events of the Cantine network, published by ${deps.venue.name} (${deps.venue.origin}).`,
        now,
        timezone: deps.venue.timezone,
        series: seriesOf(deps.events, entries, now),
        coveredUntil: entries.length >= ICS_LIMIT ? entries.at(-1)!.event.startsAt : undefined,
        memo: deps.answers,
      });
      // Encoded once: hashed for its ETag and written as they are, from the cache too.
      cached = rendered.keepEncoded("feeds", key, version, body);
    }
    send(req, res, cached.body, ICS_TYPE, now, fileName(file), cached.etag);
  }

  /** An actor id (URL-encoded in the path), a handle "slug@host" (optionally "@slug@host") or our own slug. */
  function findCantine(param: string): Cantine | undefined {
    const value = param.trim().replace(/^@/, "");
    const all = deps.cantines.listAll();
    if (/^https?:\/\//i.test(value)) return all.find((c) => c.actorId === value);
    const lower = value.toLowerCase();
    return all.find((c) => c.handle?.toLowerCase() === lower) ?? all.find((c) => c.local && c.handle?.split("@")[0]?.toLowerCase() === lower);
  }

  router.get("/calendar.ics", (req, res) => {
    const f = filters(req);
    serveCalendar(req, res, f, ["cantine", f.city, f.tag].filter(Boolean).join("-"));
  });

  router.get("/cities/:city/calendar.ics", (req, res) => {
    const city = pathText(req, "city", 100);
    serveCalendar(req, res, { ...filters(req), city }, `cantine-${city}`);
  });

  router.get("/tags/:tag/calendar.ics", (req, res) => {
    const tag = pathText(req, "tag", 100).replace(/^#/, "");
    serveCalendar(req, res, { ...filters(req), tag }, `cantine-${tag}`);
  });

  router.get("/cantines/:actor/calendar.ics", (req, res) => {
    const cantine = findCantine(pathText(req, "actor", 500));
    if (!cantine) throw new HttpError(404, `cantine "${req.params.actor}" not found (give its actor id, URL-encoded, or its handle like "slug@host")`);
    serveCalendar(req, res, { ...filters(req), actorId: cantine.actorId }, cantine.handle?.split("@")[0] ?? cantine.name, cantine.name);
  });

  // Express 5 reads "/events/:id.ics" as the parameter then the literal ".ics", so "/events/:id"
  // (the HTML page, mounted later) still gets every other path.
  router.get("/events/:id.ics", (req, res) => {
    const id = pathText(req, "id", 200);
    const stored = deps.events.get(id);
    if (!stored) throw new HttpError(404, `event "${id}" not found`);
    if (stored.deletedAt) throw new HttpError(410, `event "${id}" was deleted`);
    const event = stored.value;
    const source: Cantine = deps.cantines.get(event.actorId) ?? unknownCantine(event.actorId, event.local ? deps.venue.name : undefined, event.local);
    const now = deps.now();
    const body = renderCalendar([{ event, source, via: null }], { name: event.title, now, timezone: deps.venue.timezone });
    send(req, res, body, ICS_TYPE, now, fileName(`event-${id}`));
  });

  const feedOptions = (req: Request, title: string, now: Date) => ({
    title,
    selfUrl: new URL(req.originalUrl, deps.venue.origin).href,
    siteUrl: new URL("/", deps.venue.origin).href,
    now,
    locale: deps.venue.locale,
  });

  router.get("/feeds/events.atom", (req, res) => {
    const f = filters(req);
    const now = deps.now();
    const { entries } = deps.calendar.calendar({ ...f, from: now.toISOString(), limit: ATOM_LIMIT, offset: 0 });
    send(req, res, renderEventsAtom(entries, feedOptions(req, `${calendarTitle(network, f)} — upcoming events`, now)), ATOM_TYPE, now);
  });

  router.get("/feeds/projects.atom", (req, res) => {
    const f = filters(req);
    const now = deps.now();
    const { entries } = deps.calendar.board({ city: f.city, tag: f.tag, q: f.q, limit: ATOM_LIMIT, offset: 0 });
    send(req, res, renderProjectsAtom(entries, feedOptions(req, `${calendarTitle(network, f)} — projects`, now)), ATOM_TYPE, now);
  });

  return router;
}
