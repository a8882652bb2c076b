// iCalendar (RFC 5545) feeds of the worldwide calendar. Pure: entries in, text out.
// Times stay in each event's own zone (DTSTART;TZID=…) so that "19:00 in Paris" is still
// 19:00 after a DST change, with one VTIMEZONE per zone built from the real tz transitions.
// Our own series are written as one recurring VEVENT with its overrides (ics-series.ts).

import type { CantineEvent } from "../../domain/events/event.ts";
import type { CalendarEntry } from "../../domain/network/cantines.ts";
import { htmlToText } from "../../domain/rich-text.ts";
import { fixedOffsetMinutes, normalizeEventZone, normalizeTimeZone } from "../../domain/time.ts";
import type { AnswerCache } from "../answer-cache.ts";
import type { SeriesRule } from "./ics-series.ts";
import { planVevents } from "./ics-series.ts";
import { calendarZone, formatLocalDateTime, renderVTimezone, tzidOf } from "./vtimezone.ts";

const DEFAULT_PRODID = "-//Cantine//Cantine node//EN";

export type CalendarOptions = Readonly<{
  name: string;
  description?: string;
  now: Date;
  prodId?: string;
  /** Zone of the VTIMEZONE an empty calendar still carries (§3.6 wants one component at least). */
  timezone?: string;
  /** Our live series by id: their occurrences are written as one recurring VEVENT (ics-series.ts). */
  series?: ReadonlyMap<string, SeriesRule>;
  /** The entries hold every matching event that starts before this instant (a feed cut at its limit). */
  coveredUntil?: string;
  /** Where VEVENTs and VTIMEZONEs already rendered are kept (the node's cache); without it, all are rendered. */
  memo?: CalendarMemo;
}>;

/** Pure renderings kept by key (the node's AnswerCache). */
type CalendarMemo = Pick<AnswerCache, "remember">;

const CRLF = "\r\n";
const MAX_OCTETS = 75;

/** §3.3.11 TEXT: backslash, semicolon, comma and line breaks escaped; other control characters dropped. */
export function escapeText(text: string): string {
  return text
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\r\n|\r|\n/g, "\\n")
    .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, "");
}

/** §3.2 param-value: a quoted-string cannot hold DQUOTE or control characters. */
function quoteParam(value: string): string {
  return `"${value.replace(/[\x00-\x1f\x7f"]/g, "'")}"`;
}

