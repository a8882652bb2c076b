// Our recurring series in iCalendar (RFC 5545 §3.8.5): one VEVENT with the series' RRULE instead
// of one VEVENT per occurrence, so that calendar apps show and edit them as one series. An
// occurrence edited or cancelled on its own becomes an override (same UID, RECURRENCE-ID); a date
// the rule gives but that has no occurrence (deleted, or filtered out of this feed) an EXDATE.
// Remote events carry no rule, and occurrences the rule cannot describe (a date an older rule
// made) stay VEVENTs of their own, linked to their series by RELATED-TO. Pure: entries in, plans out.

import type { CantineEvent, EventSeries } from "../../domain/events/event.ts";
import type { RRule } from "../../domain/events/recurrence.ts";
import { expandOccurrences, formatRRule } from "../../domain/events/recurrence.ts";
import { normalizeEventInput } from "../../domain/events/validate-event.ts";
import { storedInput } from "../../domain/input.ts";
import type { CalendarEntry } from "../../domain/network/cantines.ts";
import { formatLocalDateTime, tzidOf } from "./vtimezone.ts";

/** What the feeds need to know of a live series of ours: its rule, zone and first start, how far it is published. */
export type SeriesRule = Readonly<{
  id: string;
  rule: RRule;
  zone: string;
  /** Wall-clock start of the series' first occurrence, in `zone` (COUNT and INTERVAL count from it). */
  first: Temporal.PlainDateTime;
  /** Occurrences exist up to this instant; later ones are the rule's alone. */
  horizonUntil: string;
  updatedAt: string;
}>;

/** One VEVENT to write: the event it shows (its `apId` is the UID) and lines the event alone does not give. */
export type VeventPlan = Readonly<{ entry: CalendarEntry; extra: readonly string[] }>;

const FAR_FUTURE = Temporal.Instant.from("2100-01-01T00:00:00Z");
const DAY_MS = 86_400_000;

/** A stored series read for the feeds, or null if its input no longer reads as a series. */
export function seriesRuleOf(series: EventSeries, now: Date): SeriesRule | null {
  const read = normalizeEventInput(storedInput(series.input), { timezone: series.timezone, now: Temporal.Instant.from(now.toISOString()) });
  if (!read.ok || !read.value.recurrence) return null;
  const zone = read.value.timezone;
  const first = Temporal.Instant.from(read.value.startsAt).toZonedDateTimeISO(zone).toPlainDateTime();
  return { id: series.id, rule: read.value.recurrence.rule, zone, first, horizonUntil: series.horizonUntil, updatedAt: series.updatedAt };
}

/** The UID (and URL: it redirects to the next occurrence) of a series of ours, on the origin of its events. */
function seriesUid(event: CantineEvent): string | null {
  return event.local && event.seriesId ? new URL(`/series/${encodeURIComponent(event.seriesId)}`, event.apId).href : null;
}

/**
 * The VEVENTs of a feed, in the entries' order: each series with a known rule becomes one recurring
 * VEVENT (where its first entry was) and its overrides; everything else stays as it is.
 * `coveredUntil`: the entries hold every matching event starting before this instant (a feed cut
 * at its size limit); past it, no date is excluded for lack of an entry.
 */
export function planVevents(entries: readonly CalendarEntry[], series: ReadonlyMap<string, SeriesRule>, coveredUntil?: string): VeventPlan[] {
  const members = new Map<string, CalendarEntry[]>();
  for (const entry of entries) {
    const id = entry.event.local ? entry.event.seriesId : null;
    if (id && series.has(id)) members.set(id, [...(members.get(id) ?? []), entry]);
  }
  const plans: VeventPlan[] = [];
  for (const entry of entries) {
    const id = entry.event.local ? entry.event.seriesId : null;
    const group = id ? members.get(id) : undefined;
    if (!id || !group) {
      plans.push(alone(entry));
    } else if (group[0] === entry) {
      plans.push(...planSeries(series.get(id)!, group, coveredUntil));
    }
  }
  return plans;
}

/** An event as its own VEVENT; an occurrence of our series points to it (RFC 5545 §3.8.4.5, RELTYPE=PARENT). */
function alone(entry: CalendarEntry): VeventPlan {
  const parent = seriesUid(entry.event);
  return { entry, extra: parent ? [`RELATED-TO:${parent}`] : [] };
}

type Expected = { startsAt: string; endsAt: string | null };

