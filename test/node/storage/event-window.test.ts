// Which events a time window holds, on a real SQLite file: its edges, events of any length
// (a two-month exhibition stays in the calendar while it is on), all-day events, paging across
// the two index paths, and the prune job, which forgets by end. Times count from now.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import type { CantineEvent } from "../../../node/domain/events/event.ts";
import type { Cantine } from "../../../node/domain/network/cantines.ts";
import { SqliteCalendarStore } from "../../../node/storage/calendar-store.ts";
import { SqliteCantineStore } from "../../../node/storage/cantine-store.ts";
import type { Db } from "../../../node/storage/db.ts";
import { openDatabase } from "../../../node/storage/db.ts";
import { SqliteEventStore } from "../../../node/storage/event-store.ts";
import { LONG_EVENT_MS, MULTI_DAY_MS, tagWindowParts, windowParts } from "../../../node/storage/event-window.ts";
import { migrate } from "../../../node/storage/migrate.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const paris: Cantine = {
  actorId: "https://paris.example/users/paris",
  local: true,
  handle: "paris@paris.example",
  name: "Paris",
  city: "Paris",
  country: "FR",
  timezone: "Europe/Paris",
  url: null,
  icon: null,
  actorType: "Organization",
};
const rome: Cantine = {
  actorId: "https://rome.example/federation/u/rome",
  local: false,
  handle: "rome@rome.example",
  name: "Roma",
  city: "Rome",
  country: "IT",
  timezone: null,
  url: null,
  icon: null,
  actorType: "Application",
};

// The window under test: from the start of the current hour, for a week.
const from = Math.floor(Date.now() / HOUR) * HOUR;
const to = from + 7 * DAY;
const iso = (ms: number) => new Date(ms).toISOString();
const window = { from: iso(from), to: iso(to) };

let n = 0;
function event(title: string, start: number, end: number | null, overrides: Partial<CantineEvent> = {}): CantineEvent {
  const id = `ev-${String(++n).padStart(3, "0")}`;
  const remote = overrides.local === false;
  const actorId = remote ? rome.actorId : paris.actorId;
  return {
    id,
    apId: `${new URL(actorId).origin}/events/${id}`,
    url: `${new URL(actorId).origin}/events/${id}`,
    local: !remote,
    actorId,
    title,
    description: null,
    descriptionHtml: "",
    startsAt: iso(start),
    endsAt: end === null ? null : iso(end),
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
    seriesId: null,
    detached: false,
    publishedAt: iso(from - 90 * DAY),
    updatedAt: iso(from - 90 * DAY),
    sequence: 0,
    ...overrides,
  };
}

