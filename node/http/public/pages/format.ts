import type { CantineEvent } from "../../../domain/events/event.ts";
import { dateTimeFormat } from "../../../domain/intl-formatters.ts";
import { fixedOffsetMinutes } from "../../../domain/time.ts";
import { inZone } from "../../api/event-json.ts";

// Dates and times for pages: always through Intl, always in the event's or the viewer's zone,
// never the server's. An event's zone may be a fixed offset ("+01:00", a remote event sent with
// an offset and no zone name): Intl takes those as time zones too.

const formatter = dateTimeFormat;

// Temporal's polyfill is slow; the local day of an instant is read through a cached formatter,
// and remembered: a page asks the day of each of its events several times (grouping, links).
const DAYS_KEPT = 10_000;
const days = new Map<string, string>();
function localDay(instant: string, tz: string): string {
  const key = `${tz} ${instant}`;
  let day = days.get(key);
  if (day !== undefined) return day;
  const parts = formatter("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(new Date(instant));
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  day = `${get("year")}-${get("month")}-${get("day")}`;
  if (days.size >= DAYS_KEPT) days.clear();
  days.set(key, day);
  return day;
}

/** A time zone Intl knows, given as an IANA name (checked before it reaches a cookie or a page). */
export function isTimeZone(tz: unknown): tz is string {
  if (typeof tz !== "string" || tz.length > 64 || !/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(tz)) return false;
  try {
    formatter("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Every zone for the chooser, UTC included. */
export function timeZones(): string[] {
  const zones = Intl.supportedValuesOf("timeZone");
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}

/** The local date (YYYY-MM-DD) of an instant in a zone: the agenda groups by it. */
export function dayOf(instant: string, tz: string): string {
  return localDay(instant, tz);
}

/** The instant a local date starts in a zone (midnight, or the first valid time on DST days). */
export function startOfDay(day: string, tz: string): string {
  return Temporal.PlainDate.from(day).toZonedDateTime({ timeZone: tz }).toInstant().toString();
}

export function formatDay(day: string, locale: string): string {
  return formatter(locale, { dateStyle: "full", timeZone: "UTC" }).format(new Date(`${day}T12:00:00Z`));
}

/** A short date for a list of dates: "Tue 8 Dec". */
export function formatShortDay(day: string, locale: string): string {
  return formatter(locale, { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" }).format(new Date(`${day}T12:00:00Z`));
}

function formatMonth(month: string, locale: string): string {
  return formatter(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${month}-15T12:00:00Z`));
}

/**
 * A date standing alone as a heading starts with a capital: "mardi 1 décembre 2026" becomes
 * "Mardi 1 décembre 2026" (French, Spanish and Portuguese write weekdays and months in lower case,
 * so capitalising every word, as CSS `text-transform` does, would be wrong). English is unchanged.
 */
function capitalizeFirst(text: string, locale: string): string {
  const first = text.codePointAt(0);
  if (first === undefined) return text;
  const char = String.fromCodePoint(first);
  return char.toLocaleUpperCase(locale) + text.slice(char.length);
}

/** A day as the agenda's heading: "Mardi 1 décembre 2026", "Tuesday 1 December 2026". */
export function formatDayHeading(day: string, locale: string): string {
  return capitalizeFirst(formatDay(day, locale), locale);
}

/** A month as a heading: "Décembre 2026", "Dezembro de 2026". */
export function formatMonthHeading(month: string, locale: string): string {
  return capitalizeFirst(formatMonth(month, locale), locale);
}

/** The month (YYYY-MM) an event belongs to for a viewer: all-day events keep their own dates. */
export function monthOf(event: CantineEvent, tz: string): string {
  return dayOf(event.startsAt, event.allDay ? event.timezone : tz).slice(0, 7);
}

export function formatTime(instant: string, tz: string, locale: string): string {
  return formatter(locale, { timeStyle: "short", timeZone: tz }).format(new Date(instant));
}

/** Weekday names, Monday first, for the month grid's header. */
export function weekdayNames(locale: string, width: "short" | "long" = "short"): string[] {
  // 2026-11-02 is a Monday.
  return Array.from({ length: 7 }, (_, i) => formatter(locale, { weekday: width, timeZone: "UTC" }).format(new Date(Date.UTC(2026, 10, 2 + i, 12))));
}

/** "Tuesday 8 December 2026, 19:00–21:00" in `tz`; all-day events keep their own dates whatever the viewer's zone. */
export function formatWhen(event: CantineEvent, tz: string, locale: string): string {
  const start = new Date(event.startsAt);
  if (event.allDay) {
    const format = formatter(locale, { dateStyle: "full", timeZone: event.timezone });
    // An all-day end is the next midnight (exclusive): show the last day it covers.
    const lastDay = event.endsAt ? new Date(Date.parse(event.endsAt) - 1) : start;
    return lastDay > start ? format.formatRange(start, lastDay) : format.format(start);
  }
  const format = formatter(locale, { dateStyle: "full", timeStyle: "short", timeZone: tz });
  return event.endsAt ? format.formatRange(start, new Date(event.endsAt)) : format.format(start);
}

/** "UTC+1": the zone's offset at that instant, for readers who do not know the IANA name. */
export function offsetName(instant: string, tz: string, locale: string): string {
  const parts = formatter(locale, { timeZone: tz, timeZoneName: "shortOffset" }).formatToParts(new Date(instant));
  return parts.find((part) => part.type === "timeZoneName")?.value ?? tz;
}

/** A zone as people read it: "Europe/Paris" → "Europe/Paris", "America/Sao_Paulo" → "America/Sao Paulo", "+01:00" → "UTC+01:00". */
export function zoneName(tz: string): string {
  return fixedOffsetMinutes(tz) === null ? tz.replaceAll("_", " ") : `UTC${tz}`;
}

/** "Europe/Paris, UTC+1"; a fixed offset is its own label ("UTC+05:30"). */
export function zoneLabel(tz: string, instant: string, locale: string): string {
  return fixedOffsetMinutes(tz) === null ? `${zoneName(tz)}, ${offsetName(instant, tz, locale)}` : zoneName(tz);
}

/** ISO 8601 with the zone's offset (schema.org and `<time datetime>` keep the local wall time visible). */
export function isoInZone(instant: string, tz: string): string {
  return inZone(instant, tz);
}
