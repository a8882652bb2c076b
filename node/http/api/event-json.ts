import type { CantineEvent } from "../../domain/events/event.ts";
import { participationMode } from "../../domain/participation/modes.ts";
import type { Project } from "../../domain/projects/project.ts";

const wallClocks = new Map<string, Intl.DateTimeFormat>();

function wallClockIn(zone: string): Intl.DateTimeFormat {
  let format = wallClocks.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    wallClocks.set(zone, format);
  }
  return format;
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * An instant as wall-clock time with offset in a zone, e.g. 2026-11-03T19:00:00+01:00. Same
 * output as Temporal's `toZonedDateTimeISO(zone).toString({ timeZoneName: "never", smallestUnit:
 * "second" })`, with one cached Intl formatter per zone and a memo of recent answers: the
 * calendar calls it four times per event, and the Temporal polyfill was a large part of a page.
 */
export function inZone(instant: string, zone: string): string {
  const key = `${zone} ${instant}`;
  let text = rendered.get(key);
  if (text === undefined) {
    if (rendered.size >= MEMO_LIMIT) rendered.clear();
    rendered.set(key, (text = wallClockText(instant, zone)));
  }
  return text;
}

// Calendar pages show the same events again and again: remember recent answers (pure function).
const MEMO_LIMIT = 50_000;
const rendered = new Map<string, string>();

function wallClockText(instant: string, zone: string): string {
  const epochMs = Date.parse(instant);
  const seconds = Math.floor(epochMs / 1000) * 1000;
  const fields: Record<string, number> = {};
  try {
    for (const part of wallClockIn(zone).formatToParts(epochMs)) if (part.type !== "literal") fields[part.type] = Number(part.value);
  } catch {
    fields.year = Number.NaN;
  }
  const { year, month, day, hour, minute, second } = fields;
  if (!Number.isInteger(year) || year! < 1000 || year! > 9999) {
    return Temporal.Instant.from(instant).toZonedDateTimeISO(zone).toString({ timeZoneName: "never", smallestUnit: "second" });
  }
  const offsetMinutes = Math.round((Date.UTC(year!, month! - 1, day, hour, minute, second) - seconds) / 60_000);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const offset = `${sign}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
  return `${year}-${pad(month!)}-${pad(day!)}T${pad(hour!)}:${pad(minute!)}:${pad(second!)}${offset}`;
}

/** The public JSON of an event (API responses, admin replies). */
export function eventJson(event: CantineEvent) {
  return {
    id: event.id,
    url: event.url,
    apId: event.apId,
    local: event.local,
    title: event.title,
    description: event.description,
    descriptionHtml: event.descriptionHtml,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    timezone: event.timezone,
    localStart: inZone(event.startsAt, event.timezone),
    localEnd: event.endsAt ? inZone(event.endsAt, event.timezone) : null,
    allDay: event.allDay,
    location: event.location,
    organizer: event.organizer,
    tags: event.tags,
    image: event.image,
    language: event.language,
    status: event.status,
    capacity: event.capacity,
    registrationUrl: event.registrationUrl,
    category: event.category,
    // How people take part (our events only: a remote event's own server decides).
    participation: event.local ? participationMode(event) : null,
    seriesId: event.seriesId,
    publishedAt: event.publishedAt,
    updatedAt: event.updatedAt,
    sequence: event.sequence,
  };
}

/** The public JSON of a project. */
export function projectJson(project: Project) {
  return {
    id: project.id,
    url: project.url,
    apId: project.apId,
    local: project.local,
    title: project.title,
    summary: project.summary,
    description: project.description,
    descriptionHtml: project.descriptionHtml,
    stage: project.stage,
    lookingFor: project.lookingFor,
    cities: project.cities,
    tags: project.tags,
    links: project.links,
    contact: project.contact,
    language: project.language,
    publishedAt: project.publishedAt,
    updatedAt: project.updatedAt,
  };
}
