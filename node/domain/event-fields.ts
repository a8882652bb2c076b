import type { CantineEvent, EventInput } from "./event.ts";
import { renderMarkdown } from "./rich-text.ts";
import { localDateOf } from "./time.ts";
import { ValidationError } from "./errors.ts";
import { normalizeEventInput } from "./validate-event.ts";
import type { NormalizedEvent } from "./validate-event.ts";

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
    image: event.image ?? undefined,
    language: event.language ?? undefined,
    status: event.status,
    capacity: event.capacity ?? undefined,
    registrationUrl: event.registrationUrl ?? undefined,
    category: event.category ?? undefined,
  });
}

function strip<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Validates an event input against the venue's defaults, or throws the list of problems. */
export function normalizeOrThrow(deps: { venue: { timezone: string }; now: () => Date }, input: unknown): NormalizedEvent {
  const result = normalizeEventInput(input, { timezone: deps.venue.timezone, now: Temporal.Instant.from(deps.now().toISOString()) });
  if (!result.ok) throw new ValidationError(result.problems);
  return result.value;
}
