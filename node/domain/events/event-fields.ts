import type { FieldProblem } from "../errors.ts";
import { ValidationError } from "../errors.ts";
import type { CheckedInput, Normalized } from "../input.ts";
import { describeUpload } from "../media/banner.ts";
import type { ImageCatalog } from "../media/image.ts";
import { renderMarkdown } from "../rich-text.ts";
import { localDateOf } from "../time.ts";
import type { CantineEvent, EventImage, EventInput, EventLocation } from "./event.ts";
import type { NormalizedEvent } from "./validate-event.ts";
import { normalizeEventInput } from "./validate-event.ts";

export type EventIdentity = Pick<CantineEvent, "id" | "apId" | "url" | "actorId" | "publishedAt" | "updatedAt" | "sequence" | "seriesId" | "detached"> & {
  occurrenceDate?: string | null;
};

/** A local event from validated input and its identity (ids, times of publication, series link). */
export function buildEvent(input: NormalizedEvent, identity: EventIdentity, times?: { startsAt: string; endsAt: string | null }): CantineEvent {
  return {
    ...identity,
    occurrenceDate: identity.occurrenceDate ?? null,
    local: true,
    title: input.title,
    description: input.description,
    descriptionHtml: input.description ? renderMarkdown(input.description) : "",
    startsAt: times?.startsAt ?? input.startsAt,
    endsAt: times ? times.endsAt : input.endsAt,
    timezone: input.timezone,
    allDay: input.allDay,
    location: input.location,
    organizer: input.organizer,
    tags: input.tags,
    image: input.image,
    language: input.language,
    status: input.status,
    capacity: input.capacity,
    registrationUrl: input.registrationUrl,
    category: input.category,
    participation: input.participation,
  };
}

/**
 * The operator input an event stands for, so that a PATCH can be merged and validated again:
 * instants come back with `Z`, all-day events as dates with an inclusive last day.
 */
export function eventToInput(event: CantineEvent): EventInput {
  const dates = event.allDay
    ? {
        startsAt: localDateOf(event.startsAt, event.timezone),
        endsAt: event.endsAt ? localDateOf(new Date(Date.parse(event.endsAt) - 1).toISOString(), event.timezone) : undefined,
      }
    : { startsAt: event.startsAt, endsAt: event.endsAt ?? undefined };
  return strip({
    title: event.title,
    description: event.description ?? undefined,
    ...dates,
    timezone: event.timezone,
    allDay: event.allDay,
    location: event.location ?? undefined,
    organizer: event.organizer ?? undefined,
    tags: event.tags,
    // Only what an operator gives: an upload's size and blurhash are filled in again from the file.
    image: event.image ? strip({ url: event.image.url, alt: event.image.alt, mediaType: event.image.mediaType }) : undefined,
    language: event.language ?? undefined,
    status: event.status,
    capacity: event.capacity ?? undefined,
    registrationUrl: event.registrationUrl ?? undefined,
    category: event.category ?? undefined,
    participation: event.participation ?? undefined,
  });
}

function strip<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

type VenueDefaults = { venue: { timezone: string; name?: string; address?: string }; now: () => Date; images?: ImageCatalog };

/**
 * Where an event is when its location names a place (or a room) but gives no address and no
 * coordinates: at the venue. "Salle Ada" is a room of the cantine, not a place nobody can find:
 * it gets the venue's address (and the venue's name when only a room is given), so that pages
 * show the address and a map. An online-only location, or one with its own address, is kept.
 */
export function atVenue(location: EventLocation | null, venue: { name?: string; address?: string }): EventLocation | null {
  if (!location || !venue.address || location.address || (location.lat !== undefined && location.lon !== undefined)) return location;
  if (!location.name && !location.room) return location;
  return { ...location, name: location.name ?? venue.name, address: venue.address };
}

/** An image that is one of our uploads gets its real facts; an upload needs its alt text. */
function withUploadFacts(image: EventImage | null, images: ImageCatalog | undefined): EventImage | null | { problem: FieldProblem } {
  if (!image || !images) return image;
  return describeUpload(image, images);
}

/** Validates an event input against the venue's defaults: the event, or every problem. */
export function normalizeForVenue(deps: VenueDefaults, input: CheckedInput<EventInput>): Normalized<NormalizedEvent> {
  const result = normalizeEventInput(input, { timezone: deps.venue.timezone, now: Temporal.Instant.from(deps.now().toISOString()) });
  if (!result.ok) return result;
  const image = withUploadFacts(result.value.image, deps.images);
  if (image && "problem" in image) return { ok: false, problems: [image.problem] };
  return { ok: true, value: { ...result.value, image, location: atVenue(result.value.location, deps.venue) } };
}

/** Validates an event input against the venue's defaults, or throws the list of problems. */
export function normalizeOrThrow(deps: VenueDefaults, input: CheckedInput<EventInput>): NormalizedEvent {
  const result = normalizeForVenue(deps, input);
  if (!result.ok) throw new ValidationError(result.problems);
  return result.value;
}
