import type { BoardQuery, CalendarEntry, CalendarQuery, CalendarStore, Cantine } from "../domain/network/cantines.ts";
import { unknownCantine } from "../domain/network/cantines.ts";
import type { CantineRow } from "./cantine-store.ts";
import { toCantine } from "./cantine-store.ts";
import type { Db } from "./db.ts";
import type { EventRow } from "./event-store.ts";
import { eventColumns, toEvent } from "./event-store.ts";
import { countSql, pageJoin, pageSql, tagWindowParts, totalOf, windowParts } from "./event-window.ts";
import type { ProjectRow } from "./project-store.ts";
import { toProject } from "./project-store.ts";

const cantineFields = ["actor_id", "local", "handle", "name", "city", "country", "timezone", "url", "icon", "actor_type"] as const;
const select = (alias: string, prefix: string) => cantineFields.map((f) => `${alias}.${f} AS ${prefix}${f}`).join(", ");

type Prefixed<P extends string> = { [K in (typeof cantineFields)[number] as `${P}${K}`]: CantineRow[K] | null };
type BoardRow = ProjectRow & Prefixed<"c_"> & Prefixed<"v_"> & { total: number };

function cantineFrom(row: Record<string, unknown>, prefix: "c_" | "v_") {
  if (row[`${prefix}actor_id`] == null) return null;
  const picked = Object.fromEntries(cantineFields.map((f) => [f, row[`${prefix}${f}`]]));
  return toCantine(picked as Parameters<typeof toCantine>[0]);
}

/** Hidden events (migration 012) by id (`e.id`, or `t.event_id` over a tag's rows), through their own small partial index. */
const hiddenOut = (id: string) => `${id} NOT IN (SELECT id FROM events WHERE hidden = 1)`;
const hiddenOnly = (id: string) => `${id} IN (SELECT id FROM events WHERE hidden = 1)`;

const calendarColumns = `${eventColumns
  .split(",")
  .map((c) => `e.${c.trim()}`)
  .join(", ")}, e.deleted_at`;