function planSeries(series: SeriesRule, group: readonly CalendarEntry[], coveredUntil?: string): VeventPlan[] {
  const dated = group.filter(({ event }) => /^\d{4}-\d{2}-\d{2}$/.test(event.occurrenceDate ?? ""));
  if (dated.length === 0) return group.map(alone);
  // The series as it stands: its latest occurrence that follows it (not edited on its own).
  const template = (dated.filter(({ event }) => !event.detached).at(-1) ?? dated.at(-1)!).event;
  const zone = series.zone;
  const time = template.allDay ? new Temporal.PlainTime() : Temporal.Instant.from(template.startsAt).toZonedDateTimeISO(zone).toPlainTime();
  const duration = template.endsAt ? Date.parse(template.endsAt) - Date.parse(template.startsAt) : null;
  const first = { local: series.first.toPlainDate().toPlainDateTime(time), zone };

  const earliest = dated.map(({ event }) => event.occurrenceDate!).sort()[0]!;
  const coverage = Math.min(Date.parse(series.horizonUntil), coveredUntil ? Date.parse(coveredUntil) : Infinity);
  const expected = new Map<string, Expected>();
  const from = Temporal.PlainDate.from(earliest).toZonedDateTime({ timeZone: zone }).toInstant();
  // Two days past the coverage: an occurrence dated just before it still finds its date.
  const until = Temporal.Instant.fromEpochMilliseconds(Math.min(coverage + 2 * DAY_MS, FAR_FUTURE.epochMilliseconds));
  for (const o of expandOccurrences(series.rule, first, duration, { from, until }, 5_000))
    expected.set(o.localDate, { startsAt: o.startsAt, endsAt: o.endsAt });

  const instances = new Map<string, CalendarEntry>();
  const others: CalendarEntry[] = [];
  for (const entry of group) {
    const date = entry.event.occurrenceDate ?? "";
    if (expected.has(date) && !instances.has(date)) instances.set(date, entry);
    else others.push(entry);
  }
  if (instances.size === 0) return group.map(alone);

  const dates = [...instances.keys()].sort();
  const anchor = expected.get(dates[0]!)!;
  const followers = [...instances.values()].filter(({ event }) => !event.detached);
  const uid = seriesUid(template)!;
  const master: CantineEvent = {
    ...template,
    apId: uid,
    url: uid,
    startsAt: anchor.startsAt,
    endsAt: anchor.endsAt,
    sequence: Math.max(template.sequence, ...followers.map(({ event }) => event.sequence)),
    updatedAt: [series.updatedAt, template.updatedAt, ...followers.map(({ event }) => event.updatedAt)].sort().at(-1)!,
  };
  const missing = [...expected.entries()]
    .filter(([date, o]) => date > dates[0]! && Date.parse(o.startsAt) < coverage && !instances.has(date))
    .map(([, o]) => o);
  const masterLines = [`RRULE:${ruleFrom(series, first, duration, dates[0]!, template.allDay)}`];
  if (missing.length > 0)
    masterLines.push(
      `EXDATE${dateValue(
        missing.map((o) => o.startsAt),
        zone,
        template.allDay,
      )}`,
    );

  const plans: VeventPlan[] = [{ entry: { ...instances.get(dates[0]!)!, event: master }, extra: masterLines }];
  for (const date of dates) {
    const entry = instances.get(date)!;
    const o = expected.get(date)!;
    if (entry.event.startsAt === o.startsAt && entry.event.endsAt === o.endsAt && sameContent(entry.event, template)) continue;
    plans.push({ entry: { ...entry, event: { ...entry.event, apId: uid } }, extra: [`RECURRENCE-ID${dateValue([o.startsAt], zone, template.allDay)}`] });
  }
  return [...plans, ...others.map(alone)];
}

/** What a VEVENT shows of an occurrence besides its times: an occurrence that differs is an override. */
function sameContent(a: CantineEvent, b: CantineEvent): boolean {
  return (
    a.title === b.title &&
    a.descriptionHtml === b.descriptionHtml &&
    a.status === b.status &&
    a.allDay === b.allDay &&
    a.registrationUrl === b.registrationUrl &&
    a.timezone === b.timezone &&
    JSON.stringify(a.location) === JSON.stringify(b.location) &&
    JSON.stringify(a.tags) === JSON.stringify(b.tags)
  );
}

/** ";TZID=Europe/Paris:20261208T190000,…" for timed occurrences, ";VALUE=DATE:20261208,…" for all-day ones (§3.3.4, §3.3.5). */
function dateValue(instants: readonly string[], zone: string, allDay: boolean): string {
  const local = instants.map((instant) => Temporal.Instant.from(instant).toZonedDateTimeISO(zone));
  return allDay
    ? `;VALUE=DATE:${local.map((z) => z.toPlainDate().toString().replace(/-/g, "")).join(",")}`
    : `;TZID=${tzidOf(zone)}:${local.map((z) => formatLocalDateTime(z.toPlainDateTime())).join(",")}`;
}

/**
 * The series' rule as seen from `anchorDate`, the VEVENT's DTSTART. Counting from a later start
 * would change what COUNT means, so COUNT becomes the UNTIL of the last occurrence; an UNTIL is
 * written as §3.3.10 wants with this DTSTART: a UTC date-time for timed events, a date for all-day ones.
 */
function ruleFrom(
  series: SeriesRule,
  first: { local: Temporal.PlainDateTime; zone: string },
  duration: number | null,
  anchorDate: string,
  allDay: boolean,
): string {
  const { rule, zone } = series;
  if (rule.count !== null && anchorDate === first.local.toPlainDate().toString()) return formatRRule(rule);
  let last: Temporal.Instant | Temporal.PlainDate | null = null;
  if (rule.count !== null) {
    const all = expandOccurrences(rule, first, duration, { from: first.local.toZonedDateTime(zone).toInstant(), until: FAR_FUTURE }, rule.count);
    const end = all.at(-1);
    last = end ? Temporal.Instant.from(end.startsAt) : null;
  } else if (rule.until instanceof Temporal.PlainDate) {
    last = allDay ? rule.until : rule.until.toPlainDateTime(first.local.toPlainTime()).toZonedDateTime(zone, { disambiguation: "compatible" }).toInstant();
  } else if (rule.until instanceof Temporal.PlainDateTime) {
    last = rule.until.toZonedDateTime(zone, { disambiguation: "compatible" }).toInstant();
  } else if (rule.until) {
    last = rule.until;
  }
  if (last instanceof Temporal.Instant && allDay) last = last.toZonedDateTimeISO(zone).toPlainDate();
  return formatRRule({ ...rule, count: null, until: last });
}