describe("the time window of the calendar and event queries", () => {
  let dir: string;
  let db: Db;
  let events: SqliteEventStore;
  let calendar: SqliteCalendarStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "cantine-window-"));
    db = openDatabase(join(dir, "cantine.db"));
    migrate(db);
    events = new SqliteEventStore(db);
    calendar = new SqliteCalendarStore(db);
    const cantines = new SqliteCantineStore(db);
    cantines.upsertLocal(paris);
    cantines.upsertProfile({ ...rome, inbox: `${rome.actorId}/inbox`, sharedInbox: null, outbox: null });
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const remote = { local: false } as const;
  const titles = (entries: { event: CantineEvent }[]) => entries.map((entry) => entry.event.title);
  const all = (query: Parameters<SqliteCalendarStore["calendar"]>[0]) => calendar.calendar(query);

  it("holds what is on between from and to, whatever its length, and nothing else", () => {
    const inside = [
      event("starts at from, no end", from, null),
      event("started before from, ends just after it", from - 2 * HOUR, from + 1),
      event("short, started before, ends inside", from - 3 * HOUR, from + HOUR),
      event("starts just before to", to - 60_000, to + HOUR),
      event("exhibition of 60 days, opened 40 days ago", from - 40 * DAY, from + 20 * DAY, remote),
      event("long, started before, ends inside", from - 50 * DAY, from + 3 * DAY, remote),
      event("long, spanning the whole window", from - 10 * DAY, to + 30 * DAY, remote),
      event("started exactly 31 days before from", from - LONG_EVENT_MS, from + HOUR, remote),
      event("started 31 days and 1 ms before from", from - LONG_EVENT_MS - 1, from + HOUR, remote),
      event("started exactly a day before from", from - MULTI_DAY_MS, from + HOUR),
      event("started a day and 1 ms before from", from - MULTI_DAY_MS - 1, from + HOUR),
      event("three-day conference, opened yesterday morning", from - 30 * HOUR, from + 42 * HOUR),
    ];
    const outside = [
      event("ended exactly at from", from - 2 * HOUR, from),
      event("starts exactly at to", to, to + 2 * HOUR),
      event("instant before from", from - 1, null),
      event("long, ended exactly at from", from - 60 * DAY, from, remote),
      event("long, ended 10 days ago", from - 100 * DAY, from - 10 * DAY, remote),
      event("long, starts after to", to + DAY, to + 60 * DAY, remote),
      event("two days, ended exactly at from", from - 2 * DAY, from),
      event("day-long, ended just before from", from - DAY - 1, from - 1),
    ];
    const deleted = event("long but deleted", from - 40 * DAY, from + 20 * DAY, remote);
    for (const e of [...inside, ...outside, deleted]) events.insert(e);
    events.markDeleted(deleted.id, iso(from));

    const byStart = [...inside].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || a.id.localeCompare(b.id)).map((e) => e.title);
    const found = all({ ...window, limit: 100, offset: 0 });
    expect(titles(found.entries)).toEqual(byStart);
    expect(found.total).toBe(inside.length);
    // The local events' query reads the same window.
    expect(events.query({ ...window, limit: 100, offset: 0 }).items.map((e) => e.title)).toEqual(byStart);
    // Without `to` the same, plus what starts later.
    expect(titles(all({ from: iso(from), limit: 100, offset: 0 }).entries)).toEqual([...byStart, "starts exactly at to", "long, starts after to"]);
  });

  it("keeps all-day events on their days: the exclusive midnight end is not the next day", () => {
    const midnight = from - 5 * HOUR; // any instant stands for a local midnight here
    events.insert(event("all-day, yesterday", midnight - DAY, midnight, { allDay: true }));
    events.insert(event("all-day, today and tomorrow", midnight, midnight + 2 * DAY, { allDay: true }));
    events.insert(event("all-day festival of 45 days", midnight - 40 * DAY, midnight + 5 * DAY, { ...remote, allDay: true }));
    const day = { from: iso(midnight), to: iso(midnight + DAY) };
    expect(titles(all({ ...day, limit: 10, offset: 0 }).entries)).toEqual(["all-day festival of 45 days", "all-day, today and tomorrow"]);
    const dayBefore = { from: iso(midnight - DAY), to: iso(midnight) };
    expect(titles(all({ ...dayBefore, limit: 10, offset: 0 }).entries)).toEqual(["all-day festival of 45 days", "all-day, yesterday"]);
  });

  it("pages across long and usual events without losing or repeating one, with the right total", () => {
    for (let i = 0; i < 5; i++) events.insert(event(`long ${i}`, from - (60 - i) * DAY, from + (10 + i) * DAY, remote));
    for (let i = 0; i < 8; i++) events.insert(event(`usual ${i}`, from + i * HOUR, from + i * HOUR + HOUR, i % 2 ? remote : {}));
    // Two events at the same start: ordered by id.
    events.insert(event("usual 8 (same start as usual 7)", from + 7 * HOUR, null));
    const everything = titles(all({ ...window, limit: 100, offset: 0 }).entries);
    expect(everything).toHaveLength(14);
    expect(everything.slice(0, 5)).toEqual(["long 0", "long 1", "long 2", "long 3", "long 4"]);
    for (const size of [1, 3, 4, 5, 6]) {
      const pages: string[] = [];
      for (let offset = 0; offset < 20; offset += size) {
        const page = all({ ...window, limit: size, offset });
        expect(page.total).toBe(14);
        pages.push(...titles(page.entries));
      }
      expect(pages).toEqual(everything);
      const local = [];
      for (let offset = 0; offset < 20; offset += size) {
        const page = events.query({ ...window, limit: size, offset });
        expect(page.total).toBe(14);
        local.push(...page.items.map((e) => e.title));
      }
      expect(local).toEqual(everything);
    }
    expect(all({ ...window, limit: 5, offset: 100 })).toEqual({ total: 14, entries: [] });
  });

  it("applies the filters to long events too: cantine, city, status, text, tag; and lists their city", () => {
    events.insert(event("Mostra", from - 40 * DAY, from + 20 * DAY, { ...remote, tags: ["arte"] }));
    events.insert(event("Vernissage", from + DAY, from + DAY + 2 * HOUR));
    events.insert(event("Chiusa", from - 40 * DAY, from + 20 * DAY, { ...remote, status: "cancelled" }));
    const page = { ...window, limit: 10, offset: 0 };
    expect(titles(all({ ...page, actorId: rome.actorId }).entries)).toEqual(["Mostra", "Chiusa"]);
    expect(titles(all({ ...page, city: "rome", status: "scheduled" }).entries)).toEqual(["Mostra"]);
    expect(titles(all({ ...page, q: "ostr" }).entries)).toEqual(["Mostra"]);
    expect(titles(all({ ...page, tag: "arte" }).entries)).toEqual(["Mostra"]);
    expect(events.query({ ...page, local: false, actorIds: [rome.actorId] }).items.map((e) => e.title)).toEqual(["Mostra", "Chiusa"]);
    expect(events.query({ ...page, local: true }).items.map((e) => e.title)).toEqual(["Vernissage"]);
    // Rome's only events started long ago: it still has something on.
    expect(calendar.cities(iso(from)).map((c) => c.city)).toEqual(["Paris", "Rome"]);
    expect(calendar.cities(iso(from + 30 * DAY)).map((c) => c.city)).toEqual([]);
  });

  it("reads each part of the window through an index, never a scan of the events", () => {
    for (const query of [window, { from: window.from }, { to: window.to }]) {
      const params: Record<string, unknown> = {};
      for (const part of windowParts(query, params)) {
        const plan = (
          db.prepare(`EXPLAIN QUERY PLAN SELECT e.id FROM ${part.events} WHERE e.deleted_at IS NULL AND ${part.where}`).all(params) as { detail: string }[]
        )
          .map((row) => row.detail)
          .join("; ");
        expect(plan).toMatch(/USING (COVERING )?INDEX events_(live|multiday|long)_window/);
      }
    }
    expect(windowParts(window, {}).map((part) => part.events)).toEqual([
      "events e",
      "events e INDEXED BY events_multiday_window",
      "events e INDEXED BY events_long_window",
    ]);
  });

  it("reads a tag's window from the tag's own rows: the same events, in the same order, with its total, as times move and events go", () => {
    const tagged = { tags: ["Jazz"] };
    const shown = [
      event("exhibition of 60 days, opened 40 days ago", from - 40 * DAY, from + 20 * DAY, { ...remote, ...tagged }),
      event("started before from, ends just after it", from - 2 * HOUR, from + 1, tagged),
      event("starts at from, no end", from, null, tagged),
      event("tomorrow", from + DAY, from + DAY + HOUR, tagged),
      event("cancelled, still listed", from + 2 * DAY, null, { ...tagged, status: "cancelled" }),
    ];
    const gone = [event("ended exactly at from", from - 2 * HOUR, from, tagged), event("starts exactly at to", to, to + HOUR, tagged)];
    for (const e of [...shown, ...gone, event("untagged", from + HOUR, null)]) events.insert(e);
    const page = { ...window, limit: 2, offset: 0 };
    const pages = (query: typeof page & { tag?: string; status?: string }) =>
      [0, 2, 4].flatMap((offset) => titles(all({ ...query, offset } as typeof page).entries));
    expect(pages({ ...page, tag: "jazz" })).toEqual(shown.map((e) => e.title));
    expect(all({ ...page, tag: "JAZZ" }).total).toBe(5);
    expect(titles(all({ ...page, limit: 10, tag: "jazz", status: "cancelled" }).entries)).toEqual(["cancelled, still listed"]);
    expect(events.query({ ...page, limit: 10, tag: "jazz" }).items.map((e) => e.title)).toEqual(shown.map((e) => e.title));
    expect(events.query({ ...page, limit: 10, tag: "jazz", local: false }).items.map((e) => e.title)).toEqual([shown[0]!.title]);

    // Moved out of the window (by the store or by any other writer), deleted: the tag's rows follow.
    events.update({ ...shown[3]!, startsAt: iso(to + DAY), endsAt: null });
    db.prepare("UPDATE events SET start_ms = ?, end_ms = NULL WHERE id = ?").run(to + DAY, shown[2]!.id);
    events.markDeleted(shown[1]!.id, iso(from));
    db.prepare("UPDATE events SET deleted_at = ? WHERE id = ?").run(iso(from), shown[4]!.id);
    events.update(shown[4]!); // a late update of a deleted event gives it no tags again
    expect(titles(all({ ...page, limit: 10, tag: "jazz" }).entries)).toEqual([shown[0]!.title]);
    expect(events.query({ ...page, limit: 10, tag: "jazz", from: iso(to), to: iso(to + 2 * DAY) }).items.map((e) => e.title)).toEqual([
      shown[0]!.title,
      gone[1]!.title,
      shown[2]!.title,
      shown[3]!.title,
    ]);
  });

  it("reads each part of a tag's window through the tag's index, never a look-up of its events", () => {
    for (const query of [window, { from: window.from }, { to: window.to }]) {
      const params: Record<string, unknown> = {};
      for (const part of tagWindowParts("jazz", query, params, false)) {
        const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT t.event_id FROM ${part.events} WHERE ${part.where}`).all(params) as { detail: string }[])
          .map((row) => row.detail)
          .join("; ");
        expect(plan).toMatch(/^SEARCH t USING COVERING INDEX event_tags_(start|long) \(tag=\? AND start_ms[<>]/);
      }
    }
  });

  it("prunes remote events by their end: a long one still on stays, local ones are never pruned", () => {
    const before = iso(from - 30 * DAY);
    events.insert(event("remote, still on after 100 days", from - 100 * DAY, from + 10 * DAY, remote));
    events.insert(event("remote, ended 40 days ago", from - 41 * DAY, from - 40 * DAY, remote));
    events.insert(event("remote, no end, 40 days ago", from - 40 * DAY, null, remote));
    events.insert(event("remote, ended 20 days ago", from - 80 * DAY, from - 20 * DAY, remote));
    events.insert(event("local, ended 40 days ago", from - 41 * DAY, from - 40 * DAY));
    expect(events.pruneRemoteEnded(before)).toBe(2);
    const left = titles(all({ from: iso(from - 365 * DAY), limit: 10, offset: 0 }).entries);
    expect(left.sort()).toEqual(["local, ended 40 days ago", "remote, ended 20 days ago", "remote, still on after 100 days"]);
  });
});
