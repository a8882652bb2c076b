// VTIMEZONE components (RFC 5545 §3.6.5) built from the zone's real transitions, as the
// global Temporal knows them (the same tz data that resolved the events' wall-clock times).
// One observance per transition, no RRULE: rules change (São Paulo dropped DST in 2019) and
// explicit dates are what every client reads the same way.

import { fixedOffsetMinutes } from "../../domain/time.ts";

const NS_PER_MS = 1_000_000n;

type Observance = { kind: "STANDARD" | "DAYLIGHT"; instant: Temporal.Instant; from: number; to: number };

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** UTC offset in nanoseconds → RFC 5545 §3.3.14 utc-offset ("+0100", "-0300"; seconds only when needed; never "-0000"). */
function formatUtcOffset(offsetNs: number): string {
  const totalSeconds = Math.round(offsetNs / 1e9);
  const sign = totalSeconds < 0 ? "-" : "+";
  const abs = Math.abs(totalSeconds);
  const seconds = abs % 60;
  return `${sign}${pad(Math.floor(abs / 3600))}${pad(Math.floor(abs / 60) % 60)}${seconds ? pad(seconds) : ""}`;
}

/** A local date-time as RFC 5545 §3.3.5 form #2 without "Z": "20261025T030000". */
export function formatLocalDateTime(dt: Temporal.PlainDateTime): string {
  return `${pad(dt.year, 4)}${pad(dt.month)}${pad(dt.day)}T${pad(dt.hour)}${pad(dt.minute)}${pad(dt.second)}`;
}

/**
 * The zone an event's times are written in, for an event zone that may be a fixed offset (remote
 * events sent with "+01:00" and no zone name): a whole-hour offset becomes its IANA zone, which
 * calendar apps know by name (Etc/GMT-1 is UTC+01:00: POSIX signs are inverted); other offsets
 * stay as they are and get a VTIMEZONE of their own (see `tzidOf`).
 */
export function calendarZone(zone: string): string {
  const minutes = fixedOffsetMinutes(zone);
  if (minutes === null || minutes % 60 !== 0) return zone;
  const hours = minutes / 60;
  return hours >= -12 && hours <= 14 ? `Etc/GMT${hours > 0 ? "-" : "+"}${Math.abs(hours)}` : zone;
}

/**
 * The TZID of a zone: its IANA name, or "UTC+0530" for a fixed offset no IANA zone names. §3.2.19
 * allows no quoting in TZID, so no colon either.
 */
export function tzidOf(zone: string): string {
  return fixedOffsetMinutes(zone) === null ? zone : `UTC${zone.replace(":", "")}`;
}

/** The wall-clock time at `instant` under a fixed offset (sub-minute historical offsets included). */
function wallClock(instant: Temporal.Instant, offsetNs: number): Temporal.PlainDateTime {
  const shifted = Temporal.Instant.fromEpochNanoseconds(instant.epochNanoseconds + BigInt(offsetNs));
  return shifted.toZonedDateTimeISO("UTC").toPlainDateTime();
}

function offsetAt(zone: string, instant: Temporal.Instant): number {
  return instant.toZonedDateTimeISO(zone).offsetNanoseconds;
}

/**
 * DAYLIGHT when the new offset is above the zone's standard one around that date. Temporal does
 * not say which offset is "summer time": the smallest offset seen within ±6 months (sampled every
 * two months, so both seasons are seen) stands for standard time.
 */
function kindOf(zone: string, instant: Temporal.Instant, to: number): Observance["kind"] {
  const stepNs = 61n * 86_400_000n * NS_PER_MS;
  const around = [-3n, -2n, -1n, 1n, 2n, 3n].map((k) => offsetAt(zone, Temporal.Instant.fromEpochNanoseconds(instant.epochNanoseconds + k * stepNs)));
  return to > Math.min(to, ...around) ? "DAYLIGHT" : "STANDARD";
}

function observanceAt(zone: string, transition: Temporal.ZonedDateTime): Observance {
  const instant = transition.toInstant();
  const from = transition.subtract({ nanoseconds: 1 }).offsetNanoseconds;
  const to = transition.offsetNanoseconds;
  return { kind: kindOf(zone, instant, to), instant, from, to };
}

/**
 * The VTIMEZONE of an IANA zone or a fixed offset ("+05:30"), valid for local dates from `fromYear`-01-01 to the end of
 * `toYear`: a leading observance (the rule in force on 1 January of `fromYear`: the last
 * transition before it, or a fixed offset for zones that never change such as UTC), then one
 * observance per transition in the range. Returns unfolded content lines.
 */
export function renderVTimezone(zone: string, fromYear: number, toYear: number): string[] {
  const start = Temporal.PlainDate.from({ year: fromYear, month: 1, day: 1 }).toZonedDateTime(zone);
  const end = Temporal.PlainDate.from({ year: toYear + 1, month: 1, day: 1 }).toZonedDateTime(zone);

  const observances: Observance[] = [];
  const previous = start.getTimeZoneTransition("previous");
  if (previous) observances.push(observanceAt(zone, previous));
  for (let next = start.getTimeZoneTransition("next"); next && Temporal.ZonedDateTime.compare(next, end) < 0; next = next.getTimeZoneTransition("next")) {
    observances.push(observanceAt(zone, next));
  }

  const lines = ["BEGIN:VTIMEZONE", `TZID:${tzidOf(zone)}`];
  if (observances.length === 0) {
    // §3.6.5 wants at least one observance: a fixed offset in force since 1970 (the usual epoch).
    const offset = formatUtcOffset(start.offsetNanoseconds);
    lines.push("BEGIN:STANDARD", "DTSTART:19700101T000000", `TZOFFSETFROM:${offset}`, `TZOFFSETTO:${offset}`, "END:STANDARD");
  }
  for (const o of observances) {
    // §3.6.5: DTSTART is the onset in local time *before* the change, i.e. read with TZOFFSETFROM.
    lines.push(
      `BEGIN:${o.kind}`,
      `DTSTART:${formatLocalDateTime(wallClock(o.instant, o.from))}`,
      `TZOFFSETFROM:${formatUtcOffset(o.from)}`,
      `TZOFFSETTO:${formatUtcOffset(o.to)}`,
      `END:${o.kind}`,
    );
  }
  lines.push("END:VTIMEZONE");
  return lines;
}
