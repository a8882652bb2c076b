import { describe, expect, it } from "@jest/globals";
import type { RRule } from "../../../node/domain/events/recurrence.ts";
import { expandOccurrences, formatRRule, parseRRule } from "../../../node/domain/events/recurrence.ts";

const HOUR = 3_600_000;
const ALL_TIME = { from: Temporal.Instant.from("2000-01-01T00:00:00Z"), until: Temporal.Instant.from("2100-01-01T00:00:00Z") };

function rule(text: string): RRule {
  const parsed = parseRRule(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.rule;
}

function expand(text: string, start: string, zone = "Europe/Paris", options: { duration?: number | null; window?: typeof ALL_TIME; limit?: number } = {}) {
  const { duration = 2 * HOUR, window = ALL_TIME, limit = 20 } = options;
  return expandOccurrences(rule(text), { local: Temporal.PlainDateTime.from(start), zone }, duration, window, limit);
}

const dates = (occurrences: { localDate: string }[]) => occurrences.map((o) => o.localDate);

function error(text: string): string {
  const parsed = parseRRule(text);
  if (parsed.ok) throw new Error(`${text} was accepted`);
  return parsed.error;
}

describe("parseRRule", () => {
  it("reads the supported parts, with or without the RRULE: prefix, in any case", () => {
    expect(rule("RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;COUNT=10;WKST=SU")).toEqual({
      freq: "WEEKLY",
      interval: 2,
      byDay: [
        { weekday: "MO", nth: null },
        { weekday: "WE", nth: null },
      ],
      byMonthDay: [],
      count: 10,
      until: null,
      wkst: "SU",
    });
    expect(rule("freq=monthly;byday=1TU,-1fr,TH").byDay).toEqual([
      { weekday: "TU", nth: 1 },
      { weekday: "FR", nth: -1 },
      { weekday: "TH", nth: null },
    ]);
    expect(rule("FREQ=MONTHLY;BYMONTHDAY=31,-1").byMonthDay).toEqual([31, -1]);
  });

  it("reads UNTIL as a date, a UTC date-time or a local date-time", () => {
    expect(rule("FREQ=DAILY;UNTIL=20261231").until?.toString()).toBe("2026-12-31");
    expect(rule("FREQ=DAILY;UNTIL=20261231T180000Z").until?.toString()).toBe("2026-12-31T18:00:00Z");
    expect(rule("FREQ=DAILY;UNTIL=2026-12-31T19:00").until?.toString()).toBe("2026-12-31T19:00:00");
  });

  it("writes the canonical form back", () => {
    expect(formatRRule(rule("RRULE:freq=weekly;byday=TU;interval=1"))).toBe("FREQ=WEEKLY;BYDAY=TU");
    expect(formatRRule(rule("FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20261231T180000Z;WKST=SU"))).toBe("FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20261231T180000Z;WKST=SU");
    expect(formatRRule(rule("FREQ=DAILY;UNTIL=2026-12-31"))).toBe("FREQ=DAILY;UNTIL=20261231");
  });

  it("rejects what it does not support, with a reason", () => {
    expect(error("BYDAY=TU")).toMatch(/FREQ is required/);
    expect(error("FREQ=YEARLY")).toMatch(/FREQ=YEARLY is not supported/);
    expect(error("FREQ=DAILY;BYSETPOS=1")).toMatch(/BYSETPOS is not supported/);
    expect(error("FREQ=DAILY;COLOR=RED")).toMatch(/COLOR is not supported/);
    expect(error("FREQ=DAILY;COUNT=5;UNTIL=20261231")).toBe("COUNT and UNTIL cannot be used together");
    expect(error("FREQ=DAILY;INTERVAL=0")).toMatch(/INTERVAL must be/);
    expect(error("FREQ=DAILY;INTERVAL=-1")).toMatch(/INTERVAL must be/);
    expect(error("FREQ=DAILY;COUNT=1001")).toMatch(/COUNT must be a whole number from 1 to 1000/);
    expect(error("FREQ=DAILY;FREQ=WEEKLY")).toMatch(/FREQ is given twice/);
    expect(error("FREQ=WEEKLY;BYDAY=1TU")).toMatch(/needs FREQ=MONTHLY/);
    expect(error("FREQ=MONTHLY;BYDAY=6TU")).toMatch(/position must be 1 to 5/);
    expect(error("FREQ=WEEKLY;BYDAY=XX")).toMatch(/not a weekday/);
    expect(error("FREQ=WEEKLY;BYMONTHDAY=3")).toMatch(/BYMONTHDAY needs FREQ=MONTHLY/);
    expect(error("FREQ=MONTHLY;BYMONTHDAY=32")).toMatch(/BYMONTHDAY=32/);
    expect(error("FREQ=DAILY;UNTIL=tomorrow")).toMatch(/UNTIL=TOMORROW must be a date/);
    expect(error("FREQ=DAILY;UNTIL=21500101")).toMatch(/UNTIL must be between/);
    expect(error("FREQ=DAILY;WKST=XX")).toMatch(/WKST/);
    expect(error("")).toMatch(/is empty/);
    expect(error("FREQ=DAILY;garbage")).toMatch(/is not NAME=VALUE/);
    expect(error("FREQ=DAILY;".repeat(100))).toMatch(/at most 500/);
  });
});

describe("expandOccurrences", () => {
  it("keeps a weekly Tuesday 19:00 Paris series at 19:00 across the October DST change", () => {
    const occurrences = expand("FREQ=WEEKLY;BYDAY=TU;COUNT=4", "2026-10-13T19:00");
    expect(occurrences).toEqual([
      { startsAt: "2026-10-13T17:00:00Z", endsAt: "2026-10-13T19:00:00Z", localDate: "2026-10-13" },
      { startsAt: "2026-10-20T17:00:00Z", endsAt: "2026-10-20T19:00:00Z", localDate: "2026-10-20" },
      // Clocks went back on Sunday 2026-10-25: same wall-clock time, one hour later in UTC.
      { startsAt: "2026-10-27T18:00:00Z", endsAt: "2026-10-27T20:00:00Z", localDate: "2026-10-27" },
      { startsAt: "2026-11-03T18:00:00Z", endsAt: "2026-11-03T20:00:00Z", localDate: "2026-11-03" },
    ]);
  });

  it("follows each zone's own rules: São Paulo has no DST, Los Angeles changes on 2026-11-01", () => {
    const saoPaulo = expand("FREQ=WEEKLY;COUNT=3", "2026-10-20T19:00", "America/Sao_Paulo");
    expect(saoPaulo.map((o) => o.startsAt)).toEqual(["2026-10-20T22:00:00Z", "2026-10-27T22:00:00Z", "2026-11-03T22:00:00Z"]);
    const losAngeles = expand("FREQ=WEEKLY;COUNT=3", "2026-10-24T19:00", "America/Los_Angeles");
    expect(losAngeles.map((o) => o.startsAt)).toEqual(["2026-10-25T02:00:00Z", "2026-11-01T02:00:00Z", "2026-11-08T03:00:00Z"]);
  });

  it("moves an occurrence that falls in the spring DST gap forward, and keeps the others at their time", () => {
    const occurrences = expand("FREQ=DAILY;COUNT=3", "2026-03-28T02:30", "Europe/Paris", { duration: HOUR });
    expect(occurrences.map((o) => o.startsAt)).toEqual(["2026-03-28T01:30:00Z", "2026-03-29T01:30:00Z", "2026-03-30T00:30:00Z"]);
    expect(occurrences[1]).toEqual({ startsAt: "2026-03-29T01:30:00Z", endsAt: "2026-03-29T02:30:00Z", localDate: "2026-03-29" });
  });

  it("expands monthly positions: the first Tuesday, the last Friday", () => {
    expect(dates(expand("FREQ=MONTHLY;BYDAY=1TU;COUNT=4", "2026-11-03T19:00"))).toEqual(["2026-11-03", "2026-12-01", "2027-01-05", "2027-02-02"]);
    expect(dates(expand("FREQ=MONTHLY;BYDAY=-1FR;COUNT=4", "2026-10-30T19:00"))).toEqual(["2026-10-30", "2026-11-27", "2026-12-25", "2027-01-29"]);
    expect(dates(expand("FREQ=MONTHLY;BYDAY=TU;COUNT=5", "2026-11-03T19:00"))).toEqual(["2026-11-03", "2026-11-10", "2026-11-17", "2026-11-24", "2026-12-01"]);
    // Both BYDAY and BYMONTHDAY: days matching both, here every Friday the 13th.
    expect(dates(expand("FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13;COUNT=2", "2026-02-13T20:00"))).toEqual(["2026-02-13", "2026-03-13"]);
  });

  it("skips months without the day for BYMONTHDAY=31 (and for a DTSTART on the 31st)", () => {
    expect(dates(expand("FREQ=MONTHLY;BYMONTHDAY=31;COUNT=4", "2026-10-31T10:00"))).toEqual(["2026-10-31", "2026-12-31", "2027-01-31", "2027-03-31"]);
    expect(dates(expand("FREQ=MONTHLY;COUNT=3", "2026-01-31T10:00"))).toEqual(["2026-01-31", "2026-03-31", "2026-05-31"]);
    expect(dates(expand("FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3", "2026-01-31T10:00"))).toEqual(["2026-01-31", "2026-02-28", "2026-03-31"]);
  });

  it("applies INTERVAL to days, weeks and months", () => {
    expect(dates(expand("FREQ=DAILY;INTERVAL=2;COUNT=3", "2026-11-05T09:00"))).toEqual(["2026-11-05", "2026-11-07", "2026-11-09"]);
    expect(dates(expand("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;COUNT=5", "2026-11-02T09:00"))).toEqual([
      "2026-11-02",
      "2026-11-04",
      "2026-11-16",
      "2026-11-18",
      "2026-11-30",
    ]);
    expect(dates(expand("FREQ=MONTHLY;INTERVAL=2;BYDAY=1TU;COUNT=3", "2026-11-03T19:00"))).toEqual(["2026-11-03", "2027-01-05", "2027-03-02"]);
  });

  it("counts COUNT from DTSTART, including occurrences before the window", () => {
    const window = { from: Temporal.Instant.from("2026-10-21T00:00:00Z"), until: ALL_TIME.until };
    expect(dates(expand("FREQ=WEEKLY;BYDAY=TU;COUNT=4", "2026-10-13T19:00", "Europe/Paris", { window }))).toEqual(["2026-10-27", "2026-11-03"]);
  });

  it("starts with DTSTART when it matches, and skips it when it does not", () => {
    expect(dates(expand("FREQ=WEEKLY;BYDAY=TU,TH;COUNT=3", "2026-11-05T19:00"))).toEqual(["2026-11-05", "2026-11-10", "2026-11-12"]);
    // 2026-11-04 is a Wednesday: the first occurrence is the next Tuesday.
    expect(dates(expand("FREQ=WEEKLY;BYDAY=TU;COUNT=2", "2026-11-04T19:00"))).toEqual(["2026-11-10", "2026-11-17"]);
  });

  it("includes the UNTIL occurrence, whether UNTIL is a date, a UTC instant or a local time", () => {
    expect(dates(expand("FREQ=WEEKLY;UNTIL=20261103", "2026-10-20T19:00"))).toEqual(["2026-10-20", "2026-10-27", "2026-11-03"]);
    expect(dates(expand("FREQ=WEEKLY;UNTIL=20261103T180000Z", "2026-10-20T19:00"))).toEqual(["2026-10-20", "2026-10-27", "2026-11-03"]);
    expect(dates(expand("FREQ=WEEKLY;UNTIL=20261103T175959Z", "2026-10-20T19:00"))).toEqual(["2026-10-20", "2026-10-27"]);
    expect(dates(expand("FREQ=WEEKLY;UNTIL=20261103T190000", "2026-10-20T19:00"))).toEqual(["2026-10-20", "2026-10-27", "2026-11-03"]);
  });

  it("returns only starts inside [from, until), at most `limit`", () => {
    const window = { from: Temporal.Instant.from("2026-11-10T18:00:00Z"), until: Temporal.Instant.from("2026-11-24T18:00:00Z") };
    expect(dates(expand("FREQ=WEEKLY", "2026-10-13T19:00", "Europe/Paris", { window }))).toEqual(["2026-11-10", "2026-11-17"]);
    expect(expand("FREQ=DAILY", "2026-01-01T09:00", "Europe/Paris", { limit: 500 })).toHaveLength(500);
    expect(expand("FREQ=DAILY", "2026-01-01T09:00", "Europe/Paris", { limit: 3, duration: null })[0]).toEqual({
      startsAt: "2026-01-01T08:00:00Z",
      endsAt: null,
      localDate: "2026-01-01",
    });
  });

  it("ends all-day occurrences at the next local midnight, even on a 25-hour day", () => {
    const [occurrence] = expand("FREQ=WEEKLY;BYDAY=SU;COUNT=1", "2026-10-25T00:00", "Europe/Paris", { duration: 24 * HOUR });
    expect(occurrence).toEqual({ startsAt: "2026-10-24T22:00:00Z", endsAt: "2026-10-25T23:00:00Z", localDate: "2026-10-25" });
  });

  it("terminates on rules that never match again", () => {
    // Every 12 months from February: never a 31st, and no COUNT or UNTIL to stop at.
    expect(expand("FREQ=MONTHLY;INTERVAL=12;BYMONTHDAY=31", "2026-02-28T10:00")).toEqual([]);
  });
});
