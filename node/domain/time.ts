// Time rules: what a date-time written by an operator means, and how instants read in a zone.
// All zone arithmetic goes through the global Temporal, which knows every DST rule.

/** Dates outside this range are almost always typos (2062 for 2026, 0226…); local dates in the event's zone. */
const SANE_RANGE = Object.freeze({ from: "2000-01-01", until: "2100-01-01" });

/** The forms operators may write: a bare date, or a date-time with an optional offset (RFC 3339 style). */
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)([Zz]|[+-]\d{2}:\d{2})?$/;
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

let knownZones: Set<string> | undefined;

/**
 * The zone's identifier with IANA's capitalisation ("europe/paris" → "Europe/Paris"), or null when
 * it is not an IANA zone name. Offsets such as "+01:00" are not zones: they know no DST.
 */
export function normalizeTimeZone(zone: string): string | null {
  if (zone.length > 64 || !ZONE_NAME.test(zone)) return null;
  knownZones ??= new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);
  if (knownZones.has(zone)) return zone;
  // ICU's list holds one name per zone ("Asia/Calcutta" but not "Asia/Kolkata"): ask Temporal for the others.
  try {
    return Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(zone).timeZoneId;
  } catch {
    return null;
  }
}

/** True for IANA zone names ("Europe/Paris", "UTC"); false for offsets ("+01:00") and unknown names. */
export function isValidTimeZone(zone: string): boolean {
  return normalizeTimeZone(zone) !== null;
}

// Fixed-offset zones: a remote event that gives its times with an offset ("17:30+01:00", as Gancio
// sends them) but names no zone keeps that wall-clock time in a zone that is just the offset.
// Temporal and Intl both take the id "+01:00" as such a zone (ECMA-402 offset time zones).
const FIXED_OFFSET = /^([+-])(\d{2}):(\d{2})$/;
/** Real offsets lie between -12:00 and +14:00; anything far beyond is a mistake, not a place. */
const MAX_OFFSET_MINUTES = 18 * 60;

/** The zone id of a fixed UTC offset in whole minutes ("+01:00", "-03:30"), "UTC" for zero; null beyond ±18:00. */
export function fixedOffsetZone(offsetMinutes: number): string | null {
  if (!Number.isInteger(offsetMinutes) || Math.abs(offsetMinutes) > MAX_OFFSET_MINUTES) return null;
  if (offsetMinutes === 0) return "UTC";
  const abs = Math.abs(offsetMinutes);
  return `${offsetMinutes < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}

/** The offset in minutes of a fixed-offset zone id ("+05:30" → 330), or null when `zone` is not one. */
export function fixedOffsetMinutes(zone: string): number | null {
  const match = FIXED_OFFSET.exec(zone);
  if (!match) return null;
  const minutes = (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
  return Number(match[3]) < 60 && Math.abs(minutes) <= MAX_OFFSET_MINUTES && minutes !== 0 ? minutes : null;
}

/**
 * An event's zone as stored, canonical: an IANA name (as `normalizeTimeZone`) or a fixed offset
 * ("+05:30", remote events only); null for anything else. Readers of stored events use this, so
 * that an offset zone is never mistaken for an unknown one and shown in UTC.
 */
export function normalizeEventZone(zone: string): string | null {
  return fixedOffsetMinutes(zone) === null ? normalizeTimeZone(zone) : zone;
}

/** A date-time as a sender wrote it: the instant, and the UTC offset (minutes) it was written with. */
export type WrittenTime = Readonly<{ instant: string; offsetMinutes: number }>;

/**
 * The zone of times written with offsets but no zone name: `senderZone` (the sending cantine's own
 * zone) when it has exactly those offsets at those instants, else the first time's offset as a
 * fixed-offset zone; null when there is no usable offset.
 */
export function zoneOfWrittenTimes(times: readonly WrittenTime[], senderZone?: string | null): string | null {
  const [first] = times;
  if (!first) return null;
  const zone = senderZone ? normalizeTimeZone(senderZone) : null;
  const agrees = (t: WrittenTime) => toZoned(t.instant, zone!).offsetNanoseconds === t.offsetMinutes * 60e9;
  if (zone && times.every(agrees)) return zone;
  return fixedOffsetZone(first.offsetMinutes);
}

export type ResolvedDateTime = { instant: string; allDay: boolean };

/**
 * What an operator's date-time means, as a UTC instant (`Temporal.Instant.toString()`):
 * - with `Z` or an offset (`2026-11-05T19:00+01:00`): that instant;
 * - local (`2026-11-05T19:00`, seconds optional): that wall-clock time in `zone`; a time skipped by a
 *   DST gap moves forward by the gap's length (Temporal's "compatible", like most calendars);
 * - a bare date (`2026-11-05`): an all-day value, the instant the day starts in `zone`.
 */
export function resolveDateTime(value: string, zone: string): ResolvedDateTime | { error: string } {
  const shape = `must be a date-time like "2026-11-05T19:00" (optionally with "Z" or an offset like "+01:00") or a date like "2026-11-05"`;
  if (value.length > 40) return { error: shape };
  if (!isValidTimeZone(zone)) return { error: `cannot be read in the unknown time zone ${JSON.stringify(zone)}` };
  try {
    if (DATE.test(value)) {
      const start = Temporal.PlainDate.from(value).toZonedDateTime(zone);
      return inRange(start) ?? { instant: start.toInstant().toString(), allDay: true };
    }
    const match = DATE_TIME.exec(value);
    if (!match) return { error: shape };
    const [, date, time, offset] = match;
    const local = Temporal.PlainDateTime.from(`${date}T${time}`);
    const zoned = offset
      ? Temporal.Instant.from(`${date}T${time}${offset.toUpperCase()}`).toZonedDateTimeISO(zone)
      : local.toZonedDateTime(zone, { disambiguation: "compatible" });
    return inRange(zoned) ?? { instant: zoned.toInstant().toString(), allDay: false };
  } catch {
    // Temporal rejects impossible calendar values: 2026-02-30, 25:00, offset +99:00…
    return { error: `${JSON.stringify(value)} is not a real date or time` };
  }
}

function inRange(zoned: Temporal.ZonedDateTime): { error: string } | undefined {
  const date = zoned.toPlainDate();
  if (Temporal.PlainDate.compare(date, SANE_RANGE.from) >= 0 && Temporal.PlainDate.compare(date, SANE_RANGE.until) < 0) {
    return undefined;
  }
  return { error: `must be between ${SANE_RANGE.from} and ${SANE_RANGE.until} (got ${date.toString()})` };
}

/** The instant as a date-time in the zone. Throws a RangeError for an invalid instant or zone (stored data is valid). */
export function toZoned(instant: string, zone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.from(instant).toZonedDateTimeISO(zone);
}

/** The local calendar date of an instant in the zone, "YYYY-MM-DD". */
export function localDateOf(instant: string, zone: string): string {
  return toZoned(instant, zone).toPlainDate().toString();
}

/**
 * An instant spelled as Temporal.Instant#toString spells it ("…T18:00:00Z", "…T18:00:00.5Z": no
 * ".000", a fraction's trailing zeros left out), through Date, several times cheaper than the
 * Temporal polyfill: stores spell every time they read, outboxes every time they write.
 */
export function instantText(epochMs: number): string {
  const text = new Date(epochMs).toISOString(); // …T10:00:00.000Z, or ±YYYYYY-… outside years 0–9999
  if (epochMs % 1000 === 0) return `${text.slice(0, -5)}Z`;
  return text.replace(/0{1,2}Z$/, "Z");
}