function escapeLike(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Events (with their cantines) kept between two writes, enough for a 2,000-event feed and pages besides; all are dropped when there would be more. */
const MAX_KEPT_ENTRIES = 5_000;

/** Counts kept (a few hundred bytes each); all are dropped when there would be more. */
const MAX_KEPT_COUNTS = 500;

type Kept = { version: number | undefined; entries: Map<string, CalendarEntry>; cantines: Map<string, Cantine | null>; counts: Map<string, number> };
const nothingKept = (version: number | undefined): Kept => ({ version, entries: new Map(), cantines: new Map(), counts: new Map() });

/** The worldwide calendar and project board: one indexed query per request, no N+1 over cantines. */
export class SqliteCalendarStore implements CalendarStore {
  readonly #db: Db;
  readonly #statements = new Map<string, ReturnType<Db["prepare"]>>();
  readonly #contentVersion;
  readonly #cantineRow;
  #keptSince: Kept = nothingKept(undefined);

  constructor(db: Db) {
    this.#db = db;
    this.#contentVersion = db.prepare<[], number>("SELECT n FROM content_version").pluck();
    this.#cantineRow = db.prepare<[string], CantineRow>(`SELECT ${cantineFields.join(", ")} FROM cantines WHERE actor_id = ?`);
  }

  calendar(query: CalendarQuery) {
    const { parts, params, id, tagged } = this.#matching(query);
    // Hidden events (migration 012) are left out by id, through their own small partial index:
    // the page is still chosen from the covering window indexes alone.
    const visible = parts(hiddenOut(id));
    // The page is chosen from the covering indexes alone (a window count would read every
    // matching row instead); then only the page's events not already made since the last write
    // are read.
    const page = this.#statement(`SELECT rid, i FROM (${pageSql(visible, tagged)})`).all({ ...params, limit: query.limit, offset: query.offset }) as {
      rid: number | string;
      i: string;
    }[];
    const kept = this.#kept();
    const missing = page.filter((row) => !kept.entries.has(row.i));
    if (missing.length > 0) {
      if (kept.entries.size + missing.length > MAX_KEPT_ENTRIES) kept.entries.clear();
      const rows = this.#statement(
        `SELECT ${calendarColumns} FROM (SELECT value AS rid FROM json_each(@rids)) AS page JOIN events e ON ${pageJoin(tagged)}`,
      ).all({ rids: JSON.stringify(missing.map((row) => row.rid)) }) as EventRow[];
      for (const row of rows) kept.entries.set(row.id, this.#entryOf(row, kept.cantines));
    }
    const entries = page.map((row) => kept.entries.get(row.i)!);
    // Counted only when asked (a feed never asks).
    const count = () => this.#count(parts, params, id);
    let total: number | undefined;
    return {
      entries,
      get total() {
        return (total ??= totalOf(query, page.length, count));
      },
    };
  }

  /** An event with its cantine and the one that relayed it. */
  #entryOf(row: EventRow, cantines: Map<string, Cantine | null>): CalendarEntry {
    const cantineOf = (actorId: string) => {
      let cantine = cantines.get(actorId);
      if (cantine === undefined) {
        const found = this.#cantineRow.get(actorId);
        cantines.set(actorId, (cantine = found ? toCantine(found) : null));
      }
      return cantine;
    };
    return {
      event: toEvent(row),
      source: cantineOf(row.actor_id) ?? unknownCantine(row.actor_id),
      via: row.via_actor_id === null ? null : cantineOf(row.via_actor_id),
    };
  }

  /**
   * What was made from rows since the last write: events with their cantines, cantines (a
   * page names a few many times over, and the next pages the same ones) and counts. Everything is dropped
   * when anything is written, by this connection or another: the content version moves with
   * events, tags and cantines alike.
   */
  #kept(): Kept {
    const version = this.#contentVersion.get();
    if (this.#keptSince.version !== version || this.#keptSince.cantines.size >= MAX_KEPT_ENTRIES) this.#keptSince = nothingKept(version);
    return this.#keptSince;
  }

  count(query: Omit<CalendarQuery, "limit" | "offset">): number {
    const { parts, params, id } = this.#matching(query);
    return this.#count(parts, params, id);
  }

  /**
   * The matching events, less the few hidden ones: cheaper than testing every one against the
   * hidden list. Counting reads a whole window of an index, as long as reading its page: a count
   * is kept until anything is written (the content version moves), for the next pages of the same query.
   */
  #count(parts: (extra: string) => string[], params: Record<string, unknown>, id: string): number {
    const sql = `SELECT (SELECT n FROM (${countSql(parts("1"))})) - (SELECT n FROM (${countSql(parts(hiddenOnly(id)))})) AS n`;
    const key = `${sql}\n${JSON.stringify(params)}`;
    const { counts } = this.#kept();
    const known = counts.get(key);
    if (known !== undefined) return known;
    const n = (this.#statement(sql).get(params) as { n: number }).n;
    if (counts.size >= MAX_KEPT_COUNTS) counts.clear();
    counts.set(key, n);
    return n;
  }

  /** The query's filters and window, as `FROM … WHERE …` texts (one per index range) and their parameters. */
  #matching(query: Omit<CalendarQuery, "limit" | "offset">) {
    const filters: string[] = [];
    const params: Record<string, unknown> = {};
    let byCantine = false;
    if (query.city) filters.push("c.city = @city COLLATE NOCASE"), (params.city = query.city), (byCantine = true);
    if (query.status) filters.push("e.status = @status"), (params.status = query.status);
    if (query.actorId) filters.push("e.actor_id = @actorId"), (params.actorId = query.actorId);
    // Literal values: with `all_day = 1`, SQLite can read the all-day events' own index (migration 017).
    if (query.allDay !== undefined) filters.push(query.allDay ? "e.all_day = 1" : "e.all_day = 0");
    if (query.q) {
      filters.push("(e.title LIKE @q ESCAPE '\\' OR e.description_html LIKE @q ESCAPE '\\' OR e.organizer LIKE @q ESCAPE '\\' OR c.name LIKE @q ESCAPE '\\')");
      params.q = escapeLike(query.q);
      byCantine = true;
    }
    // A tag's window is read from the tag's own rows (migration 016), in start order, which hold
    // live events only; its events are read only for other filters, or once on the page.
    const tagged = Boolean(query.tag);
    const withEvents = filters.length > 0;
    if (!tagged || withEvents) filters.unshift("e.deleted_at IS NULL");
    const id = tagged ? "t.event_id" : "e.id";
    // The window in parts, each an index range (events of usual length by start, long ones by end).
    const window = query.tag ? tagWindowParts(query.tag, query, params, withEvents) : windowParts(query, params);
    const parts = (extra: string) =>
      window.map(
        (part) =>
          `FROM ${part.events} ${byCantine ? "LEFT JOIN cantines c ON c.actor_id = e.actor_id " : ""}WHERE ${[...filters, extra, part.where].join(" AND ")}`,
      );
    return { parts, params, id, tagged };
  }

  version(): string {
    // Moved by triggers on events, projects and cantines, whichever process wrote them (an
    // event's tags are written with its row, migration 019).
    return String(this.#contentVersion.get());
  }

  cities(now: string) {
    // Cities with something on from now: index probes per cantine (actor, start) and over the few
    // long events (by end), not a scan of every upcoming event.
    const params: Record<string, unknown> = {};
    const exists = windowParts({ from: now }, params).map(
      (part) => `EXISTS (SELECT 1 FROM ${part.events} WHERE e.actor_id = c.actor_id AND e.deleted_at IS NULL AND ${part.where})`,
    );
    return this.#statement(
      `SELECT c.city AS city, max(c.country) AS country FROM cantines c
       WHERE c.city IS NOT NULL AND (${exists.join(" OR ")}) GROUP BY c.city COLLATE NOCASE ORDER BY c.city`,
    ).all(params) as { city: string; country: string | null }[];
  }

  board(query: BoardQuery) {
    const where = ["p.deleted_at IS NULL", "p.hidden = 0"];
    const params: Record<string, unknown> = { limit: query.limit, offset: query.offset };
    if (query.city) {
      where.push("(c.city = @city COLLATE NOCASE OR EXISTS (SELECT 1 FROM json_each(p.cities) WHERE value = @city COLLATE NOCASE))");
      params.city = query.city;
    }
    if (query.actorId) where.push("p.actor_id = @actorId"), (params.actorId = query.actorId);
    if (query.tag) where.push("EXISTS (SELECT 1 FROM json_each(p.tags) WHERE value = @tag COLLATE NOCASE)"), (params.tag = query.tag);
    if (query.q) where.push("(p.title LIKE @q ESCAPE '\\' OR p.summary LIKE @q ESCAPE '\\')"), (params.q = escapeLike(query.q));
    const sql = `SELECT p.*, ${select("c", "c_")}, ${select("v", "v_")}, count(*) OVER () AS total
      FROM projects p LEFT JOIN cantines c ON c.actor_id = p.actor_id LEFT JOIN cantines v ON v.actor_id = p.via_actor_id
      WHERE ${where.join(" AND ")} ORDER BY p.published_at DESC, p.id LIMIT @limit OFFSET @offset`;
    const rows = this.#statement(sql).all(params) as BoardRow[];
    return {
      total: rows[0]?.total ?? 0,
      entries: rows.map((row) => ({
        project: toProject(row),
        source: cantineFrom(row, "c_") ?? unknownCantine(row.actor_id),
        via: cantineFrom(row, "v_"),
      })),
    };
  }

  #statement(sql: string) {
    let statement = this.#statements.get(sql);
    if (!statement) this.#statements.set(sql, (statement = this.#db.prepare(sql)));
    return statement;
  }
}
