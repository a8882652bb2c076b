import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { SqliteKvStore } from "../../../federation/kv.ts";
import { SqliteMessageQueue } from "../../../federation/queue.ts";
import type { CantineEvent } from "../../../node/domain/events/event.ts";
import type { Project } from "../../../node/domain/projects/project.ts";
import { SqliteCalendarStore } from "../../../node/storage/calendar-store.ts";
import { SqliteCantineStore } from "../../../node/storage/cantine-store.ts";
import type { Db } from "../../../node/storage/db.ts";
import { openDatabase } from "../../../node/storage/db.ts";
import { SqliteEventStore } from "../../../node/storage/event-store.ts";
import { migrate } from "../../../node/storage/migrate.ts";
import { SqliteProjectStore } from "../../../node/storage/project-store.ts";
import { useSqliteFile } from "./sqlite-file.ts";

describe("the calendar store's version (the key of cached calendar answers)", () => {
  let dir: string;
  let db: Db;
  let other: Db;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "cantine-calendar-"));
    db = openDatabase(join(dir, "cantine.db"));
    migrate(db);
    other = openDatabase(join(dir, "cantine.db"));
  });
  afterEach(() => {
    other.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const paris = {
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

  it("stays put while nothing is written, and moves on a write by this connection or another", () => {
    const calendar = new SqliteCalendarStore(db);
    const first = calendar.version();
    calendar.calendar({ limit: 10, offset: 0 });
    expect(calendar.version()).toBe(first);

    new SqliteCantineStore(db).upsertLocal(paris);
    const second = calendar.version();
    expect(second).not.toBe(first);

    new SqliteCantineStore(other).upsertLocal({ ...paris, name: "Paris (renamed by the CLI)" });
    expect(calendar.version()).not.toBe(second);
  });

  it("does not move when the node federates: key-value and queue writes leave cached answers valid", async () => {
    const calendar = new SqliteCalendarStore(db);
    new SqliteCantineStore(db).upsertLocal(paris);
    const before = calendar.version();
    const kv = new SqliteKvStore(db);
    await kv.set(["fedify", "remote-document", "https://example.org/actor"], { cached: true });
    await new SqliteMessageQueue(db, { name: "outbox" }).enqueue({ type: "delivery" });
    kv.close();
    expect(calendar.version()).toBe(before);
  });
});

const cantine = (slug: string, city: string, local = false) => ({
  actorId: `https://${slug}.example/users/${slug}`,
  local,
  handle: `${slug}@${slug}.example`,
  name: slug,
  city,
  country: null,
  timezone: null,
  url: null,
  icon: null,
  actorType: "Organization",
});

const stamps = { publishedAt: "2030-01-01T00:00:00.000Z", updatedAt: "2030-01-01T00:00:00.000Z", sequence: 0 };

function event(id: string, actorId: string, startsAt: string, overrides: Partial<CantineEvent> = {}): CantineEvent {
  const fields = { description: null, descriptionHtml: "", endsAt: null, timezone: "UTC", allDay: false, location: null, organizer: null, tags: [] };
  const more = {
    image: null,
    language: null,
    status: "scheduled" as const,
    capacity: null,
    registrationUrl: null,
    category: null,
    seriesId: null,
    detached: false,
  };
  return { id, apId: `${actorId}/e/${id}`, url: `${actorId}/e/${id}`, local: false, actorId, title: id, startsAt, ...fields, ...more, ...stamps, ...overrides };
}

function project(id: string, actorId: string, publishedAt: string, overrides: Partial<Project> = {}): Project {
  const fields = { description: null, descriptionHtml: "", stage: "idea", lookingFor: [], cities: [], tags: [], links: [], contact: null, language: null };
  return {
    id,
    apId: `${actorId}/p/${id}`,
    url: `${actorId}/p/${id}`,
    local: false,
    actorId,
    title: id,
    summary: "s",
    ...fields,
    ...stamps,
    publishedAt,
    ...overrides,
  };
}

describe("the calendar store: who each entry comes from, the board, and the version", () => {
  const sqlite = useSqliteFile();
  const paris = cantine("paris", "Paris", true);
  const rome = cantine("rome", "Rome");
  const sf = cantine("sf", "San Francisco");
  let calendar: SqliteCalendarStore;
  let events: SqliteEventStore;
  let projects: SqliteProjectStore;
  beforeEach(() => {
    calendar = new SqliteCalendarStore(sqlite.db);
    events = new SqliteEventStore(sqlite.db);
    projects = new SqliteProjectStore(sqlite.db);
    const cantines = new SqliteCantineStore(sqlite.db);
    cantines.upsertLocal(paris);
    for (const c of [rome, sf]) cantines.upsertProfile({ ...c, inbox: `${c.actorId}/inbox`, sharedInbox: null, outbox: null });
  });
  const page = { limit: 10, offset: 0 };

  it("names each event's cantine and who relayed it; an author it does not know is named by host", () => {
    events.insert(event("ours", paris.actorId, "2030-03-01T18:00:00Z", { local: true }));
    events.insert(event("relayed", rome.actorId, "2030-03-02T18:00:00Z", { viaActorId: sf.actorId }));
    events.insert(event("stranger", "https://far.example/users/x", "2030-03-03T18:00:00Z"));
    const entries = calendar.calendar(page).entries;
    expect(entries.map((e) => [e.event.id, e.source.name, e.source.local, e.via?.name ?? null])).toEqual([
      ["ours", "paris", true, null],
      ["relayed", "rome", false, "sf"],
      ["stranger", "far.example", false, null],
    ]);
    expect(entries[0]!.source).toEqual(paris);
  });

  it("counts what it would list, and can keep to the events that begin in the window, or to all-day or timed ones", () => {
    events.insert(event("under-way", rome.actorId, "2030-03-01T22:00:00Z", { endsAt: "2030-03-02T02:00:00Z", tags: ["jazz"] }));
    events.insert(event("morning", rome.actorId, "2030-03-02T09:00:00Z", { tags: ["jazz"] }));
    events.insert(event("all-day", sf.actorId, "2030-03-02T08:00:00Z", { allDay: true, timezone: "America/Los_Angeles", endsAt: "2030-03-03T08:00:00Z" }));
    events.insert(event("next-day", rome.actorId, "2030-03-03T09:00:00Z", { tags: ["jazz"] }));
    const day = { from: "2030-03-02T00:00:00Z", to: "2030-03-03T00:00:00Z" };
    const ids = (query: Parameters<SqliteCalendarStore["calendar"]>[0]) => calendar.calendar(query).entries.map((e) => e.event.id);
    expect(ids({ ...page, ...day })).toEqual(["under-way", "all-day", "morning"]);
    expect(calendar.count(day)).toBe(3);
    expect(ids({ ...page, ...day, startsWithin: true })).toEqual(["all-day", "morning"]);
    expect(calendar.count({ ...day, startsWithin: true })).toBe(2);
    expect(calendar.count({ ...day, startsWithin: true, allDay: false })).toBe(1);
    expect(ids({ ...page, ...day, startsWithin: true, allDay: true })).toEqual(["all-day"]);
    // Over a tag's own rows, and with other filters joined to the events.
    expect(calendar.count({ ...day, tag: "jazz" })).toBe(2);
    expect(calendar.count({ ...day, tag: "jazz", startsWithin: true })).toBe(1);
    expect(calendar.count({ ...day, tag: "jazz", startsWithin: true, city: "rome" })).toBe(1);
    expect(calendar.count({ ...day, tag: "jazz", startsWithin: true, city: "paris" })).toBe(0);
    expect(calendar.count({ from: day.from, startsWithin: true })).toBe(3);
    expect(calendar.count({})).toBe(4);
  });

  it("keeps no stale total: a count asked again follows every write, hiding included", () => {
    const month = { from: "2030-03-01T00:00:00Z", to: "2030-04-01T00:00:00Z" };
    events.insert(event("one", rome.actorId, "2030-03-02T18:00:00Z"));
    expect(calendar.count(month)).toBe(1);
    expect(calendar.calendar({ ...month, limit: 1, offset: 1 }).total).toBe(1);
    events.insert(event("two", sf.actorId, "2030-03-03T18:00:00Z"));
    expect(calendar.count(month)).toBe(2);
    expect(calendar.calendar({ ...month, limit: 1, offset: 0 }).total).toBe(2);
    sqlite.db.prepare("UPDATE events SET hidden = 1 WHERE id = 'two'").run();
    expect(calendar.count(month)).toBe(1);
  });

  it("names an event's cantine as it is now: a renamed cantine, or one learnt later, shows on the next read", () => {
    events.insert(event("r", rome.actorId, "2030-03-02T18:00:00Z", { viaActorId: "https://relay.example/actor" }));
    const first = calendar.calendar(page).entries[0]!;
    expect([first.source.name, first.via]).toEqual(["rome", null]);
    const cantines = new SqliteCantineStore(sqlite.db);
    cantines.upsertProfile({ ...rome, name: "Cantina Roma", inbox: `${rome.actorId}/inbox`, sharedInbox: null, outbox: null });
    cantines.upsertProfile({
      ...cantine("relay", "Lyon"),
      actorId: "https://relay.example/actor",
      inbox: "https://relay.example/inbox",
      sharedInbox: null,
      outbox: null,
    });
    const again = calendar.calendar(page).entries[0]!;
    expect([again.source.name, again.via?.name]).toEqual(["Cantina Roma", "relay"]);
  });

  it("shows every event as it is now, changed through this connection or another, hidden or deleted", () => {
    const one = event("one", rome.actorId, "2030-03-02T18:00:00Z");
    events.insert(one);
    events.insert(event("two", sf.actorId, "2030-03-03T18:00:00Z"));
    const titles = () => calendar.calendar(page).entries.map((e) => e.event.title);
    expect(titles()).toEqual(["one", "two"]);
    events.update({ ...one, title: "one, renamed", updatedAt: "2030-01-02T00:00:00.000Z" });
    expect(titles()).toEqual(["one, renamed", "two"]);
    const other = openDatabase(sqlite.file);
    try {
      other.prepare("UPDATE events SET title = 'two, by the CLI' WHERE id = 'two'").run();
      expect(titles()).toEqual(["one, renamed", "two, by the CLI"]);
      other.prepare("UPDATE events SET hidden = 1 WHERE id = 'two'").run();
      expect(titles()).toEqual(["one, renamed"]);
    } finally {
      other.close();
    }
    events.markDeleted("one", "2030-01-03T00:00:00.000Z");
    expect(titles()).toEqual([]);
  });

  it("filters by city whatever its case, and by text in the cantine's name too", () => {
    events.insert(event("r", rome.actorId, "2030-03-02T18:00:00Z"));
    events.insert(event("s", sf.actorId, "2030-03-03T18:00:00Z"));
    expect(calendar.calendar({ ...page, city: "ROME" }).entries.map((e) => e.event.id)).toEqual(["r"]);
    expect(calendar.calendar({ ...page, q: "sf" }).entries.map((e) => e.event.id)).toEqual(["s"]);
  });

  it("shows the board newest first with its total, by city (the cantine's or the project's own), tag, text and cantine", () => {
    projects.insert(project("old", rome.actorId, "2030-01-01T00:00:00.000Z", { tags: ["Arte"] }));
    projects.insert(project("new", sf.actorId, "2030-02-01T00:00:00.000Z", { cities: ["Rome"], title: "Ponte 100%" }));
    projects.insert(project("ours", paris.actorId, "2030-01-15T00:00:00.000Z", { local: true }));
    projects.insert(project("gone", rome.actorId, "2030-03-01T00:00:00.000Z"));
    projects.markDeleted("gone", "2030-03-02T00:00:00.000Z");
    const ids = (query: Parameters<SqliteCalendarStore["board"]>[0]) => calendar.board(query).entries.map((e) => e.project.id);
    expect(ids(page)).toEqual(["new", "ours", "old"]);
    expect(calendar.board({ limit: 1, offset: 1 })).toMatchObject({ total: 3, entries: [{ project: { id: "ours" }, source: { name: "paris" } }] });
    expect(calendar.board({ limit: 1, offset: 5 })).toEqual({ total: 0, entries: [] });
    expect(ids({ ...page, city: "rome" })).toEqual(["new", "old"]);
    expect(ids({ ...page, tag: "arte" })).toEqual(["old"]);
    expect(ids({ ...page, q: "100%" })).toEqual(["new"]);
    expect(ids({ ...page, actorId: paris.actorId })).toEqual(["ours"]);
  });

  it("moves its version on every write of an event or project", () => {
    const versions = [calendar.version()];
    events.insert(event("e", rome.actorId, "2030-03-02T18:00:00Z"));
    versions.push(calendar.version());
    // A change of tags alone (their rows move no version of their own: the event's row does).
    const retagged = () => calendar.calendar({ limit: 10, offset: 0, tag: "retagged" }).entries.map((entry) => entry.event.id);
    expect(retagged()).toEqual([]);
    events.update({ ...events.get("e")!.value, tags: ["retagged"] });
    versions.push(calendar.version());
    expect(retagged()).toEqual(["e"]);
    events.markDeleted("e", "2030-03-01T00:00:00.000Z");
    versions.push(calendar.version());
    projects.insert(project("p", rome.actorId, "2030-01-01T00:00:00.000Z"));
    versions.push(calendar.version());
    projects.update(project("p", rome.actorId, "2030-01-01T00:00:00.000Z", { title: "renamed" }));
    versions.push(calendar.version());
    expect(new Set(versions).size).toBe(versions.length);
  });
});
