// An instant as a clock on the wall shows it in a zone, read from cached Intl formatters: several
// times cheaper than a Temporal.ZonedDateTime from the polyfill, and outbox pages, fan-outs,
// feeds and the calendar API need it for every event (its summary line, its start and end with
// their offset). A property test pins both readings to Temporal's.

import { dateTimeFormat } from "./intl-formatters.ts";

export type WallClock = Readonly<{
  ms: number;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  offsetMinutes: number;
  /** False for the rare zones whose offset then had seconds (local mean times before about 1900). */
  wholeMinutes: boolean;
}>;

const CLOCK: Intl.DateTimeFormatOptions = {
  hourCycle: "h23",
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "numeric",
  second: "numeric",
};

/** The wall clock at `ms` in `zone` (an IANA name or a fixed offset); throws RangeError for an unknown zone, as Intl does. */
export function wallClock(ms: number, zone: string): WallClock {
  const fields: Record<string, number> = {};
  for (const part of dateTimeFormat("en-US", { ...CLOCK, timeZone: zone }).formatToParts(ms)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = fields;
  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day); // Date.UTC would read years below 100 as 19xx
  local.setUTCHours(hour, minute, second, 0);
  const offsetMs = local.getTime() - (ms - (((ms % 1000) + 1000) % 1000));
  return { ms, year, month, day, hour, minute, second, offsetMinutes: Math.round(offsetMs / 60_000), wholeMinutes: offsetMs % 60_000 === 0 };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/**
 * "2026-11-03T19:00:00+01:00": the wall time at `ms` in `zone`, to the second, with the zone's
 * offset then, as Temporal's `ZonedDateTime#toString({ timeZoneName: "never", smallestUnit:
 * "second" })` writes it (which it asks for the years and offsets this reading does not write).
 */
export function offsetDateTime(ms: number, zone: string): string {
  const at = wallClock(ms, zone);
  if (!at.wholeMinutes || at.year < 1000 || at.year > 9999) {
    return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(zone).toString({ timeZoneName: "never", smallestUnit: "second" });
  }
  const offset = Math.abs(at.offsetMinutes);
  const sign = at.offsetMinutes < 0 ? "-" : "+";
  return `${at.year}-${pad(at.month)}-${pad(at.day)}T${pad(at.hour)}:${pad(at.minute)}:${pad(at.second)}${sign}${pad(Math.floor(offset / 60))}:${pad(offset % 60)}`;
}
