import { describe, expect, it } from "@jest/globals";
import { findJob } from "../../../node/scheduler/jobs.ts";

// A daily job scheduled in the venue's zone must run once a day in every zone a venue may have:
// on a spring-forward day some wall-clock times never happen (node-cron then skips the run),
// and on a fall-back day some happen twice. This walks every clock change of every IANA zone.

type Span = { zone: string; from: Temporal.PlainDateTime; to: Temporal.PlainDateTime };

/** The wall-clock times a zone skips or lives twice at its clock changes within `years`. */
function unstableWallClock(zone: string, years: readonly number[]): Span[] {
  const spans: Span[] = [];
  let at = Temporal.ZonedDateTime.from({ year: years[0]!, month: 1, day: 1, timeZone: zone });
  const end = Temporal.ZonedDateTime.from({ year: years.at(-1)! + 1, month: 1, day: 1, timeZone: zone });
  for (;;) {
    const change = at.getTimeZoneTransition("next");
    if (!change || Temporal.ZonedDateTime.compare(change, end) >= 0) return spans;
    const before = change.subtract({ nanoseconds: 1 }).offsetNanoseconds;
    const utc = change.toInstant().toZonedDateTimeISO("UTC").toPlainDateTime();
    const [a, b] = [utc.add({ nanoseconds: before }), utc.add({ nanoseconds: change.offsetNanoseconds })];
    if (Temporal.PlainDateTime.compare(a, b) !== 0) {
      spans.push(Temporal.PlainDateTime.compare(a, b) < 0 ? { zone, from: a, to: b } : { zone, from: b, to: a });
    }
    at = change;
  }
}

/** The spans among `spans` that contain the wall-clock time `hour:minute` on their day. */
function containing(spans: readonly Span[], hour: number, minute: number): Span[] {
  return spans.filter(({ from, to }) => {
    for (let day = from.toPlainDate(); Temporal.PlainDate.compare(day, to.toPlainDate()) <= 0; day = day.add({ days: 1 })) {
      const time = day.toPlainDateTime({ hour, minute });
      if (Temporal.PlainDateTime.compare(from, time) <= 0 && Temporal.PlainDateTime.compare(time, to) < 0) return true;
    }
    return false;
  });
}

function dailyTime(schedule: string): { hour: number; minute: number } {
  const [minute, hour, ...rest] = schedule.split(" ");
  expect(rest).toEqual(["*", "*", "*"]);
  return { hour: Number(hour), minute: Number(minute) };
}

describe("the hours of the daily jobs", () => {
  const thisYear = Temporal.Now.plainDateISO("UTC").year;
  const spans = Intl.supportedValuesOf("timeZone").flatMap((zone) => unstableWallClock(zone, [thisYear, thisYear + 1]));

  it("finds the clock changes it must avoid", () => {
    expect(spans.length).toBeGreaterThan(200);
    // 02:05 does not exist on New York's spring-forward day, 03:05 happens twice in Helsinki's autumn
    expect(containing(spans, 2, 5).map((s) => s.zone)).toContain("America/New_York");
    expect(containing(spans, 3, 5).map((s) => s.zone)).toContain("Europe/Helsinki");
  });

  it("extends the series at a time every zone lives exactly once a day", () => {
    const { hour, minute } = dailyTime(findJob("extend-series")!.schedule);
    expect(containing(spans, hour, minute).map((s) => `${s.zone} ${s.from}–${s.to}`)).toEqual([]);
    // and an hour clear of any change, should a zone move its own by an hour
    expect(containing(spans, hour - 1, minute)).toEqual([]);
    expect(containing(spans, hour + 1, minute)).toEqual([]);
  });
});
