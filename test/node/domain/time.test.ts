import { describe, expect, it } from "@jest/globals";
import {
  fixedOffsetMinutes,
  fixedOffsetZone,
  isValidTimeZone,
  localDateOf,
  normalizeEventZone,
  normalizeTimeZone,
  resolveDateTime,
  toZoned,
  zoneOfWrittenTimes,
} from "../../../node/domain/time.ts";

describe("isValidTimeZone", () => {
  it("accepts IANA names, including ones ICU lists under an older name", () => {
    for (const zone of ["Europe/Paris", "America/Sao_Paulo", "America/Los_Angeles", "UTC", "Asia/Kolkata", "Europe/Kyiv"]) {
      expect(isValidTimeZone(zone)).toBe(true);
    }
  });

  it("rejects offsets, abbreviations that are not zones and made-up names", () => {
    for (const zone of ["+01:00", "-0300", "Z", "CEST", "Europe/Atlantis", "", "Europe/Paris ", "../../etc/passwd"]) {
      expect(isValidTimeZone(zone)).toBe(false);
    }
  });

  it("restores IANA capitalisation", () => {
    expect(normalizeTimeZone("europe/paris")).toBe("Europe/Paris");
    expect(normalizeTimeZone("Mars/Olympus")).toBeNull();
  });
});

describe("resolveDateTime", () => {
  it("reads a local time as wall-clock time in the zone, on both sides of the October DST change", () => {
    expect(resolveDateTime("2026-10-20T19:00", "Europe/Paris")).toEqual({ instant: "2026-10-20T17:00:00Z", allDay: false });
    expect(resolveDateTime("2026-11-03T19:00", "Europe/Paris")).toEqual({ instant: "2026-11-03T18:00:00Z", allDay: false });
    expect(resolveDateTime("2026-11-03T19:00:30", "Europe/Paris")).toEqual({ instant: "2026-11-03T18:00:30Z", allDay: false });
  });

  it("knows zones without DST and American DST dates", () => {
    // São Paulo has had no DST since 2019: -03:00 all year.
    expect(resolveDateTime("2026-01-15T19:00", "America/Sao_Paulo")).toEqual({ instant: "2026-01-15T22:00:00Z", allDay: false });
    expect(resolveDateTime("2026-07-15T19:00", "America/Sao_Paulo")).toEqual({ instant: "2026-07-15T22:00:00Z", allDay: false });
    // Los Angeles leaves DST on 2026-11-01 (a week after Europe).
    expect(resolveDateTime("2026-10-31T19:00", "America/Los_Angeles")).toEqual({ instant: "2026-11-01T02:00:00Z", allDay: false });
    expect(resolveDateTime("2026-11-02T19:00", "America/Los_Angeles")).toEqual({ instant: "2026-11-03T03:00:00Z", allDay: false });
  });

  it("moves a time skipped by the spring DST gap forward by the gap", () => {
    // 02:30 does not exist in Paris on 2026-03-29: clocks jump from 02:00 to 03:00.
    expect(resolveDateTime("2026-03-29T02:30", "Europe/Paris")).toEqual({ instant: "2026-03-29T01:30:00Z", allDay: false });
    expect(toZoned("2026-03-29T01:30:00Z", "Europe/Paris").toString({ timeZoneName: "never" })).toBe("2026-03-29T03:30:00+02:00");
  });

  it("takes an explicit offset or Z as the instant, whatever the zone", () => {
    expect(resolveDateTime("2026-11-05T19:00+01:00", "America/Sao_Paulo")).toEqual({ instant: "2026-11-05T18:00:00Z", allDay: false });
    expect(resolveDateTime("2026-11-05T18:00:00Z", "Europe/Paris")).toEqual({ instant: "2026-11-05T18:00:00Z", allDay: false });
    expect(resolveDateTime("2026-11-05 18:00:00.250z", "Europe/Paris")).toEqual({ instant: "2026-11-05T18:00:00.25Z", allDay: false });
  });

  it("makes a bare date all-day, starting at local midnight", () => {
    expect(resolveDateTime("2026-11-05", "Europe/Paris")).toEqual({ instant: "2026-11-04T23:00:00Z", allDay: true });
    expect(resolveDateTime("2026-11-05", "America/Sao_Paulo")).toEqual({ instant: "2026-11-05T03:00:00Z", allDay: true });
  });

  it("refuses malformed, impossible and out-of-range values with a reason", () => {
    for (const value of ["", "tomorrow", "2026-11-05T19", "05/11/2026", "2026-11-05T19:00 Europe/Paris", "2026-11-05T19:00+0100", "x".repeat(1_000_000)]) {
      expect(resolveDateTime(value, "Europe/Paris")).toEqual({ error: expect.stringContaining("must be a date-time like") });
    }
    expect(resolveDateTime("2026-02-30", "Europe/Paris")).toEqual({ error: '"2026-02-30" is not a real date or time' });
    expect(resolveDateTime("2026-11-05T25:00", "Europe/Paris")).toEqual({ error: expect.stringContaining("not a real date") });
    expect(resolveDateTime("1999-12-31T19:00", "Europe/Paris")).toEqual({ error: "must be between 2000-01-01 and 2100-01-01 (got 1999-12-31)" });
    expect(resolveDateTime("2100-01-01", "Europe/Paris")).toEqual({ error: expect.stringContaining("must be between") });
    expect(resolveDateTime("2099-12-31", "Europe/Paris")).toEqual({ instant: "2099-12-30T23:00:00Z", allDay: true });
    expect(resolveDateTime("2026-11-05T19:00", "+01:00")).toEqual({ error: expect.stringContaining("unknown time zone") });
  });
});

