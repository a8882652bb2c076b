import type { CantineEvent, EventSeries } from "../domain/events/event.ts";
import type { ParticipationMode } from "../domain/participation/modes.ts";
import type { EventQuery, EventStore, Stored } from "../domain/ports.ts";
import type { Db } from "./db.ts";
import { countSql, pageJoin, pageSql, tagWindowParts, totalOf, windowParts } from "./event-window.ts";
import { fromJson, iso, ms, toJson } from "./rows.ts";

export type EventRow = {
  id: string;
  ap_id: string;
  url: string;
  local: number;
  actor_id: string;
  title: string;
  description: string | null;
  description_html: string;
  start_ms: number;
  end_ms: number | null;
  timezone: string;
  all_day: number;
  location: string | null;
  organizer: string | null;
  tags: string;
  image: string | null;
  language: string | null;
  status: string;
  capacity: number | null;
  registration_url: string | null;
  category: string | null;
  series_id: string | null;
  occurrence_date: string | null;
  detached: number;
  published_at: string;
  updated_at: string;
  sequence: number;
  deleted_at: string | null;
  via_actor_id: string | null;
  summary: string | null;
  participation: string | null;
};

type SeriesRow = {
  id: string;
  input: string;
  recurrence: string;
  timezone: string;
  horizon_until: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
};

export function toEvent(row: EventRow): CantineEvent {
  return {
    id: row.id,
    apId: row.ap_id,
    url: row.url,
    local: row.local === 1,
    actorId: row.actor_id,
    title: row.title,
    description: row.description,
    descriptionHtml: row.description_html,
    startsAt: iso(row.start_ms),
    endsAt: row.end_ms === null ? null : iso(row.end_ms),
    timezone: row.timezone,
    allDay: row.all_day === 1,
    location: fromJson(row.location),
    organizer: row.organizer,
    tags: JSON.parse(row.tags),
    image: fromJson(row.image),
    language: row.language,
    status: row.status as CantineEvent["status"],
    capacity: row.capacity,
    registrationUrl: row.registration_url,
    category: row.category,
    participation: row.participation as ParticipationMode | null,
    seriesId: row.series_id,
    occurrenceDate: row.occurrence_date,
    detached: row.detached === 1,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    sequence: row.sequence,
    viaActorId: row.via_actor_id,
    summary: row.summary,
  };
}

function toRow(event: CantineEvent) {
  return {
    id: event.id,
    ap_id: event.apId,
    url: event.url,
    local: event.local ? 1 : 0,
    actor_id: event.actorId,
    title: event.title,
    description: event.description,
    description_html: event.descriptionHtml,
    start_ms: ms(event.startsAt),
    end_ms: event.endsAt === null ? null : ms(event.endsAt),
    timezone: event.timezone,
    all_day: event.allDay ? 1 : 0,
    location: toJson(event.location),
    organizer: event.organizer,
    tags: JSON.stringify(event.tags),
    image: toJson(event.image),
    language: event.language,
    status: event.status,
    capacity: event.capacity,
    registration_url: event.registrationUrl,
    category: event.category,
    participation: event.participation ?? null,
    series_id: event.seriesId,
    occurrence_date: event.occurrenceDate ?? null,
    detached: event.detached ? 1 : 0,
    published_at: event.publishedAt,
    updated_at: event.updatedAt,
    sequence: event.sequence,
    via_actor_id: event.viaActorId ?? null,
    summary: event.summary ?? null,
  };
}

