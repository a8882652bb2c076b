import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { publishEvent } from "../../../node/domain/events/manage-events.ts";
import { extendSeriesHorizons } from "../../../node/domain/events/manage-series.ts";
import type { PublishingDeps } from "../../../node/domain/publishing/publishing.ts";
import { checkEventInput } from "../../../node/http/validate-input.ts";
import type { Db } from "../../../node/storage/db.ts";
import { openDatabase } from "../../../node/storage/db.ts";
import { migrate } from "../../../node/storage/migrate.ts";
import { sqlitePublishingDeps } from "../../helpers/publishing-deps.ts";

describe("the daily series job on a real SQLite database", () => {
  let dir: string;
  let db: Db;
  let deps: PublishingDeps;
  let clock: Date;
  let ids: number;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "cantine-series-"));
    db = openDatabase(join(dir, "cantine.db"));
    migrate(db);
    clock = new Date("2026-11-28T10:00:00Z");
    ids = 0;
    deps = sqlitePublishingDeps(db, {
      now: () => clock,
      newId: () => `id-${++ids}`,
    });
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const firstDays = { TU: "2026-12-01", WE: "2026-12-02", TH: "2026-12-03" };
  const weekly = (title: string, day: keyof typeof firstDays) =>
    publishEvent(deps, checkEventInput({ title, startsAt: `${firstDays[day]}T19:00`, recurrence: `FREQ=WEEKLY;BYDAY=${day}` })).series!.series.id;

  it("extends every other series when one no longer normalises, and names the broken one and why", () => {
    const tuesdays = weekly("Mardis du code", "TU");
    const broken = weekly("Mercredis", "WE");
    const thursdays = weekly("Jeudis", "TH");
    // A stored input that today's rules refuse (here a zone that does not exist)
    const input = JSON.parse((db.prepare("SELECT input FROM event_series WHERE id = ?").get(broken) as { input: string }).input);
    db.prepare("UPDATE event_series SET input = ? WHERE id = ?").run(JSON.stringify({ ...input, timezone: "Europe/Atlantis" }), broken);
    const countOf = (id: string) => deps.events.occurrenceDates(id).length;
    const counts = [countOf(tuesdays), countOf(broken), countOf(thursdays)];

    clock = new Date("2027-01-20T10:00:00Z");
    const report = extendSeriesHorizons(deps);

    expect(report.failed).toEqual([{ seriesId: broken, reason: expect.stringMatching(/^timezone /) }]);
    expect(deps.events.occurrenceDates(tuesdays)).toContain("2027-04-13");
    expect(deps.events.occurrenceDates(thursdays)).toContain("2027-04-15");
    expect(countOf(broken)).toBe(counts[1]);
    expect(report.created).toBe(countOf(tuesdays) - counts[0]! + countOf(thursdays) - counts[2]!);
  });

  it("leaves a failed series' horizon where it was, so that it is tried again the next day", () => {
    const broken = weekly("Mercredis", "WE");
    const horizonBefore = deps.events.getSeries(broken)?.value.horizonUntil;
    db.prepare("UPDATE event_series SET input = json_set(input, '$.recurrence', 'FREQ=YEARLY') WHERE id = ?").run(broken);
    clock = new Date("2027-01-20T10:00:00Z");
    expect(extendSeriesHorizons(deps)).toEqual({ created: 0, failed: [{ seriesId: broken, reason: expect.stringMatching(/^recurrence /) }] });
    expect(deps.events.getSeries(broken)?.value.horizonUntil).toBe(horizonBefore);
  });
});
