// Our series in iCalendar, read back by ical.js: one recurring VEVENT whose expansion gives the
// dates we store, overrides for occurrences edited or cancelled alone, EXDATE for deleted ones.
// The series are made by the real use cases on a real SQLite file, with an injected clock.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import ICAL from "ical.js";
import type { CantineEvent } from "../../../node/domain/events/event.ts";
import { cancelEvent, deleteEvent, publishEvent, updateEvent } from "../../../node/domain/events/manage-events.ts";
import { updateSeries } from "../../../node/domain/events/manage-series.ts";
import type { CalendarEntry, Cantine } from "../../../node/domain/network/cantines.ts";
import type { PublishingDeps } from "../../../node/domain/publishing/publishing.ts";
import { renderCalendar } from "../../../node/http/feeds/ics.ts";
import type { SeriesRule } from "../../../node/http/feeds/ics-series.ts";
import { seriesRuleOf } from "../../../node/http/feeds/ics-series.ts";
import { checkEventInput, eventPatch } from "../../../node/http/validate-input.ts";
import type { Db } from "../../../node/storage/db.ts";
import { openDatabase } from "../../../node/storage/db.ts";
import { migrate } from "../../../node/storage/migrate.ts";
import { sqlitePublishingDeps, TEST_ORIGIN } from "../../helpers/publishing-deps.ts";

const origin = TEST_ORIGIN;
const paris: Cantine = {
  actorId: `${origin}/users/paris`,
  local: true,
  handle: "paris@paris.cantine.example",
  name: "La Cantine",
  city: "Paris",
  country: "FR",
  timezone: "Europe/Paris",
  url: `${origin}/users/paris`,
  icon: null,
  actorType: "Organization",
};

type Expanded = { start: string; title: string; status: string; uid: string };

