import type { CantineEvent } from "../../domain/events/event.ts";
import { dateTimeFormat } from "../../domain/intl-formatters.ts";
import { participationMode } from "../../domain/participation/modes.ts";
import type { Project } from "../../domain/projects/project.ts";

// Wall-clock fields in a zone, 24-hour, every field numeric: parsed back into ISO 8601.
const WALL_CLOCK: Intl.DateTimeFormatOptions = {
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
};

const pad = (n: number) => String(n).padStart(2, "0");

/** How an instant becomes wall-clock text in a zone: `inZone`, or a cached version of it. */
export type ZonedTime = (instant: string, zone: string) => string;

/**
 * An instant as wall-clock time with offset in a zone, e.g. 2026-11-03T19:00:00+01:00. Same
 * output as Temporal's `toZonedDateTimeISO(zone).toString({ timeZoneName: "never", smallestUnit:
 * "second" })`, through a cached Intl formatter per zone: the Temporal polyfill was a large part
 * of a page. Pure; the calendar API keeps its answers in the node's cache (`ZonedTime`).
 */
export function inZone(instant: string, zone: string): string {
  const epochMs = Date.parse(instant);
  const seconds = Math.floor(epochMs / 1000) * 1000;
  const fields: Record<string, number> = {};
  try {
    for (const part of dateTimeFormat("en-US", { ...WALL_CLOCK, timeZone: zone }).formatToParts(epochMs))
      if (part.type !== "literal") fields[part.type] = Number(part.value);
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
export function eventJson(event: CantineEvent, zoned: ZonedTime = inZone) {
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
    localStart: zoned(event.startsAt, event.timezone),
    localEnd: event.endsAt ? zoned(event.endsAt, event.timezone) : null,
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
