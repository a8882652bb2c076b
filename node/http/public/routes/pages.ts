import type { Request } from "express";
import { Router } from "express";
import type { CalendarEntry, CalendarStore, CantineStore } from "../../../domain/network/cantines.ts";
import type { Venue } from "../../../domain/venue.ts";
import type { AnswerCache } from "../../answer-cache.ts";
import type { HttpMetrics } from "../../metrics.ts";
import { NO_HTTP_METRICS } from "../../metrics.ts";
import { renderError } from "../pages/errors.ts";
import { byDay, dayOfEntry } from "../pages/event-card.ts";
import { dayOf, monthOf, startOfDay } from "../pages/format.ts";
import type { Filters } from "../pages/forms.ts";
import { DAY_LIMIT, renderHome } from "../pages/home.ts";
import { renderMonth } from "../pages/month.ts";
import { renderNetwork } from "../pages/network.ts";
import { renderBoard } from "../pages/projects.ts";
import { renderTag } from "../pages/tag.ts";
import { pageContext, queryText, sendPage } from "./page-context.ts";

const PAGE_SIZE = 40;
const DAY_VIEW_LIMIT = 500;
const MONTH_LIMIT = 1000;
// An event without an end is taken to last this long for "happening now".
const DEFAULT_DURATION_MS = 2 * 3_600_000;
const stylesheet = new URL("../../assets/site.css", import.meta.url).pathname;
const zoneScript = new URL("../../assets/tz.js", import.meta.url).pathname;
/** A hashtag as events store it (validate-event.ts: letters, digits, "_"). */
const TAG = /^[\p{L}\p{M}\p{N}_]{1,50}$/u;

export type PagesDeps = Readonly<{
  venue: Venue;
  calendar: CalendarStore;
  cantines: CantineStore;
  now: () => Date;
  answers: AnswerCache;
  metrics?: HttpMetrics;
}>;