/** Parses a calendar and expands its recurring VEVENTs (with their overrides) and its single ones, up to `until`. */
function expand(text: string, until: string): { occurrences: Expanded[]; vevents: ICAL.Component[] } {
  const root = new ICAL.Component(ICAL.parse(text));
  for (const tz of root.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(tz);
  const vevents = root.getAllSubcomponents("vevent");
  const occurrences: Expanded[] = [];
  const end = Date.parse(until);
  for (const component of vevents) {
    if (component.hasProperty("recurrence-id")) continue;
    const uid = component.getFirstPropertyValue("uid") as string;
    const exceptions = vevents.filter((c) => c.hasProperty("recurrence-id") && c.getFirstPropertyValue("uid") === uid);
    const event = new ICAL.Event(component, { exceptions });
    if (!event.isRecurring()) {
      occurrences.push({
        start: event.startDate.toJSDate().toISOString(),
        title: event.summary,
        status: String(component.getFirstPropertyValue("status")),
        uid,
      });
      continue;
    }
    const iterator = event.iterator();
    for (let next = iterator.next(); next && next.toJSDate().getTime() <= end; next = iterator.next()) {
      const details = event.getOccurrenceDetails(next);
      occurrences.push({
        start: details.startDate.toJSDate().toISOString(),
        title: details.item.summary,
        status: String(details.item.component.getFirstPropertyValue("status")),
        uid,
      });
    }
  }
  return { occurrences: occurrences.sort((a, b) => a.start.localeCompare(b.start)), vevents };
}

describe("series in iCalendar feeds", () => {
  let dir: string;
  let db: Db;
  let deps: PublishingDeps;
  let clock: Date;
  let ids: number;

  beforeEach(() => {
    ICAL.TimezoneService.reset();
    dir = mkdtempSync(join(tmpdir(), "cantine-ics-series-"));
    db = openDatabase(join(dir, "cantine.db"));
    migrate(db);
    clock = new Date("2027-01-05T10:00:00Z");
    ids = 0;
    deps = sqlitePublishingDeps(db, {
      now: () => clock,
      newId: () => `00000000-0000-4000-8000-${String(++ids).padStart(12, "0")}`,
    });
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const entries = (events: readonly CantineEvent[]): CalendarEntry[] => events.map((event) => ({ event, source: paris, via: null }));
  const seriesMap = (id: string): Map<string, SeriesRule> => new Map([[id, seriesRuleOf(deps.events.getSeries(id)!.value, clock)!]]);
  /** The feed's text, unfolded (RFC 5545 §3.1) so that long lines can be looked for whole. */
  const feed = (events: readonly CantineEvent[], id: string, coveredUntil?: string) =>
    unfold(renderCalendar(entries(events), { name: "Paris", now: clock, timezone: "Europe/Paris", series: seriesMap(id), coveredUntil }));
  const unfold = (text: string) => text.replace(/\r\n /g, "");
  const stored = (events: readonly CantineEvent[]) =>
    events.map((e) => ({
      start: new Date(e.startsAt).toISOString(),
      title: e.title,
      status: { scheduled: "CONFIRMED", cancelled: "CANCELLED", postponed: "TENTATIVE" }[e.status],
    }));

  it("writes a weekly series as one recurring VEVENT whose expansion gives the stored dates, across a DST change", () => {
    const { series } = publishEvent(
      deps,
      checkEventInput({
        title: "Mardis du code",
        startsAt: "2027-01-12T19:00",
        endsAt: "2027-01-12T21:00",
        recurrence: "FREQ=WEEKLY;BYDAY=TU",
      }),
    );
    const occurrences = series!.occurrences;
    expect(occurrences.length).toBeGreaterThan(10); // into April: 19:00 in Paris is 18:00Z, then 17:00Z
    const text = feed(occurrences, series!.series.id);
    const { occurrences: expanded, vevents } = expand(text, occurrences.at(-1)!.startsAt);
    expect(vevents).toHaveLength(1);
    expect(text).toContain("\r\nRRULE:FREQ=WEEKLY;BYDAY=TU\r\n");
    expect(text).toContain("\r\nDTSTART;TZID=Europe/Paris:20270112T190000\r\n");
    expect(text).toContain(`\r\nUID:${origin}/series/${series!.series.id}\r\n`);
    expect(expanded.map(({ start, title, status }) => ({ start, title, status }))).toEqual(stored(occurrences));
    expect(new Set(expanded.map((o) => o.start.slice(11, 16)))).toEqual(new Set(["18:00", "17:00"]));
  });

  it("shows an occurrence edited alone with its own title and time, a cancelled one as cancelled, a deleted one not at all", () => {
    const { series } = publishEvent(
      deps,
      checkEventInput({
        title: "Mardis du code",
        startsAt: "2027-01-12T19:00",
        endsAt: "2027-01-12T21:00",
        recurrence: "FREQ=WEEKLY;BYDAY=TU;COUNT=8",
      }),
    );
    const [, second, third, fourth] = series!.occurrences;
    updateEvent(deps, second!.id, eventPatch({ title: "Mardi spécial : Rust", startsAt: "2027-01-19T20:00", endsAt: "2027-01-19T22:00" }));
    cancelEvent(deps, third!.id);
    deleteEvent(deps, fourth!.id);
    const live = deps.events.occurrences(series!.series.id);
    expect(live).toHaveLength(7);

    const text = feed(live, series!.series.id);
    const { occurrences: expanded, vevents } = expand(text, "2027-12-31T00:00:00Z");
    expect(vevents.filter((c) => c.hasProperty("recurrence-id"))).toHaveLength(2);
    expect(text).toContain("\r\nEXDATE;TZID=Europe/Paris:20270202T190000\r\n");
    expect(expanded.map(({ start, title, status }) => ({ start, title, status }))).toEqual(stored(live));
    const edited = expanded.find((o) => o.title === "Mardi spécial : Rust")!;
    expect(edited.start).toBe("2027-01-19T19:00:00.000Z"); // 20:00 in Paris
    // The override names the date it replaces, in the series' zone.
    const override = vevents.find((c) => c.getFirstPropertyValue("summary") === "Mardi spécial : Rust")!;
    expect(override.getFirstPropertyValue("recurrence-id")!.toString()).toBe("2027-01-19T19:00:00");
    expect(override.getFirstPropertyValue("url")).toBe(`${origin}/events/${second!.id}`);
  });

  it("keeps past occurrences at their old time after the series moves, and counts COUNT from the series' start", () => {
    const { series } = publishEvent(
      deps,
      checkEventInput({
        title: "Atelier",
        startsAt: "2027-01-12T19:00",
        endsAt: "2027-01-12T21:00",
        recurrence: "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=5",
      }),
    );
    clock = new Date("2027-01-30T10:00:00Z"); // two occurrences are past
    updateSeries(deps, series!.series.id, eventPatch({ startsAt: "2027-01-12T18:30", endsAt: "2027-01-12T20:30", title: "Atelier (18 h 30)" }));
    const all = deps.events.occurrences(series!.series.id);
    expect(all.map((e) => e.title)).toEqual(["Atelier", "Atelier", "Atelier (18 h 30)", "Atelier (18 h 30)", "Atelier (18 h 30)"]);

    // A feed from a day ago: the second occurrence onwards. DTSTART moves to it, so COUNT becomes UNTIL.
    const shown = all.slice(1);
    const text = feed(shown, series!.series.id);
    const { occurrences: expanded } = expand(text, "2027-12-31T00:00:00Z");
    expect(text).toMatch(/\r\nRRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270309T173000Z\r\n/);
    expect(expanded.map(({ start, title }) => ({ start, title }))).toEqual(stored(shown).map(({ start, title }) => ({ start, title })));
  });

  it("excludes an occurrence a filtered feed leaves out, and links occurrences shown alone to their series", () => {
    const { series } = publishEvent(
      deps,
      checkEventInput({ title: "Apéro", startsAt: "2027-01-14T19:00", recurrence: "FREQ=WEEKLY;COUNT=4", tags: ["apero"] }),
    );
    const [, second] = series!.occurrences;
    updateEvent(deps, second!.id, eventPatch({ tags: [] }));
    const tagged = deps.events.occurrences(series!.series.id).filter((e) => e.tags.includes("apero"));
    const { occurrences: expanded } = expand(feed(tagged, series!.series.id), "2027-12-31T00:00:00Z");
    expect(expanded.map((o) => o.start)).toEqual(tagged.map((e) => new Date(e.startsAt).toISOString()));

    // Without the series' rule (an event's own .ics), each occurrence names its series.
    const single = unfold(renderCalendar(entries([second!]), { name: "One", now: clock }));
    expect(single).toContain(`\r\nUID:${second!.apId}\r\n`);
    expect(single).toContain(`\r\nRELATED-TO:${origin}/series/${series!.series.id}\r\n`);
    expect(single).not.toContain("RRULE");
  });

  it("writes an all-day series with dates and as transparent (not busy)", () => {
    deps = { ...deps, horizonDays: 365 }; // every occurrence of the rule exists
    const { series } = publishEvent(deps, checkEventInput({ title: "Marché", startsAt: "2027-01-16", recurrence: "FREQ=MONTHLY;BYDAY=3SA;UNTIL=20270630" }));
    const occurrences = series!.occurrences;
    const text = feed(occurrences, series!.series.id);
    expect(text).toContain("\r\nDTSTART;VALUE=DATE:20270116\r\n");
    expect(text).toContain("\r\nRRULE:FREQ=MONTHLY;BYDAY=3SA;UNTIL=20270630\r\n");
    expect(text).toContain("\r\nTRANSP:TRANSPARENT\r\n");
    const root = new ICAL.Component(ICAL.parse(text));
    const event = new ICAL.Event(root.getFirstSubcomponent("vevent")!);
    const iterator = event.iterator();
    const dates: string[] = [];
    for (let next = iterator.next(); next; next = iterator.next()) dates.push(next.toString());
    expect(dates).toEqual(occurrences.map((e) => e.occurrenceDate));
    expect(dates.at(-1)).toBe("2027-06-19");
  });

  it("stops the feed's exclusions where a feed cut at its limit stops", () => {
    const { series } = publishEvent(deps, checkEventInput({ title: "Yoga", startsAt: "2027-01-11T08:00", recurrence: "FREQ=DAILY" }));
    const occurrences = series!.occurrences;
    const cut = occurrences.slice(0, 10);
    const text = feed(cut, series!.series.id, cut.at(-1)!.startsAt);
    expect(text).not.toContain("EXDATE");
    const { occurrences: expanded } = expand(text, occurrences.at(-1)!.startsAt);
    expect(expanded.map((o) => o.start)).toEqual(occurrences.map((e) => new Date(e.startsAt).toISOString()));
  });
});
