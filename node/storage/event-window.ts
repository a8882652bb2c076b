// Which events a time window holds, as SQL on `events e` that stays an index range scan
// whatever the events' lengths. Shared by every query that asks "what is on between then and
// then" (the calendar, pages, feeds, the API, collections), so that they agree.
import { ms } from "./rows.ts";

/**
 * Events that start at most this long before a window are found by a range scan of the start
 * index. Longer ones (a remote two-month exhibition; ours are at most 31 local days) are found
 * through `events_long_window`, a partial index of the events longer than this: its
 * WHERE clause repeats the number (migration 007), keep the two in step.
 */
export const LONG_EVENT_MS = 31 * 86_400_000;

/**
 * Events that start at most this long before a window are found by the start index; those of
 * more than a day that started earlier (up to LONG_EVENT_MS) through `events_multiday_window`
 * (migration 018, whose WHERE clause repeats the number): a window starting now reads back a
 * day of starts, not a month.
 */
export const MULTI_DAY_MS = 86_400_000;

/** Word for word the partial indexes' conditions: SQLite uses an index only for a query that says it. */
const LONG = `e.end_ms - e.start_ms > ${LONG_EVENT_MS}`;
const MULTI_DAY = `e.end_ms - e.start_ms > ${MULTI_DAY_MS}`;

/** `startsWithin`: only the events that begin in [from, to), not those already under way at `from`. */
export type Window = Readonly<{ from?: string; to?: string; startsWithin?: boolean }>;

/** One part of a window: the table to read it from (`events e`, maybe with its index) and its condition. */
export type WindowPart = Readonly<{ events: string; where: string }>;

/**
 * The window [from, to) as disjoint parts, each served by an index; an event is in the window
 * when it is in one of them (join them with UNION ALL, or count each). An event is in
 * the window when it starts before `to` and is still on after `from`: its end is after `from`
 * (ends are exclusive: one that ended exactly at `from` is over), or, without an end, it starts
 * at or after `from`. With a `from` there are three parts, by start: events that start at
 * most MULTI_DAY_MS before it (start index); those that started up to LONG_EVENT_MS before it
 * and end after it, necessarily longer than a day (multi-day index); and those that started
 * earlier still, necessarily longer than LONG_EVENT_MS (long-event index). Sets @from,
 * @fromRecent, @fromEarliest, @to.
 *
 * With `startsWithin`, one part: the events that begin in [from, to), by the start index.
 *
 * The multi-day and long parts name their index (INDEXED BY): with a cantine or city filter, SQLite would
 * otherwise prefer the (actor, start) index and read that cantine's whole past, and a change
 * to the bound on one side only now fails loudly instead of silently scanning.
 */
export function windowParts(window: Window, params: Record<string, unknown>): WindowPart[] {
  const before = window.to ? ((params.to = ms(window.to)), ["e.start_ms < @to"]) : [];
  if (window.startsWithin) return [{ events: "events e", where: [...startBound(window, params, "e"), ...before].join(" AND ") || "1" }];
  if (!window.from) return [{ events: "events e", where: before.join(" AND ") || "1" }];
  params.from = ms(window.from);
  params.fromRecent = ms(window.from) - MULTI_DAY_MS;
  params.fromEarliest = ms(window.from) - LONG_EVENT_MS;
  return [
    { events: "events e", where: ["e.start_ms >= @fromRecent", "(e.end_ms > @from OR e.start_ms >= @from)", ...before].join(" AND ") },
    {
      events: "events e INDEXED BY events_multiday_window",
      where: [MULTI_DAY, "e.end_ms > @from", "e.start_ms >= @fromEarliest", "e.start_ms < @fromRecent", ...before].join(" AND "),
    },
    { events: "events e INDEXED BY events_long_window", where: [LONG, "e.end_ms > @from", "e.start_ms < @fromEarliest", ...before].join(" AND ") },
  ];
}

/** With `startsWithin`, one range of the start index: events that begin at or after `from`. Sets @from. */
function startBound(window: Window, params: Record<string, unknown>, alias: "e" | "t"): string[] {
  if (!window.from) return [];
  params.from = ms(window.from);
  return [`${alias}.start_ms >= @from`];
}

/** Word for word the partial index `event_tags_long`'s condition (migration 016). */
const TAG_LONG = `t.end_ms - t.start_ms > ${LONG_EVENT_MS}`;

/**
 * The same window over one tag's rows (`event_tags t`, which carry their event's start and end:
 * migration 016), each part a range of the tag's own index, read in start order; an event of the
 * tag is in a part exactly when it is in the same part of `windowParts`. The tag's rows are
 * those of live events only. With `withEvents`, each row is joined to its event (`events e`)
 * for filters on other columns. Sets @tag and what `windowParts` sets.
 */
export function tagWindowParts(tag: string, window: Window, params: Record<string, unknown>, withEvents: boolean): WindowPart[] {
  params.tag = tag;
  const join = withEvents ? " JOIN events e ON e.id = t.event_id" : "";
  const before = window.to ? ((params.to = ms(window.to)), ["t.start_ms < @to"]) : [];
  if (window.startsWithin)
    return [
      { events: `event_tags t INDEXED BY event_tags_start${join}`, where: ["t.tag = @tag", ...startBound(window, params, "t"), ...before].join(" AND ") },
    ];
  if (!window.from) return [{ events: `event_tags t INDEXED BY event_tags_start${join}`, where: ["t.tag = @tag", ...before].join(" AND ") }];
  params.from = ms(window.from);
  params.fromEarliest = ms(window.from) - LONG_EVENT_MS;
  return [
    {
      events: `event_tags t INDEXED BY event_tags_start${join}`,
      where: ["t.tag = @tag", "t.start_ms >= @fromEarliest", "(t.end_ms > @from OR t.start_ms >= @from)", ...before].join(" AND "),
    },
    {
      events: `event_tags t INDEXED BY event_tags_long${join}`,
      where: ["t.tag = @tag", TAG_LONG, "t.end_ms > @from", "t.start_ms < @fromEarliest", ...before].join(" AND "),
    },
  ];
}

/**
 * A page of events from the parts' `FROM … WHERE …` texts, as rows (rid, s, i) in window order
 * (start, then id), with @limit and @offset: chosen from the indexes alone, so that only the
 * page's own rows are then read. Over a tag's rows (`tagged`), rid is the event's id, not its
 * rowid: join the page to its events with `pageJoin`.
 */
export function pageSql(matching: readonly string[], tagged = false): string {
  const pick = tagged ? "t.event_id AS rid, t.start_ms AS s, t.event_id AS i" : "e.rowid AS rid, e.start_ms AS s, e.id AS i";
  const picked = matching.map((from) => `SELECT ${pick} ${from}`).join(" UNION ALL ");
  return `SELECT rid, s, i FROM (${picked}) ORDER BY s, i LIMIT @limit OFFSET @offset`;
}

/** How a page of `pageSql` meets its rows of `events e`. */
export function pageJoin(tagged = false): string {
  return tagged ? "e.id = page.rid" : "e.rowid = page.rid";
}

/** How many events the parts hold, counted part by part (from the indexes). */
export function countSql(matching: readonly string[]): string {
  return `SELECT ${matching.map((from) => `(SELECT count(*) ${from})`).join(" + ")} AS n`;
}

/** The total matching a paged query: a short page tells it, else `count()` is asked. */
export function totalOf(page: { limit: number; offset: number }, rows: number, count: () => number): number {
  return rows < page.limit && (rows > 0 || page.offset === 0) ? page.offset + rows : count();
}