describe("reading instants in a zone", () => {
  it("gives the offset in force and an ISO string with it", () => {
    expect(toZoned("2026-10-20T17:00:00Z", "Europe/Paris").offset).toBe("+02:00");
    expect(toZoned("2026-11-03T18:00:00Z", "Europe/Paris").offset).toBe("+01:00");
    expect(toZoned("2026-11-03T18:00:00Z", "America/Sao_Paulo").offset).toBe("-03:00");
    expect(toZoned("2026-11-05T18:00:00Z", "Europe/Paris").toString({ timeZoneName: "never" })).toBe("2026-11-05T19:00:00+01:00");
    expect(toZoned("2026-11-05T18:00:00Z", "America/Los_Angeles").toString({ timeZoneName: "never" })).toBe("2026-11-05T10:00:00-08:00");
    expect(toZoned("2026-11-05T18:00:00Z", "Europe/Paris").hour).toBe(19);
    expect(localDateOf("2026-11-04T23:30:00Z", "Europe/Paris")).toBe("2026-11-05");
  });
});

describe("fixed-offset zones (remote times written with an offset and no zone)", () => {
  it("names whole-minute offsets the way Temporal and Intl do, and zero as UTC", () => {
    expect(fixedOffsetZone(60)).toBe("+01:00");
    expect(fixedOffsetZone(330)).toBe("+05:30");
    expect(fixedOffsetZone(-150)).toBe("-02:30");
    expect(fixedOffsetZone(0)).toBe("UTC");
    expect(fixedOffsetZone(19 * 60)).toBeNull();
    expect(fixedOffsetZone(60.5)).toBeNull();
    for (const zone of ["+01:00", "+05:30", "-02:30"]) {
      expect(toZoned("2026-01-01T00:00:00Z", zone).timeZoneId).toBe(zone);
      expect(new Intl.DateTimeFormat("en", { timeZone: zone }).resolvedOptions().timeZone).toBe(zone);
    }
  });

  it("reads offset zones back, and tells them from IANA names, which operators must still give", () => {
    expect(fixedOffsetMinutes("+05:30")).toBe(330);
    expect(fixedOffsetMinutes("-03:00")).toBe(-180);
    for (const zone of ["Europe/Paris", "UTC", "+00:00", "+0100", "+01:60", "+19:00", "01:00"]) expect(fixedOffsetMinutes(zone)).toBeNull();
    expect(normalizeEventZone("+05:30")).toBe("+05:30");
    expect(normalizeEventZone("europe/rome")).toBe("Europe/Rome");
    expect(normalizeEventZone("+0100")).toBeNull();
    expect(isValidTimeZone("+05:30")).toBe(false);
  });

  it("takes the sender's zone when it has those offsets at those instants, else the offset", () => {
    const july = { instant: "2026-07-14T15:30:00Z", offsetMinutes: 120 };
    expect(zoneOfWrittenTimes([july], "Europe/Rome")).toBe("Europe/Rome");
    expect(zoneOfWrittenTimes([july], "America/Sao_Paulo")).toBe("+02:00");
    expect(zoneOfWrittenTimes([july], null)).toBe("+02:00");
    expect(zoneOfWrittenTimes([july, { instant: "2026-11-14T15:30:00Z", offsetMinutes: 120 }], "Europe/Rome")).toBe("+02:00");
    expect(zoneOfWrittenTimes([july, { instant: "2026-11-14T15:30:00Z", offsetMinutes: 60 }], "Europe/Rome")).toBe("Europe/Rome");
    expect(zoneOfWrittenTimes([], "Europe/Rome")).toBeNull();
  });
});
