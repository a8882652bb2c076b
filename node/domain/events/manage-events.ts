import { ConflictError, GoneError, NotFoundError, ValidationError } from "../errors.ts";
import type { CheckedInput, InputChange } from "../input.ts";
import { allProblems } from "../input.ts";
import type { PublishingDeps } from "../publishing/publishing.ts";
import { commitAndAnnounce, eventPublication, newEventPublications, nextUpdated } from "../publishing/publishing.ts";
import { renderMarkdown } from "../rich-text.ts";
import type { CantineEvent, EventInput } from "./event.ts";
import { buildEvent, eventToInput, normalizeForVenue, normalizeOrThrow } from "./event-fields.ts";
import type { SeriesResult } from "./manage-series.ts";
import { createSeries } from "./manage-series.ts";

export type CreatedEvent = { event: CantineEvent; series: SeriesResult | null };

/**
 * Publishes a new event (Create to every follower). With a `recurrence` it starts a series:
 * each occurrence within the horizon becomes an event of its own.
 */
export function publishEvent(deps: PublishingDeps, checked: CheckedInput<EventInput>): CreatedEvent {
  const normalized = normalizeOrThrow(deps, checked);
  if (normalized.recurrence) {
    const series = createSeries(deps, checked.input as EventInput, normalized);
    return { event: series.occurrences[0]!, series };
  }
  const id = deps.newId();
  const now = deps.now().toISOString();
  const event = buildEvent(normalized, {
    id,
    apId: deps.uris.event(id),
    url: deps.uris.event(id),
    actorId: deps.uris.actor,
    publishedAt: now,
    updatedAt: now,
    sequence: 0,
    seriesId: null,
    detached: false,
  });
  commitAndAnnounce(deps, () => {
    deps.events.insert(event);
    return newEventPublications(deps, event);
  });
  return { event, series: null };
}

/** A live local event, or the error an operator should see. */
export function localEvent(deps: PublishingDeps, id: string): CantineEvent {
  const stored = deps.events.get(id);
  if (!stored?.value.local) throw new NotFoundError("event", id);
  if (stored.deletedAt) throw new GoneError("event", id);
  return stored.value;
}

/**
 * Edits one event (Update with a later `updated`). Editing one occurrence of a series detaches
 * it: later edits of the series leave it as the operator set it. `change` makes the edited input
 * from the current one (at the edge: a PATCH merged and checked against the schema).
 */
export function updateEvent(deps: PublishingDeps, id: string, change: InputChange<EventInput>): CantineEvent {
  const current = localEvent(deps, id);
  const changed = change(eventToInput(current));
  // Every problem is named at once: a rule is asked for (the current input has none), then the edge's, then the domain's.
  const { recurrence, ...single } = changed.input;
  const refused =
    recurrence !== undefined || changed.problems.some((p) => p.field === "recurrence")
      ? [
          {
            field: "recurrence",
            message: current.seriesId ? "edit the series to change its rule" : "cannot turn a single event into a series; create a new event with a recurrence",
          },
        ]
      : [];
  const normalized = normalizeForVenue(deps, { input: single, problems: allProblems(refused, changed.problems) });
  if (!normalized.ok) throw new ValidationError(normalized.problems);
  return saveChange(deps, buildEvent(normalized.value, { ...current, ...changeStamp(deps, current) }));
}

/** A change's bookkeeping: a later `updated`, the next ICS SEQUENCE, detached from its series. */
function changeStamp(deps: PublishingDeps, current: CantineEvent) {
  return { updatedAt: nextUpdated(current.updatedAt, deps.now()), sequence: current.sequence + 1, detached: current.seriesId !== null };
}

/** Stores a changed event and its Update in one transaction, then announces it. */
function saveChange(deps: PublishingDeps, event: CantineEvent): CantineEvent {
  commitAndAnnounce(deps, () => {
    deps.events.update(event);
    return [eventPublication(deps, "Update", event)];
  });
  return event;
}

const MAX_CANCEL_MESSAGE = 2000;

/**
 * Cancels an event: it stays in calendars, marked cancelled, and followers get an Update saying so.
 * An operator's message (why, what next) goes at the top of the description, where every server
 * that shows the description shows it.
 */
export function cancelEvent(deps: PublishingDeps, id: string, options: { message?: string } = {}): CantineEvent {
  const current = localEvent(deps, id);
  if (current.status === "cancelled") throw new ConflictError(`event "${id}" is already cancelled`);
  const message = options.message?.trim() ?? "";
  if (message.length > MAX_CANCEL_MESSAGE)
    throw new ValidationError([{ field: "message", message: `must be at most ${MAX_CANCEL_MESSAGE} characters (got ${message.length})` }]);
  const description = message ? [message, current.description].filter(Boolean).join("\n\n") : current.description;
  const descriptionHtml = message ? renderMarkdown(description!) : current.descriptionHtml;
  return saveChange(deps, { ...current, status: "cancelled", description, descriptionHtml, ...changeStamp(deps, current) });
}

/** Deletes an event: followers get a Delete, its URL answers 410 and its id is never reused. */
export function deleteEvent(deps: PublishingDeps, id: string): void {
  const current = localEvent(deps, id);
  commitAndAnnounce(deps, () => {
    deps.events.markDeleted(id, deps.now().toISOString());
    return [eventPublication(deps, "Delete", current)];
  });
}
