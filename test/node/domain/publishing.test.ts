import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { cancelEvent, publishEvent, updateEvent } from "../../../node/domain/events/manage-events.ts";
import { deleteSeries, extendSeriesHorizons, updateSeries } from "../../../node/domain/events/manage-series.ts";
import type { Publication } from "../../../node/domain/publishing/publication.ts";
import type { PublishingDeps } from "../../../node/domain/publishing/publishing.ts";
import { checkEventInput, eventPatch } from "../../../node/http/validate-input.ts";
import type { Db } from "../../../node/storage/db.ts";
import { openDatabase } from "../../../node/storage/db.ts";
import { migrate } from "../../../node/storage/migrate.ts";
import { sqlitePublishingDeps } from "../../helpers/publishing-deps.ts";

describe("publishing use cases on a real SQLite database", () => {
  let dir: string;
  let db: Db;
  let deps: PublishingDeps;
  let announced: Publication[];
  let clock: Date;
  let ids: number;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "cantine-publishing-"));
    db = openDatabase(join(dir, "cantine.db"));
    migrate(db);
    announced = [];
    clock = new Date("2026-11-28T10:00:00Z");
    ids = 0;
    deps = sqlitePublishingDeps(db, {
      announcer: { announce: (p) => void announced.push(...p), flushPending: async () => 0 },
      now: () => clock,
      newId: () => `id-${++ids}`,
    });
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

  it("stores an event and its announcements in one transaction, then hands them to the announcer", () => {
    const { event } = publishEvent(deps, checkEventInput({ title: "Apéro", startsAt: "2026-12-08T19:00" }));
    expect(deps.events.get(event.id)?.value.startsAt).toBe("2026-12-08T18:00:00Z");
    const pending = deps.publications.pending(10);
    expect(pending.map((p) => [p.type, p.audience])).toEqual([
      ["Create", "followers"],
      ["Announce", "instances"],
    ]);
    expect(announced.map((p) => p.seq)).toEqual(pending.map((p) => p.seq));
  });

  it("writes neither the event nor an announcement when the write fails", () => {
    publishEvent(deps, checkEventInput({ title: "First", startsAt: "2026-12-08T19:00" }));
    const [events, publications] = [count("events"), count("publications")];
    ids = 0; // the next id collides with the first event's: the insert fails inside the transaction
    expect(() => publishEvent(deps, checkEventInput({ title: "Second", startsAt: "2026-12-09T19:00" }))).toThrow(/UNIQUE/);
    expect([count("events"), count("publications")]).toEqual([events, publications]);
  });

  it("leaves an announcement pending until it is queued, so a crash before that loses nothing", () => {
    deps = { ...deps, announcer: { announce: () => {}, flushPending: async () => 0 } }; // the process dies right after commit
    publishEvent(deps, checkEventInput({ title: "Apéro", startsAt: "2026-12-08T19:00" }));
    expect(deps.publications.pending(10)).toHaveLength(2);
    const [first] = deps.publications.pending(10);
    deps.publications.markFederated(first!.seq, clock.toISOString());
    expect(deps.publications.pending(10)).toHaveLength(1);
  });

  it("gives every update a later `updated`, even within the same millisecond", () => {
    const { event } = publishEvent(deps, checkEventInput({ title: "Apéro", startsAt: "2026-12-08T19:00" }));
    const first = updateEvent(deps, event.id, eventPatch({ title: "Apéro 2" }));
    const second = cancelEvent(deps, event.id);
    expect(Date.parse(first.updatedAt)).toBeGreaterThan(Date.parse(event.updatedAt));
    expect(Date.parse(second.updatedAt)).toBeGreaterThan(Date.parse(first.updatedAt));
    expect(second.sequence).toBe(2);
  });

  it("edits a series' future occurrences, leaves an occurrence edited alone, and extends the horizon", () => {
    const created = publishEvent(
      deps,
      checkEventInput({
        title: "Mardis du code",
        startsAt: "2026-12-01T19:00",
        endsAt: "2026-12-01T21:00",
        recurrence: "FREQ=WEEKLY;BYDAY=TU",
      }),
    );
    const series = created.series!;
    const occurrences = series.occurrences;
    expect(occurrences.length).toBe(13); // Tuesdays within 90 days of 28 November
    expect(new Set(occurrences.map((o) => o.startsAt.slice(11, 16)))).toEqual(new Set(["18:00"])); // 19:00 in Paris, winter time
    updateEvent(deps, occurrences[2]!.id, eventPatch({ title: "Mardi spécial" }));

    const edited = updateSeries(
      deps,
      series.series.id,
      eventPatch({ startsAt: "2026-12-01T18:30", endsAt: "2026-12-01T20:30", title: "Mardis du code (18 h 30)" }),
    );
    const byId = new Map(edited.occurrences.map((o) => [o.id, o]));
    expect(byId.get(occurrences[2]!.id)?.title).toBe("Mardi spécial");
    expect(byId.get(occurrences[3]!.id)).toMatchObject({ title: "Mardis du code (18 h 30)", startsAt: "2026-12-22T17:30:00Z" });

    clock = new Date("2027-01-20T10:00:00Z");
    expect(extendSeriesHorizons(deps)).toMatchObject({ created: 7, failed: [] });
    const dates = deps.events.occurrenceDates(series.series.id);
    expect(dates).toContain("2027-04-13"); // first Tuesdays of the new horizon, after the March DST change
    const april = deps.events.occurrences(series.series.id).find((o) => o.occurrenceDate === "2027-04-13");
    expect(april?.startsAt).toBe("2027-04-13T16:30:00Z"); // 18:30 in Paris, summer time

    deleteSeries(deps, series.series.id);
    expect(deps.events.occurrences(series.series.id).filter((o) => Date.parse(o.startsAt) >= clock.getTime())).toEqual([]);
  });
});
