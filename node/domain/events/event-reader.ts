// The field reader: an event input whose shapes the edge has checked (schemas/event-input.schema.json)
// → typed, clean fields. Text trimmed and in NFC, blank optional text absent, tags as Mastodon links
// them, defaults left to the rules (validate-event.ts), which know the venue.
import type { FieldProblem } from "../errors.ts";
import type { Json } from "../input.ts";
import { compact, lineOf, readTags, textOf } from "../input.ts";
import type { ParticipationMode } from "../participation/modes.ts";
import type { EventCategory } from "./categories.ts";
import type { EventImage, EventInput, EventLocation } from "./event.ts";
import { EventStatus } from "./event.ts";

/** The fields of an event input, read. Required fields may be absent only when the edge named them. */
export type EventFields = Readonly<{
  title?: string;
  description?: string;
  startsAt?: string;
  endsAt?: string;
  /** As written; validate-event.ts resolves it (or the venue's zone). */
  timezone?: string;
  allDay?: boolean;
  location: EventLocation | null;
  organizer?: string;
  tags: string[];
  image: EventImage | null;
  language?: string;
  status: EventStatus;
  capacity?: number;
  registrationUrl?: string;
  category?: EventCategory;
  participation?: ParticipationMode;
  recurrence?: string;
}>;

/** Reads the fields that passed the schema; `problems` gets what only the clean value shows (tags). */
export function readEventFields(input: Partial<EventInput>, problems: FieldProblem[]): EventFields {
  return {
    title: lineOf(input.title),
    description: textOf(input.description),
    startsAt: lineOf(input.startsAt),
    endsAt: lineOf(input.endsAt),
    timezone: lineOf(input.timezone),
    allDay: input.allDay,
    location: readLocation(input.location),
    organizer: lineOf(input.organizer),
    tags: readTags(input.tags, problems),
    image: readImage(input.image),
    language: lineOf(input.language),
    status: input.status ?? EventStatus.scheduled,
    capacity: input.capacity,
    registrationUrl: lineOf(input.registrationUrl),
    category: input.category as EventCategory | undefined,
    participation: input.participation,
    recurrence: lineOf(input.recurrence),
  };
}

function readLocation(raw: EventLocation | undefined): EventLocation | null {
  if (!raw) return null;
  const location = compact({
    name: lineOf(raw.name),
    address: lineOf(raw.address),
    room: lineOf(raw.room),
    lat: raw.lat,
    lon: raw.lon,
    url: lineOf(raw.url),
  });
  return Object.keys(location).length > 0 ? location : null;
}

/** An image as an operator gives it: url, alt text, media type (an upload's other facts come later). */
export function readImage(raw: Json | EventImage | undefined): EventImage | null {
  const url = lineOf(raw?.url as string | undefined);
  if (!url) return null;
  return { url, ...compact({ alt: textOf(raw?.alt as string | undefined), mediaType: lineOf(raw?.mediaType as string | undefined) }) };
}