function toSeries(row: SeriesRow): EventSeries {
  return {
    id: row.id,
    input: JSON.parse(row.input),
    recurrence: row.recurrence,
    timezone: row.timezone,
    horizonUntil: row.horizon_until,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export const eventColumns = `id, ap_id, url, local, actor_id, title, description, description_html, start_ms, end_ms, timezone,
  all_day, location, organizer, tags, image, language, status, capacity, registration_url, category, series_id,
  occurrence_date, detached, published_at, updated_at, sequence, via_actor_id, summary, participation`;
const values = eventColumns
  .split(",")
  .map((c) => `@${c.trim()}`)
  .join(", ");

/** Events (local and remote) and recurring series on SQLite; every statement prepared once. */
export class SqliteEventStore implements EventStore {
  readonly #db: Db;
  readonly #statements = new Map<string, ReturnType<Db["prepare"]>>();
  readonly #insert;
  readonly #update;
  readonly #get;
  readonly #getByApId;
  readonly #delete;
  readonly #deleteTags;
  readonly #insertTag;
  readonly #occurrences;
  readonly #occurrenceDates;
  readonly #prune;
  readonly #insertSeries;
  readonly #updateSeries;
  readonly #getSeries;
  readonly #deleteSeries;
  readonly #liveSeries;

  constructor(db: Db) {
    this.#db = db;
    this.#insert = db.prepare(`INSERT INTO events (${eventColumns}) VALUES (${values})`);
    this.#update = db.prepare(
      `UPDATE events SET ${eventColumns
        .split(",")
        .map((c) => `${c.trim()} = @${c.trim()}`)
        .filter((s) => !s.startsWith("id "))
        .join(", ")}
       WHERE id = @id`,
    );
    this.#get = db.prepare<[string], EventRow>(`SELECT ${eventColumns}, deleted_at FROM events WHERE id = ?`);
    this.#getByApId = db.prepare<[string], EventRow>(`SELECT ${eventColumns}, deleted_at FROM events WHERE ap_id = ?`);
    this.#delete = db.prepare("UPDATE events SET deleted_at = ? WHERE id = ?");
    this.#deleteTags = db.prepare("DELETE FROM event_tags WHERE event_id = ?");
    // A tag row carries its event's times, copied from the row just written (migration 016);
    // a deleted event keeps none.
    this.#insertTag = db.prepare(
      "INSERT OR IGNORE INTO event_tags (event_id, tag, start_ms, end_ms) SELECT id, ?, start_ms, end_ms FROM events WHERE id = ? AND deleted_at IS NULL",
    );
    this.#occurrences = db.prepare<[string], EventRow>(
      `SELECT ${eventColumns}, deleted_at FROM events WHERE series_id = ? AND deleted_at IS NULL ORDER BY start_ms`,
    );
    this.#prune = db.prepare("DELETE FROM events WHERE local = 0 AND COALESCE(end_ms, start_ms) < ?");
    this.#occurrenceDates = db.prepare<[string], { d: string }>("SELECT occurrence_date AS d FROM events WHERE series_id = ? AND occurrence_date IS NOT NULL");
    this.#insertSeries = db.prepare(
      `INSERT INTO event_series (id, input, recurrence, timezone, horizon_until, created_at, updated_at)
       VALUES (@id, @input, @recurrence, @timezone, @horizonUntil, @createdAt, @updatedAt)`,
    );
    this.#updateSeries = db.prepare(
      `UPDATE event_series SET input = @input, recurrence = @recurrence, timezone = @timezone,
       horizon_until = @horizonUntil, updated_at = @updatedAt WHERE id = @id`,
    );
    this.#getSeries = db.prepare<[string], SeriesRow>("SELECT * FROM event_series WHERE id = ?");
    this.#deleteSeries = db.prepare("UPDATE event_series SET deleted_at = ? WHERE id = ?");
    this.#liveSeries = db.prepare<[], SeriesRow>("SELECT * FROM event_series WHERE deleted_at IS NULL ORDER BY created_at");
  }

  insert(event: CantineEvent): void {
    this.#insert.run(toRow(event));
    this.#insertTags(event); // a new row has no tag rows to remove
  }

  update(event: CantineEvent): void {
    this.#update.run(toRow(event));
    this.#deleteTags.run(event.id);
    this.#insertTags(event);
  }

  get(id: string): Stored<CantineEvent> | undefined {
    const row = this.#get.get(id);
    return row && { value: toEvent(row), deletedAt: row.deleted_at };
  }

  getByApId(apId: string): Stored<CantineEvent> | undefined {
    const row = this.#getByApId.get(apId);
    return row && { value: toEvent(row), deletedAt: row.deleted_at };
  }

  markDeleted(id: string, at: string): void {
    this.#delete.run(at, id);
    this.#deleteTags.run(id);
  }

  query(query: EventQuery): { items: CantineEvent[]; total: number } {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (query.status) where.push("e.status = @status"), (params.status = query.status);
    if (query.local !== undefined) where.push("e.local = @local"), (params.local = query.local ? 1 : 0);
    if (query.q) {
      where.push("(e.title LIKE @q ESCAPE '\\' OR e.description_html LIKE @q ESCAPE '\\' OR e.organizer LIKE @q ESCAPE '\\')");
      params.q = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    }
    if (query.actorIds) {
      query.actorIds.forEach((actorId, i) => (params[`actor${i}`] = actorId));
      where.push(`e.actor_id IN (${query.actorIds.map((_, i) => `@actor${i}`).join(", ") || "NULL"})`);
    }
    // A tag's window is read from the tag's own rows (migration 016), which hold live events only;
    // its events are read only for other filters, or once on the page.
    const tagged = Boolean(query.tag);
    const withEvents = where.length > 0;
    if (!tagged || withEvents) where.unshift("e.deleted_at IS NULL");
    // The window in parts, each an index range (events of usual length by start, long ones by
    // end), read as the calendar reads it.
    const window = query.tag ? tagWindowParts(query.tag, query, params, withEvents) : windowParts(query, params);
    const parts = window.map((part) => `FROM ${part.events} WHERE ${[...where, part.where].join(" AND ")}`);
    const rows = this.#statement(
      `WITH page AS (${pageSql(parts, tagged)})
       SELECT ${eventColumns
         .split(",")
         .map((c) => `e.${c.trim()}`)
         .join(", ")}, e.deleted_at
       FROM page JOIN events e ON ${pageJoin(tagged)} ORDER BY page.s, page.i`,
    ).all({ ...params, limit: query.limit, offset: query.offset }) as EventRow[];
    // Counted only when asked: a feed or a collection page may not need it.
    let total: number | undefined;
    const count = () => (this.#statement(countSql(parts)).get(params) as { n: number }).n;
    return {
      items: rows.map(toEvent),
      get total() {
        return (total ??= totalOf(query, rows.length, count));
      },
    };
  }

  occurrences(seriesId: string): CantineEvent[] {
    return this.#occurrences.all(seriesId).map(toEvent);
  }

  occurrenceDates(seriesId: string): string[] {
    return this.#occurrenceDates.all(seriesId).map((row) => row.d);
  }

  pruneRemoteEnded(before: string): number {
    return this.#prune.run(ms(before)).changes;
  }

  insertSeries(series: EventSeries): void {
    this.#insertSeries.run({ ...series, input: JSON.stringify(series.input) });
  }

  updateSeries(series: EventSeries): void {
    this.#updateSeries.run({ ...series, input: JSON.stringify(series.input) });
  }

  getSeries(id: string): Stored<EventSeries> | undefined {
    const row = this.#getSeries.get(id);
    return row && { value: toSeries(row), deletedAt: row.deleted_at };
  }

  markSeriesDeleted(id: string, at: string): void {
    this.#deleteSeries.run(at, id);
  }

  liveSeries(): EventSeries[] {
    return this.#liveSeries.all().map(toSeries);
  }

  #insertTags(event: CantineEvent): void {
    for (const tag of event.tags) this.#insertTag.run(tag, event.id);
  }

  /** Query shapes are few (one per combination of filters): prepare each once. */
  #statement(sql: string) {
    let statement = this.#statements.get(sql);
    if (!statement) this.#statements.set(sql, (statement = this.#db.prepare(sql)));
    return statement;
  }
}
