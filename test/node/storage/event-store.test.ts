// The event store's contract (node/domain/ports.ts EventStore) on a real SQLite file: what is
// written reads back the same, updates and tombstones, series and their occurrences, the
// filters, and the window in zones and at its edges. The window across the two index paths
// (events longer than 31 days) and the prune job are in event-window.test.ts.

import { beforeEach, describe, expect, it } from "@jest/globals";
import type { CantineEvent, EventSeries } from "../../../node/domain/events/event.ts";
import { SqliteEventStore } from "../../../node/storage/event-store.ts";
import { useSqliteFile } from "./sqlite-file.ts";

const origin = "https://paris.cantine.example";

function event(id: string, startsAt: string, overrides: Partial<CantineEvent> = {}): CantineEvent {
  return {
    id,
    apId: `${origin}/events/${id}`,
    url: `${origin}/events/${id}`,
    local: true,
    actorId: `${origin}/users/paris`,
    title: `Event ${id}`,
    description: null,
    descriptionHtml: "",
    startsAt,
    endsAt: null,
    timezone: "Europe/Paris",
    allDay: false,
    location: null,
    organizer: null,
    tags: [],
    image: null,
    language: null,
    status: "scheduled",
    capacity: null,
    registrationUrl: null,
    category: null,
    participation: null,
    seriesId: null,
    occurrenceDate: null,
    detached: false,
    publishedAt: "2030-01-01T00:00:00.000Z",
    updatedAt: "2030-01-01T00:00:00.000Z",
    sequence: 0,
    viaActorId: null,
    summary: null,
    ...overrides,
  };
}

const series = (id: string, overrides: Partial<EventSeries> = {}): EventSeries => ({
  id,
  input: { title: "Mardis du code", startsAt: "2030-01-01T19:00", recurrence: "FREQ=WEEKLY;BYDAY=TU" },
  recurrence: "FREQ=WEEKLY;BYDAY=TU",
  timezone: "Europe/Paris",
  horizonUntil: "2030-04-01T00:00:00.000Z",
  createdAt: "2030-01-01T00:00:00.000Z",
  updatedAt: "2030-01-01T00:00:00.000Z",
  ...overrides,
});

