// The shortcuts a back-fill takes when reading thousands of events, and an outbox when writing
// them, give exactly what the slow, general readers and writers give: Temporal for date-times,
// the HTML sanitiser for text and descriptions.

import { describe, expect, it } from "@jest/globals";
import fc from "fast-check";
import { quickInstant } from "../../../federation/vocab/instants.ts";
import { plainText, readInstant, readRichText } from "../../../federation/vocab/read.ts";
import { htmlToText, sanitizeHtml, truncate } from "../../../node/domain/rich-text.ts";
import { instantText } from "../../../node/domain/time.ts";
import { offsetDateTime } from "../../../node/domain/wall-clock.ts";

/** Temporal's reading: the instant, and the offset the wall time was written with (minutes). */
function temporalReading(value: string): { epochMs: number; offsetMinutes: number } | undefined {
  let instant: Temporal.Instant;
  try {
    instant = Temporal.Instant.from(value);
  } catch {
    return undefined;
  }
  let offsetMinutes = 0;
  try {
    const wall = Temporal.PlainDateTime.from(value);
    offsetMinutes = Number(wall.toZonedDateTime("UTC").epochNanoseconds - instant.epochNanoseconds) / 60e9;
  } catch {
    // "Z": no wall time to read, offset zero
  }
  return { epochMs: instant.epochMilliseconds, offsetMinutes };
}

const two = (min: number, max: number) => fc.integer({ min, max }).map((n) => String(n).padStart(2, "0"));
/** Date-times in the RFC 3339 shape, impossible values included (month 13, 31 February, 24:00, a leap second…). */
const dateTimes = fc
  .tuple(
    fc.integer({ min: 990, max: 2200 }).map((n) => String(n).padStart(4, "0")),
    two(0, 13),
    two(0, 32),
    two(0, 24),
    two(0, 60),
    fc.option(two(0, 60)),
    fc.option(fc.integer({ min: 0, max: 9_999 }).map((n) => String(n).slice(0, 1 + (n % 4)))),
    fc.oneof(
      fc.constant("Z"),
      fc.tuple(fc.constantFrom("+", "-"), two(0, 24), two(0, 60)).map(([sign, h, m]) => `${sign}${h}:${m}`),
    ),
  )
  .map(([y, mo, d, h, mi, s, frac, offset]) => `${y}-${mo}-${d}T${h}:${mi}${s === null ? "" : `:${s}${frac === null ? "" : `.${frac}`}`}${offset}`);

describe("date-times read without Temporal", () => {
  it("give Temporal's instant and offset, or leave the value to Temporal", () => {
    fc.assert(
      fc.property(dateTimes, (value) => {
        const quick = quickInstant(value);
        if (quick) expect(quick).toEqual(temporalReading(value));
      }),
      { numRuns: 20_000 },
    );
  });

  it("read the usual shapes themselves, and leave the rest to Temporal", () => {
    expect(quickInstant("2026-12-08T19:00:00+01:00")).toEqual({ epochMs: Date.UTC(2026, 11, 8, 18), offsetMinutes: 60 });
    expect(quickInstant("2026-12-08T19:00-03:30")).toEqual({ epochMs: Date.UTC(2026, 11, 8, 22, 30), offsetMinutes: -210 });
    expect(quickInstant("2026-12-08T19:00:00.25Z")).toEqual({ epochMs: Date.UTC(2026, 11, 8, 19, 0, 0, 250), offsetMinutes: 0 });
    expect(quickInstant("2026-12-08T19:00:00-00:00")?.offsetMinutes).toBe(0);
    for (const other of [
      "2026-12-08T19:00:00+01:00[Europe/Paris]",
      "2026-12-08 19:00:00Z",
      "2026-12-08T19:00:00.123456Z",
      "2026-12-08T19:00:00",
      "2026-02-29T10:00Z",
    ]) {
      expect(quickInstant(other)).toBeUndefined();
    }
    // The readers built on it answer as Temporal does, shortcut or not.
    for (const value of ["2026-12-08T19:00:00+01:00", "2026-12-08T19:00:00.123456789+01:00", "2026-12-08T19:00", "2028-02-29T23:59:60Z"]) {
      expect(readInstant(value, "Europe/Paris")?.toString()).toBe(
        (() => {
          try {
            return Temporal.Instant.from(value).toString();
          } catch {
            return Temporal.PlainDateTime.from(value).toZonedDateTime("Europe/Paris").toInstant().toString();
          }
        })(),
      );
    }
  });

  it("are spelled as Temporal spells them", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31) }), (ms) => {
        expect(instantText(ms)).toBe(Temporal.Instant.fromEpochMilliseconds(ms).toString());
      }),
    );
  });

  it("read on a zone's wall clock give Temporal's wall time and offset (the startTime and endTime we write)", () => {
    // Zones with DST, half and quarter hours, a half-hour DST (Lord Howe), fixed offsets, and
    // dates back to local mean times whose offsets had seconds (Paris before 1911).
    const zones = [
      "Europe/Paris",
      "America/Los_Angeles",
      "America/Sao_Paulo",
      "Asia/Kolkata",
      "Asia/Kathmandu",
      "America/St_Johns",
      "Australia/Lord_Howe",
      "Pacific/Auckland",
      "UTC",
      "+05:30",
      "-03:00",
      "Africa/Monrovia",
    ];
    const temporal = (ms: number, zone: string) =>
      Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone).toString({ timeZoneName: "never", smallestUnit: "second" });
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1850, 0, 1), max: Date.UTC(2200, 0, 1) }), fc.constantFrom(...zones), (ms, zone) => {
        expect(offsetDateTime(ms, zone)).toBe(temporal(ms, zone));
      }),
      { numRuns: 20_000 },
    );
    // Around Paris's spring and autumn changes of 2026, minute by minute.
    for (let ms = Date.UTC(2026, 2, 29, 0, 30); ms < Date.UTC(2026, 2, 29, 1, 30); ms += 60_000)
      expect(offsetDateTime(ms, "Europe/Paris")).toBe(temporal(ms, "Europe/Paris"));
    for (let ms = Date.UTC(2026, 9, 25, 0, 30); ms < Date.UTC(2026, 9, 25, 1, 30); ms += 60_000)
      expect(offsetDateTime(ms, "Europe/Paris")).toBe(temporal(ms, "Europe/Paris"));
  });
});

/** Any UTF-16 code unit, the white space and characters HTML treats apart more often. */
const text = fc.string({
  unit: fc.oneof(
    fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)),
    fc.constantFrom(" ", "\n", "\r", "\t", "\u00a0", "\u0000", "\u2028", "'", '"', ">", "=", "/", "p", "<", "&", "&amp;", "<p>", "</p>", "<b>"),
  ),
  maxLength: 80,
});

describe("text read without the HTML parser", () => {
  it("plain text, alone or in one paragraph, reads as the sanitiser reads it", () => {
    const slow = (value: string, max: number) => truncate(htmlToText(value).replace(/\s+/g, " ").trim(), max) || undefined;
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 100 }), (value, max) => {
        expect(plainText(value, max)).toBe(slow(value, max));
        expect(plainText(`<p>${value}</p>`, max)).toBe(slow(`<p>${value}</p>`, max));
      }),
      { numRuns: 20_000 },
    );
  });

  it("paragraphs of plain text are kept as the sanitiser keeps them", () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 3 }), (paragraphs) => {
        const html = paragraphs.map((p) => `<p>${p}</p>`).join("");
        expect(readRichText(html, undefined)).toBe(sanitizeHtml(html));
      }),
      { numRuns: 20_000 },
    );
  });
});