function filtersOf(req: Request): Filters {
  return { q: queryText(req, "q"), tag: queryText(req, "tag", 51)?.replace(/^#/, ""), city: queryText(req, "city") };
}

const filtered = (filters: Filters) => Boolean(filters.q || filters.tag || filters.city);

function pageNumber(req: Request): number {
  return Math.min(Math.max(Number.parseInt(queryText(req, "page", 5) ?? "1", 10) || 1, 1), 1000);
}

function validDay(value: string | undefined): string | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  try {
    return Temporal.PlainDate.from(value, { overflow: "reject" }).toString();
  } catch {
    return undefined;
  }
}

/** The events of one day in the viewer's zone (at most DAY_VIEW_LIMIT), those that begin that day. */
function eventsOfDay(calendar: CalendarStore, day: string, tz: string, filters: Filters): CalendarEntry[] {
  const next = Temporal.PlainDate.from(day).add({ days: 1 }).toString();
  const { entries } = calendar.calendar({ from: startOfDay(day, tz), to: startOfDay(next, tz), ...filters, limit: DAY_VIEW_LIMIT, offset: 0 });
  return entries.filter((entry) => dayOfEntry(entry, tz) === day);
}

/**
 * How many events begin on one day in the viewer's zone (what `eventsOfDay` lists, uncapped),
 * counted from the indexes: timed events by their start; all-day ones, few, read and placed on
 * the day of their own zone, which may lie up to a day either side of the viewer's.
 */
function countOfDay(calendar: CalendarStore, day: string, tz: string, filters: Filters): number {
  const plainDay = Temporal.PlainDate.from(day);
  const window = { from: startOfDay(day, tz), to: startOfDay(plainDay.add({ days: 1 }).toString(), tz), startsWithin: true };
  // Both counts read an index alone (timed events have none of their own).
  const timed = calendar.count({ ...window, ...filters }) - calendar.count({ ...window, ...filters, allDay: true });
  const around = {
    from: startOfDay(plainDay.subtract({ days: 1 }).toString(), tz),
    to: startOfDay(plainDay.add({ days: 2 }).toString(), tz),
    startsWithin: true,
  };
  const allDay = calendar.calendar({ ...around, ...filters, allDay: true, limit: DAY_VIEW_LIMIT, offset: 0 }).entries;
  return timed + allDay.filter((entry) => dayOfEntry(entry, tz) === day).length;
}

/** Events under way right now anywhere in the network (cancelled ones left out). */
function happeningNow(calendar: CalendarStore, now: Date): CalendarEntry[] {
  const { entries } = calendar.calendar({
    from: new Date(now.getTime() - DEFAULT_DURATION_MS).toISOString(),
    to: new Date(now.getTime() + 1).toISOString(),
    limit: 20,
    offset: 0,
  });
  return entries.filter(({ event }) => {
    const end = event.endsAt ? Date.parse(event.endsAt) : Date.parse(event.startsAt) + DEFAULT_DURATION_MS;
    return event.status !== "cancelled" && end > now.getTime();
  });
}

/** The first month after `month` (YYYY-MM) with an event matching the filters, in the viewer's zone. */
function nextMonthWithEvents(calendar: CalendarStore, month: string, tz: string, filters: Filters): string | null {
  const after = Temporal.PlainYearMonth.from(month).add({ months: 1 }).toString();
  const { entries } = calendar.calendar({ from: startOfDay(`${after}-01`, tz), ...filters, limit: 20, offset: 0 });
  return entries.map(({ event }) => monthOf(event, tz)).find((other) => other > month) ?? null;
}

/** The public calendar pages: agenda, month grid, a tag's programme, project board, network; their stylesheet and script. */
export function calendarPageRoutes(deps: PagesDeps): Router {
  const router = Router();

  router.get("/assets/site.css", (_req, res) => {
    res.set("Cache-Control", "public, max-age=3600").type("css").sendFile(stylesheet);
  });
  router.get("/assets/tz.js", (_req, res) => {
    res.set("Cache-Control", "public, max-age=3600").type("text/javascript").sendFile(zoneScript);
  });

  // Home pages kept per (query, language, zone), in the node's cache, until something is written
  // or ten seconds pass ("happening now" moves with the clock).
  const homes = deps.answers;
  // What every visitor's page shows alike (what is on now, the cities to filter by, how many
  // events a query finds) is kept on the same terms: computed once for all the languages, zones
  // and pages asked meanwhile.
  const shared = new Map<string, { stamp: string; value: unknown }>();
  function sharedPart<T>(name: string, now: Date, version: string, compute: () => T): T {
    const stamp = `${version}|${Math.floor(now.getTime() / 10_000)}`;
    const known = shared.get(name);
    if (known?.stamp === stamp) return known.value as T;
    const value = compute();
    if (shared.size >= 1_000) shared.clear();
    shared.set(name, { stamp, value });
    return value;
  }

  router.get("/", (req, res) => {
    const now = deps.now();
    const ctx = pageContext(req, res, deps.venue, now);
    const key = `${req.originalUrl}|${ctx.locale}|${ctx.tz}|${ctx.tzChosen}|${Math.floor(now.getTime() / 10_000)}`;
    const version = deps.calendar.version();
    // A signed-in operator's page (with "Edit" links and their name) is neither read from nor kept in the visitors' cache.
    const cacheable = !ctx.operator;
    const known = cacheable ? homes.readEncoded("home", key, version) : undefined;
    if (cacheable) (deps.metrics ?? NO_HTTP_METRICS).cacheLookup("home", known !== undefined);
    if (known) return sendPage(res, 200, known);
    const filters = filtersOf(req);
    const day = validDay(queryText(req, "day", 10));
    const page = day ? 1 : pageNumber(req);
    const fromDay = validDay(queryText(req, "from", 10));
    const from = fromDay ? startOfDay(fromDay, ctx.tz) : now.toISOString();
    const listed = day
      ? (() => {
          const one = eventsOfDay(deps.calendar, day, ctx.tz, filters);
          return { entries: one, total: one.length };
        })()
      : deps.calendar.calendar({ from, ...filters, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    // Counting every upcoming event is the costliest part of the page.
    const total = day ? listed.total : sharedPart(`total ${JSON.stringify(filters)} ${fromDay ?? ""}`, now, version, () => listed.total);
    let { entries } = listed;
    const dayTotals = new Map<string, number>();
    if (!day) {
      const days = byDay(entries, ctx.tz);
      // A day that began on the previous page was shown there, with its "more" link.
      const [first] = days;
      const before = page > 1 && first ? deps.calendar.calendar({ from, ...filters, limit: 1, offset: (page - 1) * PAGE_SIZE - 1 }).entries[0] : undefined;
      if (before && first && dayOfEntry(before, ctx.tz) === first[0]) entries = entries.filter((entry) => dayOfEntry(entry, ctx.tz) !== first[0]);
      // Count the days cut short: too many for the page, or running on past its end.
      for (const [index, [one, list]] of days.entries()) {
        const last = index === days.length - 1 && listed.entries.length === PAGE_SIZE;
        // The store keeps counts and events until a write: asked again, a day costs little.
        if (list.length > DAY_LIMIT || last) dayTotals.set(one, countOfDay(deps.calendar, one, ctx.tz, filters));
      }
    }
    const html = renderHome(ctx, {
      entries,
      total,
      page,
      pageSize: PAGE_SIZE,
      filters,
      nothingYet: total === 0 && !fromDay && !day && !filtered(filters),
      happeningNow: page === 1 && !fromDay && !day ? sharedPart("happening now", now, version, () => happeningNow(deps.calendar, now)) : [],
      cities: sharedPart("cities", now, version, () => deps.calendar.cities(now.toISOString())),
      day,
      dayTotals,
    });
    sendPage(res, 200, cacheable ? homes.keepEncoded("home", key, version, html) : html);
  });

  router.get("/month", (req, res) => {
    const now = deps.now();
    const ctx = pageContext(req, res, deps.venue, now);
    const filters = filtersOf(req);
    const asked = queryText(req, "month", 7);
    const month = asked && /^\d{4}-(0[1-9]|1[0-2])$/.test(asked) && asked >= "1970-01" ? asked : dayOf(now.toISOString(), ctx.tz).slice(0, 7);
    const next = Temporal.PlainYearMonth.from(month).add({ months: 1 }).toString();
    const { entries } = deps.calendar.calendar({
      from: startOfDay(`${month}-01`, ctx.tz),
      to: startOfDay(`${next}-01`, ctx.tz),
      ...filters,
      limit: MONTH_LIMIT,
      offset: 0,
    });
    const empty = entries.length === 0;
    const nothingYet = empty && !filtered(filters) && deps.calendar.calendar({ limit: 1, offset: 0 }).total === 0;
    const nextMonth = empty && !nothingYet ? nextMonthWithEvents(deps.calendar, month, ctx.tz, filters) : null;
    const cities = sharedPart("cities", now, deps.calendar.version(), () => deps.calendar.cities(now.toISOString()));
    sendPage(res, 200, renderMonth(ctx, { month, entries, filters, cities, next: nextMonth, nothingYet }));
  });

  // Mastodon links the hashtags of our events here (federation/vocab/place.ts builds the href).
  router.get("/tags/:tag", (req, res) => {
    const now = deps.now();
    const ctx = pageContext(req, res, deps.venue, now);
    const tag = req.params.tag.replace(/^#/, "");
    if (!TAG.test(tag)) return sendPage(res, 404, renderError(ctx, 404));
    const page = pageNumber(req);
    const { entries, total } = deps.calendar.calendar({ from: now.toISOString(), tag, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    sendPage(res, 200, renderTag(ctx, { tag, entries, total, page, pageSize: PAGE_SIZE }));
  });

  router.get("/projects", (req, res) => {
    const ctx = pageContext(req, res, deps.venue, deps.now());
    const filters = filtersOf(req);
    const { entries, total } = deps.calendar.board({ ...filters, limit: 100, offset: 0 });
    const cities = new Map<string, { city: string; country: string | null }>();
    for (const cantine of deps.cantines.listAll()) {
      if (cantine.city && !cities.has(cantine.city.toLowerCase())) cities.set(cantine.city.toLowerCase(), { city: cantine.city, country: cantine.country });
    }
    sendPage(res, 200, renderBoard(ctx, { entries, total, filters, cities: [...cities.values()].sort((a, b) => a.city.localeCompare(b.city)) }));
  });

  router.get("/network", (req, res) => {
    const ctx = pageContext(req, res, deps.venue, deps.now());
    sendPage(res, 200, renderNetwork(ctx, deps.cantines.listFollows()));
  });

  return router;
}