describe("the event store", () => {
  const sqlite = useSqliteFile();
  let store: SqliteEventStore;
  beforeEach(() => {
    store = new SqliteEventStore(sqlite.db);
  });
  const page = { limit: 100, offset: 0 };
  const ids = (query: Parameters<SqliteEventStore["query"]>[0]) => store.query(query).items.map((e) => e.id);

  it("reads an event back with every field, by id and by ActivityPub id", () => {
    const full = event("e1", "2030-03-05T18:00:00Z", {
      description: "**Apéro**",
      descriptionHtml: "<p><strong>Apéro</strong></p>",
      endsAt: "2030-03-05T20:00:00Z",
      location: { name: "La Cantine", address: "151 rue Montmartre", lat: 48.87, lon: 2.34 },
      organizer: "Ana",
      tags: ["fediverse", "apéro"],
      image: { url: `${origin}/media/i.webp`, alt: "Affiche" },
      language: "fr",
      capacity: 40,
      registrationUrl: "https://tickets.example/apero",
      category: "MEETING",
      participation: "external",
      publishedAt: "2030-01-02T00:00:00.000Z",
      updatedAt: "2030-01-03T00:00:00.000Z",
      sequence: 2,
    });
    store.insert(full);
    expect(store.get("e1")).toEqual({ value: full, deletedAt: null });
    expect(store.getByApId(`${origin}/events/e1`)).toEqual({ value: full, deletedAt: null });
    expect(store.get("e2")).toBeUndefined();
    expect(store.getByApId(`${origin}/events/e2`)).toBeUndefined();
  });

  it("keeps a remote event's relay and summary", () => {
    const remote = event("r1", "2030-03-05T18:00:00Z", {
      local: false,
      apId: "https://rome.example/events/1",
      url: "https://rome.example/events/1",
      actorId: "https://rome.example/users/rome",
      viaActorId: "https://sf.example/users/sf",
      summary: "Una mostra",
    });
    store.insert(remote);
    expect(store.getByApId("https://rome.example/events/1")?.value).toEqual(remote);
  });

  it("gives instants one spelling, whatever offset they were written with", () => {
    store.insert(event("e1", "2030-03-05T23:30:00+05:30", { endsAt: "2030-03-06T01:00:00.000+05:30", timezone: "Asia/Kolkata" }));
    expect(store.get("e1")?.value).toMatchObject({ startsAt: "2030-03-05T18:00:00Z", endsAt: "2030-03-05T19:30:00Z", timezone: "Asia/Kolkata" });
  });

  it("refuses a second event with the same id or the same ActivityPub id", () => {
    store.insert(event("e1", "2030-03-05T18:00:00Z"));
    expect(() => store.insert(event("e1", "2030-03-06T18:00:00Z", { apId: `${origin}/events/other` }))).toThrow(/UNIQUE|PRIMARY/);
    expect(() => store.insert(event("e2", "2030-03-06T18:00:00Z", { apId: `${origin}/events/e1` }))).toThrow(/UNIQUE/);
    expect(ids({ ...page })).toEqual(["e1"]);
  });

  it("replaces every field on update, its tags too", () => {
    store.insert(event("e1", "2030-03-05T18:00:00Z", { tags: ["old"] }));
    const changed = event("e1", "2030-03-06T18:00:00Z", {
      title: "Moved",
      tags: ["new"],
      status: "postponed",
      sequence: 1,
      updatedAt: "2030-01-05T00:00:00.000Z",
    });
    store.update(changed);
    expect(store.get("e1")?.value).toEqual(changed);
    expect(ids({ tag: "old", ...page })).toEqual([]);
    expect(ids({ tag: "new", ...page })).toEqual(["e1"]);
  });

  it("keeps a deleted event as a tombstone: found by id, gone from queries and tags", () => {
    store.insert(event("e1", "2030-03-05T18:00:00Z", { tags: ["x"] }));
    store.markDeleted("e1", "2030-02-01T00:00:00.000Z");
    expect(store.get("e1")).toMatchObject({ deletedAt: "2030-02-01T00:00:00.000Z", value: { id: "e1" } });
    expect(store.getByApId(`${origin}/events/e1`)?.deletedAt).toBe("2030-02-01T00:00:00.000Z");
    expect(ids({ ...page })).toEqual([]);
    expect(ids({ tag: "x", ...page })).toEqual([]);
    // the id is never reused
    expect(() => store.insert(event("e1", "2030-03-05T18:00:00Z", { apId: `${origin}/events/again` }))).toThrow(/UNIQUE|PRIMARY/);
  });

  it("orders by start, then id, and pages with the total", () => {
    store.insert(event("c", "2030-03-05T18:00:00Z"));
    store.insert(event("a", "2030-03-06T18:00:00Z"));
    store.insert(event("b", "2030-03-05T18:00:00Z"));
    store.insert(event("d", "2030-03-04T18:00:00Z"));
    expect(ids({ ...page })).toEqual(["d", "b", "c", "a"]);
    expect(store.query({ limit: 2, offset: 1 })).toMatchObject({ total: 4, items: [{ id: "b" }, { id: "c" }] });
    expect(store.query({ limit: 2, offset: 4 })).toEqual({ total: 4, items: [] });
  });

  it("filters by status, origin, tag (any case), author and text, taking % and _ literally", () => {
    const rome = "https://rome.example/users/rome";
    store.insert(event("a", "2030-03-05T18:00:00Z", { title: "Apéro 100% libre", tags: ["Fediverse"] }));
    store.insert(event("b", "2030-03-06T18:00:00Z", { title: "Apéro 100 libre", status: "cancelled" }));
    store.insert(event("c", "2030-03-07T18:00:00Z", { local: false, actorId: rome, apId: "https://rome.example/e/c", organizer: "snake_case" }));
    store.insert(event("d", "2030-03-08T18:00:00Z", { descriptionHtml: "<p>snakeXcase</p>" }));
    expect(ids({ status: "cancelled", ...page })).toEqual(["b"]);
    expect(ids({ local: false, ...page })).toEqual(["c"]);
    expect(ids({ local: true, ...page })).toEqual(["a", "b", "d"]);
    expect(ids({ tag: "fediverse", ...page })).toEqual(["a"]);
    expect(ids({ actorIds: [rome], ...page })).toEqual(["c"]);
    expect(ids({ actorIds: [], ...page })).toEqual([]);
    expect(ids({ q: "100%", ...page })).toEqual(["a"]);
    expect(ids({ q: "snake_case", ...page })).toEqual(["c"]);
    expect(ids({ q: "apéro", ...page })).toEqual(["a", "b"]);
  });

  it("reads the window by instants, whatever the events' zones, half-open at both ends", () => {
    // Thursday 5 March 2030, one UTC day; the same evening in three zones
    store.insert(event("kolkata", "2030-03-05T23:30:00+05:30", { timezone: "Asia/Kolkata", endsAt: "2030-03-06T01:00:00+05:30" })); // 18:00Z
    store.insert(event("la", "2030-03-04T18:00:00-08:00", { timezone: "America/Los_Angeles" })); // 02:00Z on the 5th
    store.insert(event("late-la", "2030-03-05T16:00:00-08:00", { timezone: "America/Los_Angeles" })); // 00:00Z on the 6th
    store.insert(event("fixed", "2030-03-05T00:00:00+01:00", { timezone: "+01:00", endsAt: "2030-03-05T01:00:00+01:00" })); // ends 00:00Z
    const day = { from: "2030-03-05T00:00:00Z", to: "2030-03-06T00:00:00Z", ...page };
    expect(ids(day)).toEqual(["la", "kolkata"]);
    expect(store.get("fixed")?.value.timezone).toBe("+01:00");
    // only `to`: everything that starts before it
    expect(ids({ to: "2030-03-06T00:00:00Z", ...page })).toEqual(["fixed", "la", "kolkata"]);
  });

  it("holds an all-day event on its local days only: its exclusive end is the next local midnight", () => {
    // 5 and 6 March in Auckland (UTC+13 in March): 4 March 11:00Z to 6 March 11:00Z
    store.insert(event("weekend", "2030-03-04T11:00:00Z", { allDay: true, endsAt: "2030-03-06T11:00:00Z", timezone: "Pacific/Auckland" }));
    expect(ids({ from: "2030-03-06T11:00:00Z", to: "2030-03-07T11:00:00Z", ...page })).toEqual([]);
    expect(ids({ from: "2030-03-05T11:00:00Z", to: "2030-03-06T11:00:00Z", ...page })).toEqual(["weekend"]);
    expect(ids({ from: "2030-03-03T11:00:00Z", to: "2030-03-04T11:00:00Z", ...page })).toEqual([]);
  });

  it("finds an event longer than 31 days when only its middle is in the window, with `to` alone too", () => {
    store.insert(event("season", "2030-01-01T00:00:00Z", { endsAt: "2030-06-30T00:00:00Z", local: false, apId: "https://rome.example/e/s" }));
    expect(ids({ from: "2030-03-05T00:00:00Z", to: "2030-03-06T00:00:00Z", ...page })).toEqual(["season"]);
    expect(ids({ from: "2030-06-30T00:00:00Z", ...page })).toEqual([]);
    expect(ids({ to: "2030-01-01T00:00:00.001Z", ...page })).toEqual(["season"]);
    expect(ids({ to: "2030-01-01T00:00:00Z", ...page })).toEqual([]);
  });

  describe("series", () => {
    it("reads a series back, updates it, and ends it", () => {
      store.insertSeries(series("s1"));
      expect(store.getSeries("s1")).toEqual({ value: series("s1"), deletedAt: null });
      const moved = series("s1", { horizonUntil: "2030-05-01T00:00:00.000Z", recurrence: "FREQ=WEEKLY;BYDAY=WE", updatedAt: "2030-01-02T00:00:00.000Z" });
      store.updateSeries(moved);
      expect(store.getSeries("s1")?.value).toEqual(moved);
      store.markSeriesDeleted("s1", "2030-02-01T00:00:00.000Z");
      expect(store.getSeries("s1")?.deletedAt).toBe("2030-02-01T00:00:00.000Z");
      expect(store.getSeries("none")).toBeUndefined();
      expect(() => store.insertSeries(series("s1"))).toThrow(/UNIQUE|PRIMARY/);
    });

    it("lists live series in the order they were created", () => {
      store.insertSeries(series("late", { createdAt: "2030-01-03T00:00:00.000Z" }));
      store.insertSeries(series("early", { createdAt: "2030-01-01T00:00:00.000Z" }));
      store.insertSeries(series("ended", { createdAt: "2030-01-02T00:00:00.000Z" }));
      store.markSeriesDeleted("ended", "2030-02-01T00:00:00.000Z");
      expect(store.liveSeries().map((s) => s.id)).toEqual(["early", "late"]);
    });

    it("lists live occurrences by start, and remembers every date ever made, deleted ones included", () => {
      const occurrence = (id: string, date: string) => event(id, `${date}T18:00:00Z`, { seriesId: "s1", occurrenceDate: date });
      store.insertSeries(series("s1"));
      store.insert(occurrence("o2", "2030-01-08"));
      store.insert(occurrence("o1", "2030-01-01"));
      store.insert(occurrence("o3", "2030-01-15"));
      store.insert(event("alone", "2030-01-02T18:00:00Z"));
      store.markDeleted("o2", "2030-01-05T00:00:00.000Z");
      expect(store.occurrences("s1").map((e) => e.id)).toEqual(["o1", "o3"]);
      expect(store.occurrenceDates("s1").sort()).toEqual(["2030-01-01", "2030-01-08", "2030-01-15"]);
      expect(store.occurrences("none")).toEqual([]);
      // one occurrence per date: the job that extends a series cannot make a date twice
      expect(() => store.insert(occurrence("o4", "2030-01-08"))).toThrow(/UNIQUE/);
    });
  });
});