/** URI values (§3.3.13) are not escaped: keep only absolute http(s) and mailto URLs, re-serialised (no spaces or controls). */
function uri(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    // Calendar apps open these: a javascript: or data: one stored by an older version stays out.
    return ["http:", "https:", "mailto:"].includes(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The banner: ATTACH (RFC 5545 §3.8.1.1) and RFC 7986 §5.10 IMAGE, over http(s) only. */
function image(event: CantineEvent): string[] {
  const url = uri(event.image?.url);
  if (!url || !/^https?:/.test(url)) return [];
  const type = event.image?.mediaType && /^image\/[a-z0-9.+-]{1,60}$/i.test(event.image.mediaType) ? `;FMTTYPE=${event.image.mediaType.toLowerCase()}` : "";
  return [`ATTACH${type}:${url}`, `IMAGE;VALUE=URI;DISPLAY=BADGE${type}:${url}`];
}

/**
 * §3.1: lines longer than 75 octets are folded, each continuation starting with one space.
 * Counts UTF-8 bytes and cuts between code points only, so no character is ever split.
 */
export function foldLine(line: string): string {
  // A UTF-16 unit is at most 3 UTF-8 octets (a surrogate pair, two units, is 4): most lines are
  // decided by their length alone, without counting.
  if (line.length * 3 <= MAX_OCTETS || Buffer.byteLength(line, "utf8") <= MAX_OCTETS) return line;
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  let limit = MAX_OCTETS;
  for (const char of line) {
    const code = char.codePointAt(0)!;
    const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
      limit = MAX_OCTETS - 1; // the leading space counts
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

/** §3.3.5 form #2: "20261208T180000Z". */
function utc(instant: string | Date): string {
  return new Date(instant)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

function isoDate(date: Temporal.PlainDate): string {
  return date.toString().replace(/-/g, "");
}

/** The zone the event's times are written in: its own, a fixed offset included (never silently UTC). */
function zoneOf(event: CantineEvent): string {
  let zone = zones.get(event.timezone);
  if (zone === undefined) {
    zone = calendarZone(normalizeEventZone(event.timezone) ?? "UTC");
    if (zones.size >= 1_000) zones.clear();
    zones.set(event.timezone, zone);
  }
  return zone;
}
// Stored zone → the zone written: a feed asks it of each of its events, and they share a few zones.
const zones = new Map<string, string>();

/** All-day end: the exclusive next local midnight (§3.6.1); a sloppy remote end is rounded up to it. */
function allDayEnd(event: CantineEvent, zone: string, start: Temporal.ZonedDateTime): Temporal.PlainDate {
  const first = start.toPlainDate();
  if (!event.endsAt) return first.add({ days: 1 });
  const end = Temporal.Instant.from(event.endsAt).toZonedDateTimeISO(zone);
  const date = end.toPlainTime().equals(new Temporal.PlainTime()) ? end.toPlainDate() : end.toPlainDate().add({ days: 1 });
  return Temporal.PlainDate.compare(date, first) > 0 ? date : first.add({ days: 1 });
}

const STATUS = { scheduled: "CONFIRMED", cancelled: "CANCELLED", postponed: "TENTATIVE" } as const;

function place(event: CantineEvent): string | undefined {
  const location = event.location;
  if (!location) return undefined;
  const parts = [location.name, location.room, location.address].map((p) => p?.trim()).filter((p): p is string => !!p);
  return parts.length > 0 ? parts.join(", ") : uri(location.url);
}

function description(event: CantineEvent): string {
  const lines = [htmlToText(event.descriptionHtml)];
  const online = uri(event.location?.url);
  if (online && place(event) !== online) lines.push(`Online: ${online}`);
  const registration = uri(event.registrationUrl);
  if (registration) lines.push(`Registration: ${registration}`);
  return lines.filter(Boolean).join("\n\n");
}

/** One VEVENT; `extra` lines (RRULE, EXDATE, RECURRENCE-ID, RELATED-TO) follow its times. */
function vevent(entry: CalendarEntry, now: Date, extra: readonly string[]): string[] {
  const { event, source } = entry;
  const zone = zoneOf(event);
  const start = Temporal.Instant.from(event.startsAt).toZonedDateTimeISO(zone);
  const lines = [
    "BEGIN:VEVENT",
    // §3.8.4.7: the ActivityPub id is the same on every node that relays the event.
    `UID:${escapeText(event.apId)}`,
    // §3.8.7.2: the revision time rather than "now" keeps the body, hence its ETag, stable.
    `DTSTAMP:${utc(Number.isNaN(Date.parse(event.updatedAt)) ? now : event.updatedAt)}`,
  ];
  if (event.allDay) {
    lines.push(`DTSTART;VALUE=DATE:${isoDate(start.toPlainDate())}`, `DTEND;VALUE=DATE:${isoDate(allDayEnd(event, zone, start))}`);
    // §3.8.2.7: an all-day event (a festival, an exhibition) does not make its attendees busy all day.
    lines.push("TRANSP:TRANSPARENT");
  } else {
    lines.push(`DTSTART;TZID=${tzidOf(zone)}:${formatLocalDateTime(start.toPlainDateTime())}`);
    // §3.6.1: without DTEND a timed event ends when it starts, which is what we know.
    if (event.endsAt) {
      const end = Temporal.Instant.from(event.endsAt).toZonedDateTimeISO(zone);
      lines.push(`DTEND;TZID=${tzidOf(zone)}:${formatLocalDateTime(end.toPlainDateTime())}`);
    }
  }
  lines.push(...extra);
  if (!Number.isNaN(Date.parse(event.publishedAt))) lines.push(`CREATED:${utc(event.publishedAt)}`);
  if (!Number.isNaN(Date.parse(event.updatedAt))) lines.push(`LAST-MODIFIED:${utc(event.updatedAt)}`);
  lines.push(`SEQUENCE:${Math.max(0, Math.trunc(event.sequence) || 0)}`, `SUMMARY:${escapeText(event.title)}`);
  const text = description(event);
  if (text) lines.push(`DESCRIPTION:${escapeText(text)}`);
  const url = uri(event.url);
  if (url) lines.push(`URL:${url}`);
  const where = place(event);
  if (where) lines.push(`LOCATION:${escapeText(where)}`);
  const { lat, lon } = event.location ?? {};
  // §3.8.1.6: "GEO:lat;lon" as floats; fixed notation (no exponent), six decimals ≈ 10 cm.
  if (Number.isFinite(lat) && Number.isFinite(lon)) lines.push(`GEO:${lat!.toFixed(6)};${lon!.toFixed(6)}`);
  if (event.tags.length > 0) lines.push(`CATEGORIES:${event.tags.map(escapeText).join(",")}`);
  lines.push(`STATUS:${STATUS[event.status] ?? "CONFIRMED"}`);
  const organizer = uri(source.url ?? source.actorId);
  if (organizer) lines.push(`ORGANIZER;CN=${quoteParam(source.name)}:${organizer}`);
  lines.push(...image(event));
  lines.push("END:VEVENT");
  return lines;
}

// A VEVENT depends only on the event's version and its cantine: feeds re-render the same events
// whenever anything is written, so a node keeps the text in its cache (`CalendarOptions.memo`).
function memoVevent(entry: CalendarEntry, now: Date, extra: readonly string[], memo: CalendarMemo | undefined): string {
  if (!memo) return folded(vevent(entry, now, extra));
  // The store hands out the same entry objects until something is written: the text found for
  // one is kept beside it, and the key below is made only for entries new since the last write.
  const plan = extra.join("\n");
  const known = byEntry.get(entry);
  if (known?.plan === plan) return known.text;
  const text = keptVevent(entry, now, extra, memo);
  byEntry.set(entry, { plan, text });
  return text;
}
const byEntry = new WeakMap<CalendarEntry, { plan: string; text: string }>();

function keptVevent(entry: CalendarEntry, now: Date, extra: readonly string[], memo: CalendarMemo): string {
  const { event, source } = entry;
  // A series' VEVENT takes its times and UID from the plan, not from one stored version: they are part of the key.
  const key = [
    event.apId,
    event.updatedAt,
    event.sequence,
    event.status,
    event.startsAt,
    event.endsAt,
    source.name,
    source.url ?? source.actorId,
    ...extra,
  ].join("\n");
  return memo.remember("vevent", key, () => folded(vevent(entry, now, extra)));
}

/** Lines as they are served: folded, CRLF after each. Fragments are kept folded, so a feed is a join. */
function folded(lines: readonly string[]): string {
  let text = "";
  for (const line of lines) text += foldLine(line) + CRLF;
  return text;
}

/**
 * Per zone, the years its events touch: the VTIMEZONE covers one more on each side, which also
 * absorbs the few hours a local year differs from the UTC one.
 */
function zoneYears(entries: readonly CalendarEntry[]): Map<string, { from: number; to: number }> {
  const years = new Map<string, { from: number; to: number }>();
  for (const { event } of entries) {
    const zone = zoneOf(event);
    // Instants are stored in one spelling, year first (rows.ts `iso`); far years keep a sign.
    const first = yearOf(event.startsAt);
    const last = event.endsAt ? yearOf(event.endsAt) : first;
    const known = years.get(zone);
    years.set(zone, { from: Math.min(known?.from ?? first, first), to: Math.max(known?.to ?? last, last) });
  }
  return years;
}

function yearOf(instant: string): number {
  return /^\d{4}-/.test(instant) ? Number(instant.slice(0, 4)) : new Date(instant).getUTCFullYear();
}

/** The IANA zone most events use, when more than half of them do (X-WR-TIMEZONE takes only IANA names). */
function dominantZone(entries: readonly CalendarEntry[]): string | undefined {
  const counts = new Map<string, number>();
  for (const { event } of entries) {
    const zone = zoneOf(event);
    counts.set(zone, (counts.get(zone) ?? 0) + 1);
  }
  const [zone, count] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [];
  return zone && count! * 2 > entries.length && fixedOffsetMinutes(zone) === null ? zone : undefined;
}

/** A whole VCALENDAR (§3.4, §3.6) with CRLF line ends and folded lines, ready to serve. */
export function renderCalendar(entries: readonly CalendarEntry[], options: CalendarOptions): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${escapeText(options.prodId ?? DEFAULT_PRODID)}`,
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    // RFC 7986 NAME/DESCRIPTION and REFRESH-INTERVAL, plus the X-WR-/X-PUBLISHED- forms older clients read.
    `NAME:${escapeText(options.name)}`,
    `X-WR-CALNAME:${escapeText(options.name)}`,
  ];
  if (options.description) lines.push(`DESCRIPTION:${escapeText(options.description)}`, `X-WR-CALDESC:${escapeText(options.description)}`);
  lines.push("REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H");
  const dominant = dominantZone(entries);
  if (dominant) lines.push(`X-WR-TIMEZONE:${dominant}`);

  const years = zoneYears(entries);
  if (years.size === 0) {
    const year = options.now.getUTCFullYear();
    years.set(normalizeTimeZone(options.timezone ?? "UTC") ?? "UTC", { from: year, to: year });
  }
  const parts = [folded(lines)];
  for (const [zone, range] of [...years].sort(([a], [b]) => a.localeCompare(b))) {
    const render = () => folded(renderVTimezone(zone, range.from - 1, range.to + 1));
    parts.push(options.memo ? options.memo.remember("vtimezone", `${zone}|${range.from}|${range.to}`, render) : render());
  }
  for (const { entry, extra } of planVevents(entries, options.series ?? new Map(), options.coveredUntil))
    parts.push(memoVevent(entry, options.now, extra, options.memo));
  parts.push(`END:VCALENDAR${CRLF}`);
  return parts.join("");
}
