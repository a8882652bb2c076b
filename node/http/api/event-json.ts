import type { CantineEvent } from "../../domain/events/event.ts";
import { participationMode } from "../../domain/participation/modes.ts";
import type { Project } from "../../domain/projects/project.ts";
import { offsetDateTime } from "../../domain/wall-clock.ts";

/** How an instant becomes wall-clock text in a zone: `inZone`, or a cached version of it. */
export type ZonedTime = (instant: string, zone: string) => string;

/** An instant as wall-clock time with offset in a zone, e.g. 2026-11-03T19:00:00+01:00 (`offsetDateTime`). */
export function inZone(instant: string, zone: string): string {
  return offsetDateTime(Date.parse(instant), zone);
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
